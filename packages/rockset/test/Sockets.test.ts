import { assert, describe, it } from "@effect/vitest"
import * as Failures from "@userkit/testkit/Failures"
import * as Loopback from "@userkit/testkit/Loopback"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Fake from "../src/Fake.js"
import * as RocksetUsers from "../src/RocksetUsers.js"

// The fake Rockset on a real 127.0.0.1 port, reached through the real fetch client.
const overLoopback = <A, E>(
  use: (users: RocksetUsers.RocksetUsersService, fake: Fake.RocksetFake) => Effect.Effect<A, E>,
  apiKey: string = Fake.defaultApiKey
) =>
  Loopback.overLoopback(
    Fake.make({ users: [{ email: "grace@example.com", roles: ["member"], state: "ACTIVE" }] }),
    (baseUrl) => RocksetUsers.make({ apiKey: Redacted.make(apiKey), baseUrl, retry: false, rateLimit: false }),
    use
  )

describe("over real sockets", () => {
  it.live("create, get, update, list and delete a user", () =>
    overLoopback((users, fake) =>
      Effect.gen(function*() {
        const created = yield* users.create({ email: "ada@example.com", roles: ["member"], first_name: "Ada" })
        assert.strictEqual(created.data?.state, "NEW")
        assert.match(created.data?.created_at ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
        assert.strictEqual((yield* users.get("ada@example.com")).first_name, "Ada")
        const updated = yield* users.update("ada@example.com", { last_name: "Lovelace", roles: ["admin"] })
        assert.deepStrictEqual([updated.first_name, updated.last_name, updated.roles], ["Ada", "Lovelace", ["admin"]])
        const listed = yield* users.list()
        assert.deepStrictEqual(listed.data?.map((user) => user.email).sort(), [
          "ada@example.com",
          "grace@example.com",
          Fake.defaultCurrentUser
        ])
        const deleted = yield* users.delete("ada@example.com")
        assert.strictEqual(deleted.data?.email, "ada@example.com")
        assert.strictEqual((yield* Effect.flip(users.get("ada@example.com")))._tag, "NotFound")
        assert.strictEqual((yield* fake.users).length, 2)
      })
    ))

  it.live("a duplicate create is a Conflict carrying Rockset's error body", () =>
    overLoopback((users) =>
      Effect.gen(function*() {
        const error = yield* Failures.tagged(
          users.create({ email: "GRACE@example.com", roles: ["member"] }),
          "Conflict"
        )
        assert.strictEqual(error.body?.type, "ALREADYEXISTS")
        assert.strictEqual(error.body?.message, "user GRACE@example.com already exists")
        assert.isString(error.requestId)
      })
    ))

  it.live("a wrong key is Unauthorized on every operation", () =>
    overLoopback(
      (users) =>
        Effect.gen(function*() {
          assert.strictEqual((yield* Effect.flip(users.list()))._tag, "Unauthorized")
          assert.strictEqual((yield* Effect.flip(users.get("grace@example.com")))._tag, "Unauthorized")
        }),
      "not-the-key"
    ))

  it.live("a hostile id travels as one segment and reaches the server unchanged", () =>
    overLoopback((users) =>
      Effect.gen(function*() {
        const error = yield* Failures.tagged(users.get("a/../../admin?x=1#f"), "NotFound")
        assert.strictEqual(error.body?.message, "user a/../../admin?x=1#f not found")
      })
    ))

  it.live("the current user and the notification preferences", () =>
    overLoopback((users) =>
      Effect.gen(function*() {
        assert.strictEqual((yield* users.getCurrentUser()).email, Fake.defaultCurrentUser)
        assert.deepStrictEqual((yield* users.listUnsubscribePreferences()).data, [])
        yield* users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] })
        assert.deepStrictEqual((yield* users.listUnsubscribePreferences()).data, [{
          notificationType: "create_apikey"
        }])
      })
    ))

  it.live("a server that is gone is a TransportError", () =>
    Loopback.assertServerGoneFails(
      Fake.make(),
      (baseUrl) => RocksetUsers.make({ apiKey: Redacted.make("k"), baseUrl, retry: false, rateLimit: false }),
      (users) => users.list()
    ))
})

describe("in process", () => {
  it.effect("Fake.layer serves the same API without a socket", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      yield* users.create({ email: "ada@example.com", roles: ["member"] })
      assert.strictEqual((yield* Effect.flip(users.create({ email: "ada@example.com", roles: [] })))._tag, "Conflict")
    }).pipe(Effect.provide(
      RocksetUsers.layer({ apiKey: Redacted.make(Fake.defaultApiKey), rateLimit: false }).pipe(
        Layer.provide(Fake.layer())
      )
    )))
})
