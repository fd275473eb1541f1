import { assert, describe, expect, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import { firstRequest } from "@userkit/testkit/FirstRequest"
import * as Errors from "@userkit/tiledb/Errors"
import type * as Models from "@userkit/tiledb/Models"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import {
  apiKey,
  awsSecret,
  basicPassword,
  basicUsername,
  mockLayer,
  type Sample,
  samples,
  userPassword
} from "./support.js"

const answerWith = (response: () => Response) => [MockHttpClient.route("*", "*", response)]

const basicHeader = `Basic ${Buffer.from(`${basicUsername}:${basicPassword}`).toString("base64")}`

describe("request shapes", () => {
  for (const [name, sample] of Object.entries<Sample>(samples)) {
    it.effect(`${name}: ${sample.method} ${sample.path}${sample.search ?? ""}`, () =>
      Effect.gen(function*() {
        const users = yield* TileDBUsers.TileDBUsers
        yield* sample.call(users)
        const requests = yield* MockHttpClient.requests
        assert.strictEqual(requests.length, 1)
        const [request] = requests
        assert.strictEqual(request.method, sample.method)
        assert.strictEqual(request.url.origin, "https://api.tiledb.com")
        assert.strictEqual(request.path, sample.path)
        assert.strictEqual(request.url.search, sample.search ?? "")
        assert.strictEqual(request.headers["accept"], "application/json")
        assert.strictEqual(
          request.headers["x-tiledb-rest-api-key"],
          sample.authenticated === false ? undefined : apiKey
        )
        assert.strictEqual(request.headers["authorization"], undefined)
        if (sample.body === undefined) {
          assert.strictEqual(request.body, undefined)
        } else {
          assert.strictEqual(request.headers["content-type"], "application/json")
          assert.deepStrictEqual(JSON.parse(request.body ?? ""), sample.body)
        }
      }).pipe(Effect.provide(mockLayer(answerWith(sample.response)))))
  }

  const basicAuth = (sample: Sample) =>
    mockLayer(answerWith(sample.response), { username: basicUsername, password: Redacted.make(basicPassword) })

  // Under Basic auth the credentials go with every operation but createUser, which TileDB serves unauthenticated.
  const underBasic: ReadonlyArray<readonly [string, keyof typeof samples, string | undefined]> = [
    ["sends HTTP Basic from a username and a Redacted password", "getUser", basicHeader],
    ["sends createUser without credentials under Basic auth too", "createUser", undefined]
  ]
  for (const [title, name, authorization] of underBasic) {
    it.effect(title, () =>
      Effect.gen(function*() {
        yield* samples[name].call(yield* TileDBUsers.TileDBUsers)
        const [request] = yield* MockHttpClient.requests
        assert.strictEqual(request.headers["authorization"], authorization)
        assert.strictEqual(request.headers["x-tiledb-rest-api-key"], undefined)
      }).pipe(Effect.provide(basicAuth(samples[name]))))
  }

  it.effect("uses a given base URL, trailing slash or not", () =>
    Effect.gen(function*() {
      const request = yield* firstRequest(TileDBUsers.TileDBUsers, (users) => users.getUser())
      assert.strictEqual(request.url.href, "http://127.0.0.1:9999/proxy/v1/user")
    }).pipe(
      Effect.provide(
        mockLayer(answerWith(samples.getUser.response), {
          apiKey: Redacted.make(apiKey),
          baseUrl: "http://127.0.0.1:9999/proxy/v1/"
        })
      )
    ))

  it.effect("leaves the read-only fields of a decoded User and AWS credentials out of the body", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const user: Models.User = {
        id: "u-1",
        username: "ada",
        email: "ada@example.com",
        is_valid_email: true,
        stripe_connect: false,
        organizations: [{ organization_name: "org", role: "owner" }],
        enabled_features: ["beta"],
        unpaid_subscription: false,
        allowed_actions: ["read"]
      }
      yield* users.updateUser("ada", user)
      const credentials: Models.AWSAccessCredentials = {
        name: "main",
        access_key_id: "AKIA1",
        created_at: new Date("2024-01-01T00:00:00Z"),
        updated_at: new Date("2024-01-02T00:00:00Z")
      }
      yield* users.updateAwsAccessCredentials("ns", "main", credentials)
      const [userRequest, credentialsRequest] = yield* MockHttpClient.requests
      assert.deepStrictEqual(JSON.parse(userRequest.body ?? ""), {
        id: "u-1",
        username: "ada",
        email: "ada@example.com",
        allowed_actions: ["read"]
      })
      assert.deepStrictEqual(JSON.parse(credentialsRequest.body ?? ""), { name: "main", access_key_id: "AKIA1" })
    }).pipe(Effect.provide(mockLayer(answerWith(() => MockHttpClient.empty(204))))))

  it.effect("sends remember_me=false, and no query without options", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      yield* users.getSession({ rememberMe: false })
      yield* users.getSession()
      const [withFlag, without] = yield* MockHttpClient.requests
      assert.strictEqual(withFlag.url.search, "?remember_me=false")
      assert.strictEqual(without.url.search, "")
    }).pipe(Effect.provide(mockLayer(answerWith(() => MockHttpClient.json(200, {}))))))

  it.effect("requestToken() asks for TileDB's defaults with an empty TokenRequest", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      yield* users.requestToken()
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.body, "{}")
    }).pipe(Effect.provide(mockLayer(answerWith(() => MockHttpClient.json(200, {}))))))
})

describe("validation before sending", () => {
  const rejected = (
    call: (users: TileDBUsers.TileDBUsersService) => Effect.Effect<unknown, { readonly _tag: string }>,
    paths: ReadonlyArray<string>,
    hidden: ReadonlyArray<string>
  ) =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const error = yield* Effect.flip(call(users))
      if (!(error instanceof Errors.RequestValidationError)) return assert.fail(error._tag)
      assert.deepStrictEqual(error.issues.map((issue) => issue.path), paths)
      for (const value of hidden) {
        expect(JSON.stringify(error)).not.toContain(value)
        expect(String(error)).not.toContain(value)
      }
      assert.deepStrictEqual(yield* MockHttpClient.requests, [])
      return error
    }).pipe(Effect.provide(mockLayer([])))

  it.effect("checks the username pattern and length", () =>
    Effect.gen(function*() {
      for (const username of ["", "has space", "slash/", "ümlaut", "x".repeat(64)]) {
        const error = yield* rejected((users) => users.createUser({ username }), ["body.username"], [])
        assert.include(error.message, "body.username: expected a username of 1 to 63 letters")
      }
      yield* rejected((users) => users.updateUser("ada", { username: "bad name" }), ["body.username"], ["bad name"])
    }))

  it.effect("accepts the longest valid username", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      yield* users.createUser({ username: "a".repeat(63) })
      yield* users.createUser({ username: "A_b.c-9" })
      assert.strictEqual((yield* MockHttpClient.requests).length, 2)
    }).pipe(Effect.provide(mockLayer(answerWith(() => MockHttpClient.empty(204))))))

  it.effect("checks the password length without echoing the Redacted password", () =>
    Effect.gen(function*() {
      const short = "pw-7chr"
      const error = yield* rejected(
        (users) => users.createUser({ username: "ada", password: Redacted.make(short) }),
        ["body.password"],
        [short]
      )
      assert.strictEqual(
        error.message,
        "TileDB.createUser: invalid request: body.password: expected a password of at least 8 characters"
      )
      yield* rejected(
        (users) => users.resetUserPassword({ password: Redacted.make(short) }),
        ["body.password"],
        [short]
      )
      yield* rejected(
        (users) => users.updateUser("ada", { username: "bad name", password: Redacted.make(short) }),
        ["body.username", "body.password"],
        [short, "bad name"]
      )
    }))

  it.effect("rejects an empty name, an invalid date and ids that cannot be one path segment", () =>
    Effect.gen(function*() {
      yield* rejected((users) => users.createUser({ username: "ada", name: "" }), ["body.name"], [])
      yield* rejected((users) => users.requestToken({ expires: new Date(Number.NaN) }), ["body.expires"], [])
      yield* rejected((users) => users.getUserWithUsername(".."), ["params.username"], [])
      yield* rejected(
        (users) => users.checkAwsAccessCredentialsByName(".", ""),
        ["params.namespace", "params.name"],
        []
      )
    }))

  it.effect("never echoes an AWS secret key or a user password of a rejected body", () =>
    Effect.gen(function*() {
      yield* rejected(
        (users) => users.addAwsAccessCredentials("..", { name: "main", secret_access_key: Redacted.make(awsSecret) }),
        ["params.namespace"],
        [awsSecret]
      )
      yield* rejected(
        (users) => users.createUser({ username: "bad name", password: Redacted.make(userPassword) }),
        ["body.username"],
        [userPassword]
      )
    }))
})

describe("properties", () => {
  it.effect.prop(
    "any id stays one path segment of its route and arrives unchanged",
    [FastCheck.string({ unit: "binary", minLength: 1 }).filter((id) => id !== "." && id !== "..")],
    ([id]) =>
      Effect.gen(function*() {
        const users = yield* TileDBUsers.TileDBUsers
        yield* users.getOrganizationUser(id, id)
        const [request] = yield* MockHttpClient.requests
        assert.deepStrictEqual(request.params, { organization: id, username: id })
        assert.strictEqual(request.path.split("/").length, 5)
        assert.strictEqual(request.url.search, "")
      }).pipe(Effect.provide(mockLayer([
        MockHttpClient.route("GET", "/v1/organizations/{organization}/{username}", () => MockHttpClient.json(200, {}))
      ]))),
    { fastCheck: { numRuns: 100 }, timeout: 30_000 }
  )

  it.effect.prop(
    "a hostile success or error body is a typed failure, never a defect",
    [
      FastCheck.oneof(FastCheck.string(), FastCheck.jsonValue().map((value) => JSON.stringify(value))),
      FastCheck
        .constantFrom(200, 404, 409, 418, 502)
    ],
    ([text, status]) =>
      Effect.gen(function*() {
        const users = yield* TileDBUsers.TileDBUsers
        const exit = yield* Effect.exit(users.getUser())
        if (Exit.isFailure(exit)) assert.isTrue(Cause.isFailType(exit.cause), String(exit.cause))
      }).pipe(Effect.provide(mockLayer(answerWith(() => MockHttpClient.text(status, text))))),
    { fastCheck: { numRuns: 100 }, timeout: 30_000 }
  )
})
