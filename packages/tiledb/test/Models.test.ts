import { assert, describe, expect, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Testing from "@userkit/core/Testing"
import * as Failures from "@userkit/testkit/Failures"
import { roundTripSuite } from "@userkit/testkit/RoundTripSuite"
import type * as Api from "@userkit/tiledb/Api"
import type * as Errors from "@userkit/tiledb/Errors"
import * as Models from "@userkit/tiledb/Models"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { inspect } from "node:util"
import { awsSecret, mockLayer, userPassword } from "./support.js"

const respond = (body: unknown) => mockLayer([MockHttpClient.route("*", "*", () => MockHttpClient.json(200, body))])

// The issue of the ResponseDecodeError a call fails with when the server answers 200 with `body`.
const decodeIssue = (
  call: (users: TileDBUsers.TileDBUsersService) => Effect.Effect<unknown, Errors.TileDBFailure<Api.OperationName>>,
  body: unknown
) =>
  Effect.flatMap(TileDBUsers.TileDBUsers, (users) => Failures.tagged(call(users), "ResponseDecodeError")).pipe(
    Effect.map((error) => error.issue),
    Effect.provide(respond(body))
  )

describe("decoding", () => {
  it.effect("reads date-time fields as Dates, keeps unknown enum values, drops unknown fields", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const token = yield* users.getSession()
      assert.deepStrictEqual(token.issued_at, new Date("2024-05-01T10:00:00Z"))
      assert.deepStrictEqual(token.expires_at, new Date("2024-05-01T10:30:00.5+02:00"))
      assert.deepStrictEqual(token.scope, ["*", "workspace:admin"])
      assert.strictEqual(token.name, "session")
      assert.isTrue(token.token !== undefined && Redacted.value(token.token) === "tok-1")
      assert.deepStrictEqual(Object.keys(token).sort(), ["expires_at", "issued_at", "name", "scope", "token"])
    }).pipe(Effect.provide(respond({
      token: "tok-1",
      name: "session",
      issued_at: "2024-05-01T10:00:00Z",
      expires_at: "2024-05-01T10:30:00.5+02:00",
      scope: ["*", "workspace:admin"],
      workspace: "new field"
    }))))

  it.effect("reads a user with nulls as absent, unknown roles and actions, and nested memberships", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const user = yield* users.getUser()
      assert.deepStrictEqual(user, {
        id: "u-1",
        username: "ada",
        is_valid_email: true,
        enabled_features: ["notebooks"],
        allowed_actions: ["read", "approve_invoices"],
        organizations: [{ organization_name: "org", role: "billing_manager", allowed_actions: ["edit_billing"] }],
        asset_locations: { arrays: { path: "s3://b/arrays" }, udfs: {} }
      })
    }).pipe(Effect.provide(respond({
      id: "u-1",
      username: "ada",
      logo: null,
      email: null,
      is_valid_email: true,
      enabled_features: ["notebooks"],
      allowed_actions: ["read", "approve_invoices"],
      organizations: [{ organization_name: "org", role: "billing_manager", allowed_actions: ["edit_billing"] }],
      asset_locations: { arrays: { path: "s3://b/arrays", credentials_name: null }, udfs: { path: null } },
      workspaces: [{ id: 1 }]
    }))))

  it.effect("reads AWS credentials with read-only dates", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const [credentials] = yield* users.checkAwsAccessCredentials("ns")
      assert.deepStrictEqual(credentials, {
        name: "main",
        default: true,
        buckets: ["s3://b/"],
        created_at: new Date("2024-01-01T00:00:00Z"),
        updated_at: new Date("2024-02-01T00:00:00Z")
      })
    }).pipe(Effect.provide(respond([{
      name: "main",
      default: true,
      buckets: ["s3://b/"],
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-02-01T00:00:00Z"
    }]))))

  it.effect("fails with ResponseDecodeError on a malformed date or a missing username", () =>
    Effect.map(decodeIssue((users) => users.getSession(), { issued_at: "yesterday" }), (issue) => {
      assert.include(issue, "issued_at")
    }))

  it.effect("names the failing field of a user without its value", () =>
    Effect.map(decodeIssue((users) => users.getUser(), { name: "Ada" }), (issue) => {
      assert.strictEqual(issue, "username: expected a value (it is missing)")
    }))
})

describe("round trips", () => {
  roundTripSuite(Models)
  it("TokenScope[] encodes and decodes to the same value", () =>
    Testing.assertRoundTrip(Schema.Array(Models.TokenScope)))
})

describe("secrets in models", () => {
  const user = Schema.decodeUnknownSync(Models.User)({ username: "ada", password: userPassword })
  const credentials = Schema.decodeUnknownSync(Models.AWSAccessCredentials)({
    name: "main",
    secret_access_key: awsSecret
  })
  const token = Schema.decodeUnknownSync(Models.Token)({ token: "tok-secret-1", name: "ci" })
  const request: Models.UserRequest = { username: "ada", password: Redacted.make(userPassword) }

  it("prints <redacted> for a password, an AWS secret key and a token, in JSON, inspect and String", () => {
    for (
      const [model, secret] of [[user, userPassword], [credentials, awsSecret], [token, "tok-secret-1"], [
        request,
        userPassword
      ]] as const
    ) {
      expect(JSON.stringify(model)).not.toContain(secret)
      expect(inspect(model, { depth: 10 })).not.toContain(secret)
      expect(String(Object.values(model))).not.toContain(secret)
      expect(JSON.stringify(model)).toContain("<redacted>")
    }
    assert.strictEqual(JSON.stringify(credentials), "{\"name\":\"main\",\"secret_access_key\":\"<redacted>\"}")
  })

  it("still holds the secret for the wire", () => {
    assert.strictEqual(user.password === undefined ? undefined : Redacted.value(user.password), userPassword)
    assert.deepStrictEqual(Schema.encodeSync(Models.UserRequest)(request), { username: "ada", password: userPassword })
  })
})
