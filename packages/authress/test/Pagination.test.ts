import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import type * as Pagination from "@userkit/core/Pagination"
import * as Listing from "@userkit/testkit/Listing"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as AuthressUsers from "../src/AuthressUsers.js"
import { mocked, page } from "./helpers.js"

// How a misbehaving server answers the n-th request for a cursor (`null` for the first page).
type Script = (cursor: string | null, n: number) => ReturnType<typeof page>

const cycle: Script = (cursor) => cursor === null ? page(1, 2, "A") : cursor === "A" ? page(3, 2, "B") : page(5, 2, "A")
const freshCursorSameUsers: Script = (_, n) => page(1, 2, `fresh-${n}`)
const emptyNextCursor: Script = (cursor) => cursor === null ? page(1, 2, "second") : page(3, 2, "")

const drain = Effect.flatMap(AuthressUsers.AuthressUsers, (users) => Listing.drain(users.getUsersStream({ limit: 2 })))
const ids = (items: ReadonlyArray<{ readonly userId: string }>) => items.map((user) => user.userId)
const user = (n: number) => `oauth|user-${n}`

const assertPaginationError = (
  end: Either.Either<void, { readonly _tag: string }>,
  reason: Pagination.Reason,
  pages: number
) => Listing.assertPaginationError(end, { reason, pages, vendor: "Authress", operation: "getUsers" })

// The same scripts against the scripted HttpClient and over a real socket with fetch.
const overMock = (script: Script) => {
  let n = 0
  return mocked([
    MockHttpClient.route("GET", "/v1/users", (request) =>
      n >= 50
        ? MockHttpClient.json(410, { title: "request budget spent" })
        : MockHttpClient.json(200, script(request.url.searchParams.get("cursor"), ++n)))
  ])
}

const overSocket = <A, E>(
  script: Script,
  test: (requests: ReadonlyArray<URL>) => Effect.Effect<A, E, AuthressUsers.AuthressUsers>
) =>
  Effect.gen(function*() {
    const listing = yield* Listing.serve((url, n) => script(url.searchParams.get("cursor"), n))
    const layer = AuthressUsers.layer({
      baseUrl: listing.url,
      token: Redacted.make("jwt"),
      retry: false,
      rateLimit: false
    }).pipe(
      Layer.provide(FetchHttpClient.layer)
    )
    return yield* Effect.provide(test(listing.requests), layer)
  })

describe("getUsersStream never loops nor ends short without a failure", () => {
  // A server that would loop: the users received, then the failure, after as many requests as pages.
  const looping: ReadonlyArray<{
    readonly title: string
    readonly script: Script
    readonly received: ReadonlyArray<number>
    readonly reason: Pagination.Reason
    readonly pages: number
  }> = [{
    title: "a cursor cycle A→B→A fails RepeatedCursor after three requests and every user received",
    script: cycle,
    received: [1, 2, 3, 4, 5, 6],
    reason: "RepeatedCursor",
    pages: 3
  }, {
    title: "a fresh cursor on every page with the same users fails RepeatedPage on the second page",
    script: freshCursorSameUsers,
    received: [1, 2],
    reason: "RepeatedPage",
    pages: 2
  }]
  for (const { pages, reason, received, script, title } of looping) {
    it.effect(title, () =>
      Effect.gen(function*() {
        const { end, items } = yield* drain
        assert.deepStrictEqual(ids(items), received.map(user))
        assertPaginationError(end, reason, pages)
        assert.lengthOf(yield* MockHttpClient.requests, pages)
      }).pipe(Effect.provide(overMock(script))))
  }

  it.effect("a next cursor \"\" is the last page: nothing is repeated", () =>
    Effect.gen(function*() {
      const { end, items } = yield* drain
      assert.isTrue(Either.isRight(end))
      assert.deepStrictEqual(ids(items), [1, 2, 3, 4].map(user))
      const cursors = (yield* MockHttpClient.requests).map((request) => request.url.searchParams.get("cursor"))
      assert.deepStrictEqual(cursors, [null, "second"])
    }).pipe(Effect.provide(overMock(emptyNextCursor))))

  it.effect("a consumer taking only the users received never sees the cycle", () =>
    Effect.gen(function*() {
      const users = yield* AuthressUsers.AuthressUsers
      const taken = yield* Stream.runCollect(Stream.take(users.getUsersStream({ limit: 2 }), 6))
      assert.strictEqual(taken.length, 6)
      assert.lengthOf(yield* MockHttpClient.requests, 3)
    }).pipe(Effect.provide(overMock(cycle))))

  it.scoped("over a real socket with fetch: the cycle fails typed after three requests", () =>
    overSocket(cycle, (requests) =>
      Effect.gen(function*() {
        const { end, items } = yield* drain
        assert.lengthOf(items, 6)
        assertPaginationError(end, "RepeatedCursor", 3)
        assert.deepStrictEqual(requests.map((url) => url.searchParams.get("cursor")), [null, "A", "B"])
      })))

  it.scoped("over a real socket with fetch: fresh cursors with the same users fail typed after two requests", () =>
    overSocket(freshCursorSameUsers, (requests) =>
      Effect.gen(function*() {
        const { end } = yield* drain
        assertPaginationError(end, "RepeatedPage", 2)
        assert.lengthOf(requests, 2)
      })))
})
