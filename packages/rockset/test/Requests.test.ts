import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Failures from "@userkit/testkit/Failures"
import * as Effect from "effect/Effect"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { apiKey, mocked } from "./helpers.js"

const userJson = { email: "ada@example.com", roles: ["member"], state: "ACTIVE" }

// Answers every request with a body each operation accepts, so only the request is under test.
const echo = mocked([
  MockHttpClient.route("GET", "/v1/orgs/self/users", () => MockHttpClient.json(200, { data: [userJson] })),
  MockHttpClient.route("POST", "/v1/orgs/self/users", () => MockHttpClient.json(200, { data: userJson })),
  MockHttpClient.route("*", "/v1/orgs/self/users/self/preferences", () => MockHttpClient.json(200, { data: [] })),
  MockHttpClient.route("DELETE", "*", () => MockHttpClient.json(200, { data: userJson })),
  MockHttpClient.route("*", "*", () => MockHttpClient.json(200, userJson))
])

const lastRequest = Effect.map(MockHttpClient.requests, (requests) => requests[requests.length - 1])

describe("request shapes", () => {
  it.effect("create: POST /v1/orgs/self/users with the JSON body, key and content headers", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      yield* users.create({ email: "ada@example.com", roles: ["admin", "member"], first_name: "Ada" })
      const request = yield* lastRequest
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.url.href, "https://api.usw2a1.rockset.com/v1/orgs/self/users")
      assert.strictEqual(request.headers["authorization"], `ApiKey ${apiKey}`)
      assert.strictEqual(request.headers["accept"], "application/json")
      assert.strictEqual(request.headers["content-type"], "application/json")
      assert.deepStrictEqual(JSON.parse(request.body ?? ""), {
        email: "ada@example.com",
        roles: ["admin", "member"],
        first_name: "Ada"
      })
    }).pipe(Effect.provide(echo)))

  it.effect("get, update and delete percent-encode the email as one path segment", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      yield* users.get("ada+test@example.com")
      assert.strictEqual((yield* lastRequest).path, "/v1/orgs/self/users/ada%2Btest%40example.com")
      yield* users.update("ada@example.com", { roles: ["read-only"] })
      const update = yield* lastRequest
      assert.strictEqual(update.method, "POST")
      assert.strictEqual(update.path, "/v1/orgs/self/users/ada%40example.com")
      assert.deepStrictEqual(JSON.parse(update.body ?? ""), { roles: ["read-only"] })
      yield* users.delete("ada@example.com")
      const deletion = yield* lastRequest
      assert.strictEqual(deletion.method, "DELETE")
      assert.strictEqual(deletion.body, undefined)
      assert.strictEqual(deletion.headers["content-type"], undefined)
    }).pipe(Effect.provide(echo)))

  it.effect("a hostile id reaches the server as one percent-encoded segment", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      yield* users.get("a/../../admin?x=1#f")
      const request = yield* lastRequest
      assert.strictEqual(request.path, "/v1/orgs/self/users/a%2F..%2F..%2Fadmin%3Fx%3D1%23f")
      assert.strictEqual(request.url.search, "")
      assert.strictEqual(request.url.hash, "")
      assert.deepStrictEqual(request.params, {})
    }).pipe(Effect.provide(echo)))

  it.effect("`..` and an empty id are refused before sending", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      for (const id of ["..", ".", ""]) yield* Failures.tagged(users.delete(id), "RequestValidationError")
      assert.strictEqual((yield* MockHttpClient.requests).length, 0)
    }).pipe(Effect.provide(echo)))

  it.effect("a create without roles is refused before sending, naming the field", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      const request: { email: string; roles: ReadonlyArray<string> } = JSON.parse("{\"email\":\"ada@example.com\"}")
      const error = yield* Failures.tagged(users.create(request), "RequestValidationError")
      assert.deepStrictEqual(error.issues[0].path, "body.roles")
      assert.strictEqual((yield* MockHttpClient.requests).length, 0)
    }).pipe(Effect.provide(echo)))

  it.effect("the self routes and the preferences body", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      yield* users.getCurrentUser()
      assert.strictEqual((yield* lastRequest).path, "/v1/orgs/self/users/self")
      yield* users.listUnsubscribePreferences()
      assert.strictEqual((yield* lastRequest).path, "/v1/orgs/self/users/self/preferences")
      yield* users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] })
      const request = yield* lastRequest
      assert.strictEqual(request.method, "POST")
      assert.deepStrictEqual(JSON.parse(request.body ?? ""), { data: [{ notificationType: "create_apikey" }] })
      yield* users.list()
      assert.strictEqual((yield* lastRequest).url.href, "https://api.usw2a1.rockset.com/v1/orgs/self/users")
    }).pipe(Effect.provide(echo)))

  const regions: ReadonlyArray<RocksetUsers.Region> = ["usw2a1", "use1a1", "euc1a1", "apt2a1", "rs2"]
  for (const region of regions) {
    it.effect(`region ${region} → ${RocksetUsers.regionUrls[region]}`, () =>
      Effect.gen(function*() {
        yield* (yield* RocksetUsers.RocksetUsers).list()
        assert.strictEqual((yield* lastRequest).url.origin, RocksetUsers.regionUrls[region])
      }).pipe(Effect.provide(mocked([MockHttpClient.route("*", "*", () => MockHttpClient.json(200, {}))], { region }))))
  }

  it.effect("a custom base URL wins over the region, with or without a trailing slash", () =>
    Effect.gen(function*() {
      yield* (yield* RocksetUsers.RocksetUsers).get("ada@example.com")
      assert.strictEqual(
        (yield* lastRequest).url.href,
        "http://127.0.0.1:8080/proxy/v1/orgs/self/users/ada%40example.com"
      )
    }).pipe(Effect.provide(mocked([MockHttpClient.route("*", "*", () => MockHttpClient.json(200, userJson))], {
      region: "euc1a1",
      baseUrl: "http://127.0.0.1:8080/proxy/"
    }))))
})
