import { assert, describe, it } from "@effect/vitest"
import * as Failures from "@userkit/testkit/Failures"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as Fake from "../src/Fake.js"
import type * as Models from "../src/Models.js"
import * as ServiceClientToken from "../src/ServiceClientToken.js"
import { vendorTestKey } from "./helpers.js"

const baseUrl = "https://acc-userkit-fake.api.authress.io"

const people: ReadonlyArray<Models.UserIdentity> = [
  { userId: "oauth|ada", name: "Ada Lovelace", email: "ada@example.com" },
  { userId: "oauth|grace", name: "Grace Hopper", email: "grace@navy.mil" },
  { userId: "oauth|alan", name: "Alan Turing" },
  { userId: "oauth|edsger", name: "Edsger Dijkstra", email: "ewd@example.nl" },
  { userId: "oauth|barbara", name: "Barbara Liskov", email: "liskov@mit.edu" },
  { userId: "oauth|donald", name: "Donald Knuth" },
  { userId: "oauth|margaret", name: "Margaret Hamilton", email: "mh@nasa.gov" }
]

/** A fresh fake and a client of it, in process. */
const withFake = <A, E>(
  use: (users: AuthressUsers.AuthressUsersService, fake: Fake.AuthressFake) => Effect.Effect<A, E>,
  auth: { readonly accessKey: string } | { readonly token: string } = { accessKey: Fake.defaultAccessKey },
  options: Fake.Options = {}
) =>
  Effect.gen(function*() {
    const fake = yield* Fake.make({ users: people, tenants: { "tenant-eu": ["oauth|grace"] }, ...options })
    const users = yield* AuthressUsers.make(
      "accessKey" in auth
        ? { baseUrl, accessKey: Redacted.make(auth.accessKey), retry: false, rateLimit: false }
        : { baseUrl, token: Redacted.make(auth.token), retry: false, rateLimit: false }
    ).pipe(Effect.provide(fake.layer))
    return yield* use(users, fake)
  }).pipe(Effect.scoped)

const userIds = (page: Models.UserIdentityCollection) => page.users.map((user) => user.userId)

describe("the fake Authress: users and pagination", () => {
  it.effect("pages with opaque cursors until the last page, which has no next", () =>
    withFake((users) =>
      Effect.gen(function*() {
        const first = yield* users.getUsers({ limit: 3 })
        assert.deepStrictEqual(userIds(first), ["oauth|ada", "oauth|grace", "oauth|alan"])
        const cursor = first.pagination?.next?.cursor ?? ""
        assert.notInclude(cursor, "alan")
        assert.match(first.links.next?.href ?? "", /\/v1\/users\?limit=3&cursor=/)
        const second = yield* users.getUsers({ limit: 3, cursor })
        assert.deepStrictEqual(userIds(second), ["oauth|edsger", "oauth|barbara", "oauth|donald"])
        const third = yield* users.getUsers({ limit: 3, cursor: second.pagination?.next?.cursor ?? "" })
        assert.deepStrictEqual(userIds(third), ["oauth|margaret"])
        assert.isUndefined(third.pagination?.next)
        assert.isUndefined(third.links.next)
        assert.isDefined(third.links.self)
      })
    ))

  it.effect("a page is 100 users unless a limit is given", () =>
    withFake(
      (users) => Effect.map(users.getUsers(), (page) => assert.lengthOf(page.users, 100)),
      { accessKey: Fake.defaultAccessKey },
      { users: Array.from({ length: 150 }, (_, i) => ({ userId: `u${i}` })) }
    ))

  it.effect("the stream walks every page", () =>
    withFake((users) =>
      Effect.gen(function*() {
        const all = yield* Stream.runCollect(users.getUsersStream({ limit: 2 }))
        assert.deepStrictEqual(Chunk.toReadonlyArray(all), people)
      })
    ))

  it.effect("a user deleted between pages does not break the cursor", () =>
    withFake((users) =>
      Effect.gen(function*() {
        const first = yield* users.getUsers({ limit: 2 })
        yield* users.deleteUser("oauth|grace")
        yield* users.deleteUser("oauth|alan")
        const second = yield* users.getUsers({ limit: 2, cursor: first.pagination?.next?.cursor ?? "" })
        assert.deepStrictEqual(userIds(second), ["oauth|edsger", "oauth|barbara"])
      })
    ))

  it.effect("filter searches every text field, case-insensitively", () =>
    withFake((users) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(userIds(yield* users.getUsers({ filter: "EXAMPLE" })), ["oauth|ada", "oauth|edsger"])
        assert.deepStrictEqual(userIds(yield* users.getUsers({ filter: "turing" })), ["oauth|alan"])
        assert.deepStrictEqual(userIds(yield* users.getUsers({ filter: "nobody" })), [])
      })
    ))

  it.effect("an unreadable cursor is a 400, which Authress does not document for getUsers", () =>
    withFake((users) =>
      Effect.gen(function*() {
        const error = yield* Failures.tagged(users.getUsers({ cursor: "not-a-cursor" }), "UnexpectedStatus")
        assert.strictEqual(error.status, 400)
      })
    ))

  it.effect("getUser finds a user, or fails with NotFound carrying the error body", () =>
    withFake((users) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* users.getUser("oauth|ada"), people[0])
        const error = yield* Failures.tagged(users.getUser("oauth|nobody"), "NotFound")
        assert.deepStrictEqual(error.body?.title, "user oauth|nobody does not exist")
        assert.strictEqual(error.body?.errorCode, "NotFound")
        assert.match(error.requestId ?? "", /^fake-error-\d+$/)
      })
    ))

  it.effect("deleteUser answers 202 and removes the user; a second delete is NotFound", () =>
    withFake((users, fake) =>
      Effect.gen(function*() {
        yield* users.deleteUser("oauth|grace")
        assert.strictEqual((yield* Effect.flip(users.getUser("oauth|grace")))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(users.deleteUser("oauth|grace")))._tag, "NotFound")
        assert.notInclude((yield* fake.users).map((user) => user.userId), "oauth|grace")
        assert.isUndefined(yield* fake.tenantOf("oauth|grace"))
      })
    ))
})

describe("the fake Authress: tenants", () => {
  it.effect("linkTenantUser links a user to an existing tenant, moving them from their old one", () =>
    withFake((users, fake) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(userIds(yield* users.getUsers({ tenantId: "tenant-eu" })), ["oauth|grace"])
        yield* fake.putTenant("tenant-us")
        yield* users.linkTenantUser("tenant-us", { userId: "oauth|grace" })
        yield* users.linkTenantUser("tenant-eu", { userId: "oauth|ada" })
        assert.strictEqual(yield* fake.tenantOf("oauth|grace"), "tenant-us")
        assert.deepStrictEqual(userIds(yield* users.getUsers({ tenantId: "tenant-eu" })), ["oauth|ada"])
        assert.deepStrictEqual(userIds(yield* users.getUsers({ tenantId: "tenant-us" })), ["oauth|grace"])
      })
    ))

  it.effect("an unknown tenant is NotFound, and so is an unknown user", () =>
    withFake((users) =>
      Effect.gen(function*() {
        const tenant = yield* Failures.tagged(users.linkTenantUser("tenant-xx", { userId: "oauth|ada" }), "NotFound")
        assert.strictEqual(tenant.body?.title, "tenant tenant-xx does not exist")
        const user = yield* Failures.tagged(users.linkTenantUser("tenant-eu", { userId: "oauth|nobody" }), "NotFound")
        assert.strictEqual(user.body?.title, "user oauth|nobody does not exist")
      })
    ))
})

describe("the fake Authress: tokens", () => {
  const everyCallIs = (tag: string) => (users: AuthressUsers.AuthressUsersService) =>
    Effect.gen(function*() {
      assert.strictEqual((yield* Effect.flip(users.getUser("oauth|ada")))._tag, tag)
      assert.strictEqual((yield* Effect.flip(users.getUsers()))._tag, tag)
      assert.strictEqual((yield* Effect.flip(users.deleteUser("oauth|ada")))._tag, tag)
      assert.strictEqual((yield* Effect.flip(users.linkTenantUser("tenant-eu", { userId: "oauth|ada" })))._tag, tag)
    })

  it.effect("tokens signed by another access key are Unauthorized on every operation", () =>
    withFake(everyCallIs("Unauthorized"), { accessKey: vendorTestKey }))

  it.effect("a garbage token is Unauthorized", () => withFake(everyCallIs("Unauthorized"), { token: "garbage" }))

  it.effect("a token with the right claims but a forged signature is Unauthorized", () =>
    Effect.gen(function*() {
      const token = yield* ServiceClientToken.make({ accessKey: Redacted.make(Fake.defaultAccessKey) })
      const [header, payload] = Redacted.value(yield* token).split(".")
      yield* withFake((users) =>
        Effect.gen(function*() {
          const error = yield* Failures.tagged(users.getUser("oauth|ada"), "Unauthorized")
          assert.strictEqual(error.body?.title, "the token's signature does not verify")
        }), { token: `${header}.${payload}.${"A".repeat(86)}` })
    }))

  it.scoped("a fixed token is accepted until it expires (TestClock); an access key renews its own", () =>
    Effect.gen(function*() {
      const token = Redacted.value(
        yield* yield* ServiceClientToken.make({
          accessKey: Redacted.make(Fake.defaultAccessKey)
        })
      )
      const fake = yield* Fake.make({ users: people })
      const fixed = yield* AuthressUsers.make({ baseUrl, token: Redacted.make(token), retry: false, rateLimit: false })
        .pipe(
          Effect.provide(fake.layer)
        )
      const renewing = yield* AuthressUsers.make({
        baseUrl,
        accessKey: Redacted.make(Fake.defaultAccessKey),
        retry: false,
        rateLimit: false
      }).pipe(Effect.provide(fake.layer))
      assert.strictEqual((yield* fixed.getUser("oauth|ada")).userId, "oauth|ada")
      yield* TestClock.adjust(Duration.hours(24))
      const error = yield* Failures.tagged(fixed.getUser("oauth|ada"), "Unauthorized")
      assert.strictEqual(error.body?.title, "the token has expired")
      assert.strictEqual((yield* renewing.getUser("oauth|ada")).userId, "oauth|ada")
      yield* TestClock.adjust(Duration.hours(30))
      assert.strictEqual((yield* renewing.getUser("oauth|ada")).userId, "oauth|ada")
    }))

  it.effect("a configured static token is accepted as it is", () =>
    withFake(
      (users) => Effect.map(users.getUser("oauth|ada"), (user) => assert.strictEqual(user.name, "Ada Lovelace")),
      { token: "static-test-token" },
      { tokens: ["static-test-token"] }
    ))

  it.effect("Fake.layer serves the service in process", () =>
    Effect.gen(function*() {
      const users = yield* AuthressUsers.AuthressUsers
      assert.strictEqual((yield* users.getUser("oauth|ada")).name, "Ada")
    }).pipe(Effect.provide(
      AuthressUsers.layer({ baseUrl, accessKey: Redacted.make(Fake.defaultAccessKey) }).pipe(
        Layer.provide(Fake.layer({ users: [{ userId: "oauth|ada", name: "Ada" }] }))
      )
    )))

  it.effect("a malformed fake access key is a defect naming the option, not the key", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Fake.make({ accessKey: "a.b.c.not-a-key" }))
      if (exit._tag !== "Failure") return assert.fail("the fake started")
      assert.isTrue(Cause.isDie(exit.cause))
      const text = Cause.pretty(exit.cause)
      assert.include(text, "Fake Authress: options.accessKey: Authress: the access key is invalid")
      assert.notInclude(text, "not-a-key")
    }))
})
