import * as Headers from "@effect/platform/Headers"
import { assert, describe, expect, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Failures from "@userkit/testkit/Failures"
import * as Fake from "@userkit/tiledb/Fake"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import { apiKey, mockLayer } from "./support.js"

const byKey = (key: string = Fake.defaultApiKey) =>
  TileDBUsers.make({ apiKey: Redacted.make(key), retry: false, rateLimit: false })
const byPassword = (username: string, password: string) =>
  TileDBUsers.make({ username, password: Redacted.make(password), retry: false, rateLimit: false })

/** A fresh fake, and the service over it as its first user. */
const withFake = <A, E>(
  use: (users: TileDBUsers.TileDBUsersService, fake: Fake.TileDBFake) => Effect.Effect<A, E, Scope.Scope>
) =>
  Effect.gen(function*() {
    const fake = yield* Fake.make()
    const users = yield* byKey().pipe(Effect.provide(fake.layer))
    return yield* use(users, fake)
  }).pipe(Effect.scoped)

describe("against the fake TileDB", () => {
  it.effect("signs a user up without credentials, then authenticates them by password", () =>
    withFake((owner, fake) =>
      Effect.gen(function*() {
        const anonymous = yield* byKey("no-such-key").pipe(Effect.provide(fake.layer))
        yield* anonymous.createUser({ username: "ada", password: Redacted.make("correct horse"), name: "Ada" })
        const ada = yield* byPassword("ada", "correct horse").pipe(Effect.provide(fake.layer))
        const me = yield* ada.getUser()
        assert.strictEqual(me.username, "ada")
        assert.strictEqual(me.name, "Ada")
        assert.strictEqual(me.password, undefined)
        assert.strictEqual(me.is_valid_email, false)
        yield* ada.confirmEmail()
        assert.strictEqual((yield* owner.getUserWithUsername("ada")).is_valid_email, true)
        assert.strictEqual((yield* owner.getUserWithUsername(me.id ?? "")).username, "ada")

        const wrong = yield* byPassword("ada", "wrong password").pipe(Effect.provide(fake.layer))
        const unauthorized = yield* Failures.tagged(wrong.getUser(), "Unauthorized")
        assert.strictEqual(unauthorized.body?.message, "invalid credentials")
        assert.strictEqual(unauthorized.body?.code, 401)
        const taken = yield* Effect.flip(
          anonymous.createUser({ username: "ada", password: Redacted.make("x".repeat(8)) })
        )
        assert.strictEqual(taken._tag, "Conflict")
      })
    ))

  it.scoped("rejects a wrong API key with 401 Unauthorized", () =>
    Effect.gen(function*() {
      const fake = yield* Fake.make()
      const users = yield* byKey("wrong-key").pipe(Effect.provide(fake.layer))
      const error = yield* Effect.flip(users.getUser())
      assert.strictEqual(error._tag, "Unauthorized")
    }))

  it.effect("updates a user, resets the password, and deletes the user", () =>
    withFake((owner, fake) =>
      Effect.gen(function*() {
        yield* owner.createUser({ username: "bob", password: Redacted.make("first password") })
        yield* owner.updateUser("bob", { username: "bob", company: "TileDB", timezone: "Europe/Athens" })
        const bob = yield* owner.getUserWithUsername("bob")
        assert.strictEqual(bob.company, "TileDB")
        assert.strictEqual(bob.timezone, "Europe/Athens")

        const asBob = yield* byPassword("bob", "first password").pipe(Effect.provide(fake.layer))
        yield* asBob.resetUserPassword({ password: Redacted.make("second password") })
        assert.strictEqual((yield* Effect.flip(asBob.getUser()))._tag, "Unauthorized")
        const again = yield* byPassword("bob", "second password").pipe(Effect.provide(fake.layer))
        assert.strictEqual((yield* again.getUser()).username, "bob")

        yield* owner.deleteUser("bob")
        assert.strictEqual((yield* Effect.flip(owner.getUserWithUsername("bob")))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(owner.deleteUser("bob")))._tag, "NotFound")
        assert.deepStrictEqual((yield* fake.users).map((user) => user.username), [Fake.defaultUsername])
      })
    ))

  it.effect("manages organization members", () =>
    withFake((owner) =>
      Effect.gen(function*() {
        const org = Fake.defaultOrganization
        yield* owner.createUser({ username: "carol", password: Redacted.make("carol's password"), email: "c@x.io" })
        yield* owner.addUserToOrganization(org, { username: "carol", role: "read_write" })
        const member = yield* owner.getOrganizationUser(org, "carol")
        assert.strictEqual(member.role, "read_write")
        assert.strictEqual(member.organization_name, org)
        assert.strictEqual(member.user_email, "c@x.io")
        assert.deepStrictEqual(member.allowed_actions, ["read", "write", "create", "edit"])
        assert.strictEqual(
          (yield* Effect.flip(owner.addUserToOrganization(org, { username: "carol" })))._tag,
          "Conflict"
        )

        yield* owner.updateUserInOrganization(org, "carol", { role: "admin" })
        assert.strictEqual((yield* owner.getOrganizationUser(org, "carol")).role, "admin")
        const carol = yield* owner.getUserWithUsername("carol")
        assert.deepStrictEqual(carol.organizations?.map((m) => [m.organization_name, m.role]), [[org, "admin"]])

        yield* owner.deleteUserFromOrganization(org, "carol")
        assert.strictEqual((yield* Effect.flip(owner.getOrganizationUser(org, "carol")))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(owner.getOrganizationUser("no-org", "carol")))._tag, "NotFound")
        assert.strictEqual(
          (yield* Effect.flip(owner.addUserToOrganization(org, { username: "nobody" })))._tag,
          "NotFound"
        )
      })
    ))

  it.effect("lists an organization's members, their emails to owners and admins only", () =>
    withFake((owner, fake) =>
      Effect.gen(function*() {
        const org = Fake.defaultOrganization
        yield* owner.createUser({ username: "dave", password: Redacted.make("dave's password"), email: "d@x.io" })
        yield* owner.addUserToOrganization(org, { username: "dave", role: "read_only" })
        const seen = yield* owner.getOrganization(org)
        assert.strictEqual(seen.name, org)
        assert.strictEqual(seen.role, "owner")
        assert.deepStrictEqual(seen.users?.map((member) => [member.username, member.user_email]), [
          [Fake.defaultUsername, "owner@userkit.dev"],
          ["dave", "d@x.io"]
        ])
        assert.strictEqual((yield* owner.getOrganization(seen.id ?? "")).name, org)
        const dave = yield* byPassword("dave", "dave's password").pipe(Effect.provide(fake.layer))
        const asMember = yield* dave.getOrganization(org)
        assert.strictEqual(asMember.role, "read_only")
        assert.deepStrictEqual(asMember.users?.map((member) => [member.username, member.user_email]), [
          [Fake.defaultUsername, undefined],
          ["dave", undefined]
        ])
        assert.strictEqual((yield* Effect.flip(owner.getOrganization("no-org")))._tag, "NotFound")
      })
    ))

  it.effect("issues, lists and revokes tokens, and accepts an issued token as an API key", () =>
    withFake((owner, fake) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(Date.parse("2025-01-01T00:00:00Z"))
        const token = yield* owner.requestToken({ name: "ci", scope: ["user:read"] })
        assert.strictEqual(token.name, "ci")
        assert.deepStrictEqual(token.issued_at, new Date("2025-01-01T00:00:00Z"))
        assert.deepStrictEqual(token.expires_at, new Date("2025-01-01T00:30:00Z"))
        assert.deepStrictEqual(token.scope, ["user:read"])
        const second = yield* owner.requestToken({ name: "ci", expires: new Date("2025-06-01T00:00:00Z") })
        assert.strictEqual(second.name, "ci-1")
        assert.deepStrictEqual(second.expires_at, new Date("2025-06-01T00:00:00Z"))
        const defaults = yield* owner.requestToken()
        assert.strictEqual(defaults.name, "token")
        assert.deepStrictEqual(defaults.scope, ["*"])

        const session = yield* owner.getSession({ rememberMe: true })
        assert.deepStrictEqual(session.expires_at, new Date("2025-01-31T00:00:00Z"))
        const short = yield* owner.getSession()
        assert.deepStrictEqual(short.expires_at, new Date("2025-01-01T00:30:00Z"))

        assert.deepStrictEqual((yield* owner.tokensGet()).map((t) => t.name), ["default", "ci", "ci-1", "token"])
        assert.deepStrictEqual((yield* owner.tokensSessionGet()).map((t) => t.name), ["session", "session-1"])
        // Listings never carry the tokens themselves.
        assert.isTrue((yield* owner.tokensGet()).every((t) => t.token === undefined))

        if (token.token === undefined) return assert.fail("no token")
        const viaToken = yield* TileDBUsers.make({ apiKey: token.token, retry: false, rateLimit: false }).pipe(
          Effect.provide(fake.layer)
        )
        assert.strictEqual((yield* viaToken.getUser()).username, Fake.defaultUsername)
        yield* owner.revokeToken(Redacted.value(token.token))
        assert.strictEqual((yield* Effect.flip(viaToken.getUser()))._tag, "Unauthorized")
        yield* owner.revokeToken("ci-1")
        assert.deepStrictEqual((yield* owner.tokensGet()).map((t) => t.name), ["default", "token"])
        assert.strictEqual((yield* Effect.flip(owner.revokeToken("ci-1")))._tag, "NotFound")
        assert.include(yield* owner.getTokenScopes(), "group:admin")
      })
    ))

  it.effect("stores AWS credentials per namespace and never returns the secret key", () =>
    withFake((owner, fake) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(Date.parse("2025-03-01T00:00:00Z"))
        const namespace = Fake.defaultOrganization
        yield* owner.addAwsAccessCredentials(namespace, {
          name: "main",
          access_key_id: "AKIA1",
          secret_access_key: Redacted.make("s3cr3t-key"),
          default: true
        })
        const stored = yield* fake.secretAccessKey(namespace, "main")
        assert.strictEqual(stored === undefined ? undefined : Redacted.value(stored), "s3cr3t-key")
        const read = yield* owner.checkAwsAccessCredentialsByName(namespace, "main")
        assert.deepStrictEqual(read, {
          name: "main",
          access_key_id: "AKIA1",
          default: true,
          created_at: new Date("2025-03-01T00:00:00Z"),
          updated_at: new Date("2025-03-01T00:00:00Z")
        })
        assert.strictEqual(
          (yield* Effect.flip(owner.addAwsAccessCredentials(namespace, { name: "main" })))._tag,
          "Conflict"
        )

        yield* TestClock.adjust(Duration.hours(1))
        yield* owner.addAwsAccessCredentials(namespace, { name: "backup", default: true })
        yield* owner.updateAwsAccessCredentials(namespace, "main", { buckets: ["s3://b/"] })
        const all = yield* owner.checkAwsAccessCredentials(namespace)
        assert.deepStrictEqual(all.map((c) => [c.name, c.default, c.buckets]), [
          ["main", false, ["s3://b/"]],
          ["backup", true, undefined]
        ])
        assert.deepStrictEqual(all[0].updated_at, new Date("2025-03-01T01:00:00Z"))
        assert.isTrue(all.every((c) => c.secret_access_key === undefined))
        const kept = yield* fake.secretAccessKey(namespace, "main")
        assert.strictEqual(kept === undefined ? undefined : Redacted.value(kept), "s3cr3t-key")

        yield* owner.deleteAwsAccessCredentials(namespace, "main")
        const missing = yield* Effect.flip(owner.checkAwsAccessCredentialsByName(namespace, "main"))
        assert.strictEqual(missing._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(owner.checkAwsAccessCredentials("no-such-ns")))._tag, "NotFound")
      })
    ))

  it.scoped("answers an unknown route with NotFound and a wrong method with MethodNotAllowed", () =>
    Effect.gen(function*() {
      const fake = yield* Fake.make()
      const elsewhere = yield* TileDBUsers.make({
        apiKey: Redacted.make(Fake.defaultApiKey),
        baseUrl: "https://api.tiledb.com/v2",
        retry: false,
        rateLimit: false
      }).pipe(Effect.provide(fake.layer))
      assert.strictEqual((yield* Effect.flip(elsewhere.getUser()))._tag, "NotFound")
      const response = yield* fake.handle({
        method: "PUT",
        url: new URL("http://fake/v1/user"),
        headers: Headers.fromInput({ "x-tiledb-rest-api-key": Fake.defaultApiKey }),
        text: undefined
      })
      assert.strictEqual(response.status, 405)
      const body = yield* Effect.promise(() => response.json())
      assert.deepStrictEqual(body, { code: 405, message: "PUT is not allowed here", request_id: "fake-request-2" })
    }))
})

describe("layers", () => {
  it.effect("layer provides the service over any HttpClient", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      assert.strictEqual((yield* users.getUser()).username, Fake.defaultUsername)
    }).pipe(
      Effect.provide(TileDBUsers.layer({ apiKey: Redacted.make(Fake.defaultApiKey) }).pipe(Layer.provide(Fake.layer())))
    ))

  it.effect("layerTest runs what it is given and dies naming any other method", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      assert.deepStrictEqual(yield* users.getTokenScopes(), ["*"])
      const exit = yield* Effect.exit(users.getUser())
      assert.isTrue(Exit.isFailure(exit))
      expect(String(exit)).toContain("TileDBUsers.layerTest: getUser is not implemented in this test layer")
    }).pipe(Effect.provide(TileDBUsers.layerTest({ getTokenScopes: () => Effect.succeed(["*"]) }))))

  const fromEnv = (env: Record<string, string>) =>
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

  const sentBy = (env: Record<string, string>) =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      yield* users.getUser()
      const [request] = yield* MockHttpClient.requests
      return request
    }).pipe(
      Effect.provide(
        TileDBUsers.layerConfig({ retry: false, rateLimit: false }).pipe(
          Layer.provideMerge(MockHttpClient.layer([
            MockHttpClient.route("*", "*", () => MockHttpClient.json(200, { username: "ada" }))
          ]))
        )
      ),
      fromEnv(env)
    )

  it.effect("layerConfig reads TILEDB_REST_TOKEN and TILEDB_REST_HOST", () =>
    Effect.gen(function*() {
      const request = yield* sentBy({ TILEDB_REST_TOKEN: apiKey, TILEDB_REST_HOST: "tiledb.internal:8443" })
      assert.strictEqual(request.url.href, "https://tiledb.internal:8443/v1/user")
      assert.strictEqual(request.headers["x-tiledb-rest-api-key"], apiKey)
    }))

  it.effect("layerConfig reads TILEDB_REST_USERNAME and TILEDB_REST_PASSWORD, the token winning over them", () =>
    Effect.gen(function*() {
      const basic = yield* sentBy({ TILEDB_REST_USERNAME: "ada", TILEDB_REST_PASSWORD: "pw-12345678" })
      assert.strictEqual(basic.url.href, "https://api.tiledb.com/v1/user")
      assert.strictEqual(basic.headers["authorization"], `Basic ${btoa("ada:pw-12345678")}`)
      const both = yield* sentBy({
        TILEDB_REST_TOKEN: apiKey,
        TILEDB_REST_USERNAME: "ada",
        TILEDB_REST_PASSWORD: "pw-12345678"
      })
      assert.strictEqual(both.headers["x-tiledb-rest-api-key"], apiKey)
      assert.strictEqual(both.headers["authorization"], undefined)
      const emptyToken = yield* sentBy({
        TILEDB_REST_TOKEN: "",
        TILEDB_REST_USERNAME: "ada",
        TILEDB_REST_PASSWORD: "pw-12345678"
      })
      assert.strictEqual(emptyToken.headers["x-tiledb-rest-api-key"], undefined)
    }))

  it.effect("layerConfig fails with a ConfigError naming the variables when credentials are missing", () =>
    Effect.gen(function*() {
      for (const env of [{}, { TILEDB_REST_USERNAME: "ada" }, { TILEDB_REST_HOST: "https://api.tiledb.com" }]) {
        const error = yield* Effect.flip(sentBy(env))
        expect(String(error)).toContain("set TILEDB_REST_TOKEN, or TILEDB_REST_USERNAME and TILEDB_REST_PASSWORD")
      }
    }))

  it("hostUrl adds the scheme and /v1 where missing", () => {
    assert.strictEqual(TileDBUsers.hostUrl("https://api.tiledb.com"), "https://api.tiledb.com/v1")
    assert.strictEqual(TileDBUsers.hostUrl("https://api.tiledb.com/v1/"), "https://api.tiledb.com/v1")
    assert.strictEqual(TileDBUsers.hostUrl(" us-east-1.aws.api.tiledb.com "), "https://us-east-1.aws.api.tiledb.com/v1")
    assert.strictEqual(TileDBUsers.hostUrl("http://127.0.0.1:8181"), "http://127.0.0.1:8181/v1")
    assert.strictEqual(TileDBUsers.hostUrl("http://proxy/tiledb/"), "http://proxy/tiledb/v1")
  })
})

describe("retries", () => {
  it.effect("retries a GET on 502 with backoff, and gives up with BadGateway", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const fiber = yield* Effect.fork(Effect.flip(users.getUser()))
      yield* TestClock.adjust(Duration.seconds(30))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "BadGateway")
      assert.strictEqual((yield* MockHttpClient.requests).length, 3)
    }).pipe(Effect.provide(
      mockLayer([MockHttpClient.route("*", "*", () => MockHttpClient.empty(502))], {
        apiKey: Redacted.make(apiKey),
        retry: { times: 2 }
      })
    )))

  it.effect("never retries a POST on 502, and retries it on 429 after Retry-After", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const gateway = yield* Effect.flip(users.requestToken({ name: "gw" }))
      assert.strictEqual(gateway._tag, "BadGateway")
      assert.strictEqual((yield* MockHttpClient.requests).length, 1)

      const fiber = yield* Effect.fork(users.requestToken({ name: "busy" }))
      yield* TestClock.adjust(Duration.seconds(4))
      assert.strictEqual((yield* MockHttpClient.requests).length, 2)
      yield* TestClock.adjust(Duration.seconds(2))
      const token = yield* Fiber.join(fiber)
      assert.strictEqual(token.name, "busy")
      assert.strictEqual((yield* MockHttpClient.requests).length, 3)
    }).pipe(Effect.provide(
      Layer.unwrapEffect(Effect.sync(() => {
        let busy = 0
        return mockLayer([
          MockHttpClient.route("POST", "/v1/token", (request) => {
            if (request.body?.includes("gw")) return MockHttpClient.empty(502)
            return busy++ === 0
              ? MockHttpClient.json(429, { message: "slow down" }, { "retry-after": "5" })
              : MockHttpClient.json(200, { name: "busy" })
          })
        ], { apiKey: Redacted.make(apiKey), retry: {} })
      }))
    )))
})
