import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Failures from "@userkit/testkit/Failures"
import { roundTripSuite } from "@userkit/testkit/RoundTripSuite"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as Models from "../src/Models.js"
import { mocked, page } from "./helpers.js"

const users = AuthressUsers.AuthressUsers
const answering = (status: number, body: unknown) =>
  mocked([MockHttpClient.route("*", "*", () => MockHttpClient.json(status, body))])

describe("decoding UserIdentity", () => {
  it.effect("unknown fields are dropped and null reads as absent", () =>
    Effect.gen(function*() {
      const user = yield* (yield* users).getUser("oauth|ada")
      assert.deepStrictEqual(user, { userId: "oauth|ada", email: "ada@example.com" })
    }).pipe(Effect.provide(answering(200, {
      userId: "oauth|ada",
      name: null,
      email: "ada@example.com",
      tokenConfiguration: { audience: "x" },
      linkedIdentities: [{ connection: { connectionId: "c", userId: "u" } }]
    }))))

  it.effect("a user without userId is a ResponseDecodeError naming the field", () =>
    Effect.gen(function*() {
      const error = yield* Failures.tagged((yield* users).getUser("oauth|ada"), "ResponseDecodeError")
      assert.strictEqual(error.status, 200)
      assert.include(error.issue, "userId")
    }).pipe(Effect.provide(answering(200, { name: "Ada" }))))

  it.effect("an HTML body on 200 is a ResponseDecodeError, not a defect", () =>
    Effect.gen(function*() {
      const error = yield* Failures.tagged((yield* users).getUser("oauth|ada"), "ResponseDecodeError")
      assert.include(error.issue, "not JSON")
    }).pipe(Effect.provide(mocked([
      MockHttpClient.route("*", "*", () => MockHttpClient.text(200, "<html>hi</html>", { "content-type": "text/html" }))
    ]))))
})

describe("decoding UserIdentityCollection", () => {
  it.effect("the whole page: users, pagination.next.cursor and links", () =>
    Effect.gen(function*() {
      const result = yield* (yield* users).getUsers()
      assert.deepStrictEqual(result, {
        users: [{ userId: "u1", picture: "https://example.com/p.png" }],
        pagination: { next: { cursor: "c2" } },
        links: { self: { href: "https://a/v1/users" }, next: { href: "https://a/v1/users?cursor=c2", rel: "next" } }
      })
      assert.strictEqual(Models.nextCursor(result), "c2")
    }).pipe(Effect.provide(answering(200, {
      users: [{ userId: "u1", picture: "https://example.com/p.png", unknown: 1 }],
      pagination: { next: { cursor: "c2", more: true } },
      links: { self: { href: "https://a/v1/users" }, next: { href: "https://a/v1/users?cursor=c2", rel: "next" } },
      total: 42
    }))))

  const lastPages: ReadonlyArray<readonly [string, unknown]> = [
    ["pagination.next is null", { next: null }],
    ["pagination.next.cursor is null", { next: { cursor: null } }],
    ["pagination is empty", {}],
    ["pagination is null", null]
  ]
  for (const [label, pagination] of lastPages) {
    it.effect(`${label}: the last page, and the stream stops after one request`, () =>
      Effect.gen(function*() {
        const service = yield* users
        const result = yield* service.getUsers()
        assert.isUndefined(Models.nextCursor(result))
        const all = yield* Stream.runCollect(service.getUsersStream())
        assert.deepStrictEqual(Chunk.toReadonlyArray(all).map((user) => user.userId), ["u1"])
        assert.lengthOf(yield* MockHttpClient.requests, 2)
      }).pipe(Effect.provide(answering(200, {
        users: [{ userId: "u1" }],
        pagination,
        links: { self: null }
      }))))
  }

  it.effect("a page without users is a ResponseDecodeError", () =>
    Effect.gen(function*() {
      const error = yield* Failures.tagged((yield* users).getUsers(), "ResponseDecodeError")
      assert.include(error.issue, "users")
    }).pipe(Effect.provide(answering(200, { links: { self: { href: "x" } } }))))

  it.effect("the test helper's pages decode as written", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual((yield* (yield* users).getUsers()).users.map((user) => user.userId), [
        "oauth|user-3",
        "oauth|user-4"
      ])
    }).pipe(Effect.provide(answering(200, page(3, 2, "next")))))
})

describe("properties", () => {
  roundTripSuite(Models, { numRuns: 50 })

  it.effect("random JSON bodies on 200 never produce a defect", () =>
    Effect.gen(function*() {
      const samples = FastCheck.sample(FastCheck.jsonValue(), 40)
      for (const body of samples) {
        const exit = yield* Effect.exit(
          Effect.flatMap(users, (service) => service.getUsers()).pipe(Effect.provide(answering(200, body)))
        )
        if (Exit.isFailure(exit)) assert.isFalse(Cause.isDie(exit.cause), `died on ${JSON.stringify(body)}`)
      }
    }))
})
