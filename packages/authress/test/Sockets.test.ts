import { assert, describe, it } from "@effect/vitest"
import * as Failures from "@userkit/testkit/Failures"
import * as Loopback from "@userkit/testkit/Loopback"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as Fake from "../src/Fake.js"
import { vendorTestKey } from "./helpers.js"

// The fake Authress on a real 127.0.0.1 port, reached through the real fetch client.
const overLoopback = <A, E>(
  use: (users: AuthressUsers.AuthressUsersService, fake: Fake.AuthressFake) => Effect.Effect<A, E>,
  accessKey: string = Fake.defaultAccessKey
) =>
  Loopback.overLoopback(
    Fake.make({
      users: Array.from({ length: 23 }, (_, i) => ({ userId: `oauth|user-${i + 1}`, name: `User ${i + 1}` })),
      tenants: { "tenant-eu": [] }
    }),
    (baseUrl) => AuthressUsers.make({ baseUrl, accessKey: Redacted.make(accessKey), retry: false, rateLimit: false }),
    use
  )

describe("over real sockets", () => {
  it.live("a signed token is accepted; get, list, link and delete", () =>
    overLoopback((users, fake) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* users.getUser("oauth|user-7"), { userId: "oauth|user-7", name: "User 7" })
        const page = yield* users.getUsers({ limit: 10 })
        assert.lengthOf(page.users, 10)
        assert.match(page.links.self?.href ?? "", /^http:\/\/127\.0\.0\.1:\d+\/v1\/users\?limit=10$/)
        yield* users.linkTenantUser("tenant-eu", { userId: "oauth|user-7" })
        assert.deepStrictEqual((yield* users.getUsers({ tenantId: "tenant-eu" })).users.map((u) => u.userId), [
          "oauth|user-7"
        ])
        yield* users.deleteUser("oauth|user-7")
        assert.strictEqual((yield* Effect.flip(users.getUser("oauth|user-7")))._tag, "NotFound")
        assert.lengthOf(yield* fake.users, 22)
      })
    ))

  it.live("the stream walks all 23 users in pages of 5", () =>
    overLoopback((users) =>
      Effect.gen(function*() {
        const all = yield* Stream.runCollect(users.getUsersStream({ limit: 5 }))
        assert.deepStrictEqual(
          Chunk.toReadonlyArray(all).map((user) => user.userId),
          Array.from({ length: 23 }, (_, i) => `oauth|user-${i + 1}`)
        )
      })
    ))

  it.live("a token from another access key is Unauthorized, with Authress's error body", () =>
    overLoopback(
      (users) =>
        Effect.gen(function*() {
          const error = yield* Failures.tagged(users.getUsers(), "Unauthorized")
          assert.strictEqual(error.body?.errorCode, "Unauthorized")
          assert.strictEqual(error.requestId, error.body?.errorId)
        }),
      vendorTestKey
    ))

  it.live("a hostile id travels as one segment and reaches the server unchanged", () =>
    overLoopback((users) =>
      Effect.gen(function*() {
        const error = yield* Failures.tagged(users.getUser("a/../../v1/users?x=1#f"), "NotFound")
        assert.strictEqual(error.body?.title, "user a/../../v1/users?x=1#f does not exist")
        const tenant = yield* Failures.tagged(users.linkTenantUser("../users", { userId: "oauth|user-1" }), "NotFound")
        assert.strictEqual(tenant.body?.title, "tenant ../users does not exist")
      })
    ))

  it.live("a server that is gone is a TransportError", () =>
    Loopback.assertServerGoneFails(
      Fake.make(),
      (baseUrl) => AuthressUsers.make({ baseUrl, token: Redacted.make("t"), retry: false, rateLimit: false }),
      (users) => users.getUsers()
    ))
})
