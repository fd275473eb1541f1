import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Failures from "@userkit/testkit/Failures"
import * as Fake from "@userkit/tiledb/Fake"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { awsSecret, userPassword } from "./support.js"

// The fake on a real loopback port and the real fetch transport: encoding, headers, bodies, statuses
// and 204s all cross an actual socket.
const overSockets = <A, E>(
  use: (
    client: (options: TileDBUsers.Options) => Effect.Effect<TileDBUsers.TileDBUsersService, never, Scope.Scope>,
    baseUrl: string
  ) => Effect.Effect<A, E, Scope.Scope>
) =>
  Effect.gen(function*() {
    const fake = yield* Fake.make()
    const listening = yield* fake.serve()
    const baseUrl = listening.baseUrl
    const client = (options: TileDBUsers.Options) =>
      TileDBUsers.make({ ...options, baseUrl, retry: false, rateLimit: false }).pipe(
        Effect.provide(FetchHttpClient.layer)
      )
    return yield* use(client, baseUrl)
  }).pipe(Effect.scoped)

describe("over real sockets", () => {
  it.live("signs up, authenticates by password and by key, and round-trips every kind of body", () =>
    overSockets((client) =>
      Effect.gen(function*() {
        const owner = yield* client({ apiKey: Redacted.make(Fake.defaultApiKey) })
        yield* owner.createUser({ username: "ada.l", password: Redacted.make(userPassword), email: "ada@x.io" })
        const ada = yield* client({ username: "ada.l", password: Redacted.make(userPassword) })
        assert.strictEqual((yield* ada.getUser()).email, "ada@x.io")

        const token = yield* ada.requestToken({ name: "ci", scope: ["user:read"] })
        assert.instanceOf(token.expires_at, Date)
        if (token.token === undefined) return assert.fail("no token")
        const viaToken = yield* client({ apiKey: token.token })
        assert.strictEqual((yield* viaToken.getUser()).username, "ada.l")
        assert.strictEqual((yield* viaToken.getSession({ rememberMe: true })).name, "session")

        yield* ada.addAwsAccessCredentials("ada.l", { name: "key/1 ?#", secret_access_key: Redacted.make(awsSecret) })
        const credentials = yield* ada.checkAwsAccessCredentialsByName("ada.l", "key/1 ?#")
        assert.strictEqual(credentials.name, "key/1 ?#")
        assert.strictEqual(credentials.secret_access_key, undefined)

        yield* owner.addUserToOrganization(Fake.defaultOrganization, { username: "ada.l", role: "read_only" })
        assert.strictEqual((yield* owner.getOrganizationUser(Fake.defaultOrganization, "ada.l")).role, "read_only")
      })
    ))

  it.live("carries typed failures: 404 NotFound, 409 Conflict, 401 Unauthorized, with the Error body", () =>
    overSockets((client) =>
      Effect.gen(function*() {
        const owner = yield* client({ apiKey: Redacted.make(Fake.defaultApiKey) })
        const missing = yield* Failures.tagged(owner.getUserWithUsername("a/../../user"), "NotFound")
        assert.strictEqual(missing.body?.message, "user a/../../user does not exist")
        const taken = yield* Effect.flip(owner.createUser({ username: Fake.defaultUsername }))
        assert.strictEqual(taken._tag, "Conflict")
        const stranger = yield* client({ username: Fake.defaultUsername, password: Redacted.make("not the password") })
        const denied = yield* Effect.flip(stranger.getUser())
        assert.strictEqual(denied._tag, "Unauthorized")
        expect(JSON.stringify(denied)).not.toContain("not the password")
      })
    ))

  it.scopedLive("a closed port is a TransportError", () =>
    Effect.gen(function*() {
      const baseUrl = yield* overSockets((_, url) => Effect.succeed(url))
      const users = yield* TileDBUsers.make({ apiKey: Redacted.make("k"), baseUrl, retry: false, rateLimit: false })
        .pipe(
          Effect.provide(FetchHttpClient.layer)
        )
      const error = yield* Effect.flip(users.getUser())
      assert.strictEqual(error._tag, "TransportError")
    }))
})
