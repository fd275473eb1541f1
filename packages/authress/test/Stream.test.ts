import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as AuthressUsers from "../src/AuthressUsers.js"
import { mocked, page } from "./helpers.js"

const pageSize = 5
const pages = 10

// Ten pages of five users; page N's cursor is `page-N`, and page 10 is the last.
const tenPages = (failOnPage?: number) =>
  mocked([
    MockHttpClient.route("GET", "/v1/users", (request) => {
      const cursor = request.url.searchParams.get("cursor")
      const n = cursor === null ? 1 : Number(cursor.replace("page-", ""))
      if (n === failOnPage) return MockHttpClient.json(403, { title: "no more for you", errorId: "e-403" })
      return MockHttpClient.json(200, page((n - 1) * pageSize + 1, pageSize, n < pages ? `page-${n + 1}` : undefined))
    })
  ])

const users = AuthressUsers.AuthressUsers
const ids = (chunk: Chunk.Chunk<{ readonly userId: string }>) => Chunk.toReadonlyArray(chunk).map((u) => u.userId)
const cursors = Effect.map(
  MockHttpClient.requests,
  (requests) => requests.map((request) => request.url.searchParams.get("cursor"))
)

describe("getUsersStream over a 10-page listing", () => {
  it.effect("taking 5 users makes exactly one request", () =>
    Effect.gen(function*() {
      const taken = yield* Stream.runCollect(Stream.take((yield* users).getUsersStream({ limit: pageSize }), 5))
      assert.deepStrictEqual(ids(taken), [
        "oauth|user-1",
        "oauth|user-2",
        "oauth|user-3",
        "oauth|user-4",
        "oauth|user-5"
      ])
      assert.deepStrictEqual(yield* cursors, [null])
    }).pipe(Effect.provide(tenPages())))

  it.effect("taking 12 users fetches three pages, no more", () =>
    Effect.gen(function*() {
      const taken = yield* Stream.runCollect(Stream.take((yield* users).getUsersStream({ limit: pageSize }), 12))
      assert.lengthOf(ids(taken), 12)
      assert.strictEqual(ids(taken)[11], "oauth|user-12")
      assert.deepStrictEqual(yield* cursors, [null, "page-2", "page-3"])
    }).pipe(Effect.provide(tenPages())))

  it.effect("maxPages: page 4 of a 3-page limit is a TooManyPages failure, after 15 users, never sent", () =>
    Effect.gen(function*() {
      const read: Array<string> = []
      const stream = (yield* users).getUsersStream({ limit: pageSize, maxPages: 3 })
      const failure = yield* Effect.flip(
        Stream.runForEach(stream, (user) => Effect.sync(() => void read.push(user.userId)))
      )
      assert.strictEqual(failure._tag === "PaginationError" ? failure.reason : failure._tag, "TooManyPages")
      assert.lengthOf(read, 15)
      assert.deepStrictEqual(yield* cursors, [null, "page-2", "page-3"])
    }).pipe(Effect.provide(tenPages())))

  it.effect("building the stream fetches nothing", () =>
    Effect.gen(function*() {
      const stream = (yield* users).getUsersStream()
      assert.isDefined(stream)
      assert.lengthOf(yield* MockHttpClient.requests, 0)
    }).pipe(Effect.provide(tenPages())))

  it.effect("running it to the end follows every cursor once and keeps the options on every page", () =>
    Effect.gen(function*() {
      const all = yield* Stream.runCollect(
        (yield* users).getUsersStream({ limit: pageSize, filter: "user", tenantId: "tenant-1" })
      )
      assert.deepStrictEqual(ids(all), Array.from({ length: 50 }, (_, i) => `oauth|user-${i + 1}`))
      const requests = yield* MockHttpClient.requests
      assert.deepStrictEqual(yield* cursors, [null, ...Array.from({ length: 9 }, (_, i) => `page-${i + 2}`)])
      for (const request of requests) {
        assert.strictEqual(request.url.searchParams.get("limit"), "5")
        assert.strictEqual(request.url.searchParams.get("filter"), "user")
        assert.strictEqual(request.url.searchParams.get("tenantId"), "tenant-1")
      }
    }).pipe(Effect.provide(tenPages())))

  it.effect("a failing page fails the stream with its typed error, after the users before it", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const error = yield* Effect.flip(
        Stream.runForEach((yield* users).getUsersStream({ limit: pageSize }), (user) =>
          Effect.sync(() => {
            seen.push(user.userId)
          }))
      )
      if (error._tag !== "Forbidden") return assert.fail(error._tag)
      assert.strictEqual(error.requestId, "e-403")
      assert.lengthOf(seen, 10)
    }).pipe(Effect.provide(tenPages(3))))

  it.effect("an invalid option fails the stream before any request", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Stream.runCollect((yield* users).getUsersStream({ limit: 500 })))
      assert.strictEqual(error._tag, "RequestValidationError")
      assert.lengthOf(yield* MockHttpClient.requests, 0)
    }).pipe(Effect.provide(tenPages())))
})
