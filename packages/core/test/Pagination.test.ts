import { assert, describe, it } from "@effect/vitest"
import * as Pagination from "@userkit/core/Pagination"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Stream from "effect/Stream"

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)
const names = { vendor: "Vendor", operation: "list" }

// Runs a stream to its end: the items it emitted and how it ended. At most 1,000 items, so that a
// stream that loops fails its test at once (an end without a failure) instead of running on.
const drain = <A, E>(stream: Stream.Stream<A, E>) =>
  Effect.gen(function*() {
    const items: Array<A> = []
    const end = yield* Stream.runForEach(Stream.take(stream, 1_000), (item) => Effect.sync(() => items.push(item)))
      .pipe(
        Effect.either
      )
    return { items, end }
  })

const failedWith = <E>(end: Either.Either<void, E>, reason: Pagination.Reason, pages: number) => {
  assert.isTrue(Either.isLeft(end), "the stream should fail")
  if (Either.isLeft(end)) {
    const error: unknown = end.left
    assert.instanceOf(error, Pagination.PaginationError)
    if (error instanceof Pagination.PaginationError) {
      assert.deepStrictEqual(
        [error.reason, error.pages, error.vendor, error.operation],
        [reason, pages, names.vendor, names.operation]
      )
    }
  }
}

describe("Pagination.cursor", () => {
  it.effect("fetches a page only when its items are needed", () =>
    Effect.gen(function*() {
      const fetched: Array<string | undefined> = []
      const stream = Pagination.cursor(names, (cursor) =>
        Effect.sync(() => {
          fetched.push(cursor)
          const page = cursor === undefined ? 0 : Number(cursor)
          return { items: range(page * 10, 10), next: page < 9 ? String(page + 1) : undefined }
        }))
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(Stream.take(stream, 5))), [0, 1, 2, 3, 4])
      assert.deepStrictEqual(fetched, [undefined])
      assert.strictEqual(Chunk.size(yield* Stream.runCollect(stream)), 100)
    }))

  it.effect("a cursor handed back at once fails after the page's items, naming the page count", () =>
    Effect.gen(function*() {
      let calls = 0
      const { end, items } = yield* drain(
        Pagination.cursor(names, () => Effect.sync(() => ({ items: [calls++], next: "same" })))
      )
      assert.deepStrictEqual(items, [0, 1])
      assert.strictEqual(calls, 2)
      failedWith(end, "RepeatedCursor", 2)
    }))

  it.effect("a cycle A→B→A fails when it would fetch A again, after every page received", () =>
    Effect.gen(function*() {
      const next: Record<string, string> = { first: "A", A: "B", B: "A" }
      const fetched: Array<string | undefined> = []
      const { end, items } = yield* drain(Pagination.cursor(names, (cursor) =>
        Effect.sync(() => {
          fetched.push(cursor)
          return { items: [cursor ?? "first"], next: next[cursor ?? "first"] }
        })))
      assert.deepStrictEqual(fetched, [undefined, "A", "B"])
      assert.deepStrictEqual(items, ["first", "A", "B"])
      failedWith(end, "RepeatedCursor", 3)
    }))

  it.effect("a consumer that takes fewer items than were received never sees the failure", () =>
    Effect.gen(function*() {
      const stream = Pagination.cursor(names, () => Effect.succeed({ items: [1, 2, 3], next: "same" }))
      const taken = yield* Stream.runCollect(Stream.take(stream, 2))
      assert.deepStrictEqual(Chunk.toArray(taken), [1, 2])
    }))

  it.effect("a fresh cursor on every page with the same items fails on the second page", () =>
    Effect.gen(function*() {
      let calls = 0
      const { end, items } = yield* drain(Pagination.cursor(names, () =>
        Effect.sync(() => ({ items: [{ id: "u1" }, { id: "u2" }], next: `fresh-${calls++}` }))))
      assert.strictEqual(calls, 2)
      assert.deepStrictEqual(items, [{ id: "u1" }, { id: "u2" }])
      failedWith(end, "RepeatedPage", 2)
    }))

  it.effect("an empty next cursor is the last page", () =>
    Effect.gen(function*() {
      const fetched: Array<string | undefined> = []
      const { end, items } = yield* drain(Pagination.cursor(names, (cursor) =>
        Effect.sync(() => {
          fetched.push(cursor)
          return cursor === undefined ? { items: [1], next: "2" } : { items: [2], next: "" }
        })))
      assert.deepStrictEqual(fetched, [undefined, "2"])
      assert.deepStrictEqual(items, [1, 2])
      assert.isTrue(Either.isRight(end))
    }))

  it.effect("maxPages: one more page is a typed failure, not a silent end", () =>
    Effect.gen(function*() {
      let calls = 0
      const { end, items } = yield* drain(
        Pagination.cursor(
          { ...names, maxPages: 3 },
          () => Effect.sync(() => ({ items: [calls], next: String(++calls) }))
        )
      )
      assert.strictEqual(calls, 3)
      assert.deepStrictEqual(items, [0, 1, 2])
      failedWith(end, "TooManyPages", 3)
    }))

  it.effect("a failure of a page fetch fails the stream as it is", () =>
    Effect.gen(function*() {
      const { end } = yield* drain(Pagination.cursor(names, () => Effect.fail("boom")))
      assert.deepStrictEqual(end, Either.left("boom"))
    }))

  it.effect("the message names vendor, operation and page count, and no cursor", () =>
    Effect.gen(function*() {
      let calls = 0
      const { end } = yield* drain(
        Pagination.cursor(names, () => Effect.sync(() => ({ items: [calls++], next: "secret-cursor" })))
      )
      assert.isTrue(Either.isLeft(end))
      if (Either.isLeft(end)) {
        assert.strictEqual(
          end.left.message,
          "Vendor list: the server returned a cursor already followed (after 2 pages)"
        )
        assert.notInclude(JSON.stringify(end.left), "secret-cursor")
      }
    }))
})

describe("Pagination.offset", () => {
  const listing = (all: ReadonlyArray<number>, offsets: Array<number>) => (offset: number, limit: number) =>
    Effect.sync(() => {
      offsets.push(offset)
      return { items: all.slice(offset, offset + limit), total: all.length, offset }
    })

  it.effect("walks to the total, a page at a time, in order", () =>
    Effect.gen(function*() {
      const offsets: Array<number> = []
      const all = range(0, 250)
      const stream = Pagination.offset({ ...names, limit: 20 }, listing(all, offsets))
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(stream)), all)
      assert.strictEqual(offsets.length, 13)
    }))

  it.effect("starts at start, and an empty listing is one request", () =>
    Effect.gen(function*() {
      const offsets: Array<number> = []
      const from = yield* drain(Pagination.offset({ ...names, limit: 10, start: 15 }, listing(range(0, 30), offsets)))
      assert.deepStrictEqual(from.items, range(15, 15))
      assert.deepStrictEqual(offsets, [15, 25])
      const empty = yield* drain(Pagination.offset({ ...names, limit: 10 }, listing([], [])))
      assert.deepStrictEqual(empty.items, [])
      assert.isTrue(Either.isRight(empty.end))
    }))

  it.effect("a total that grows on every page fails on the second page", () =>
    Effect.gen(function*() {
      let calls = 0
      const { end, items } = yield* drain(Pagination.offset({ ...names, limit: 2 }, (offset, limit) =>
        Effect.sync(() => ({ items: range(offset, limit), total: offset + limit + 1, offset, calls: calls++ }))))
      assert.strictEqual(calls, 2)
      assert.deepStrictEqual(items, [0, 1])
      failedWith(end, "TotalChanged", 2)
    }))

  it.effect("a server ignoring offset fails: reporting its own offset, or not reporting one", () =>
    Effect.gen(function*() {
      const reported = yield* drain(
        Pagination.offset({ ...names, limit: 2 }, () => Effect.succeed({ items: [1, 2], total: 10, offset: 0 }))
      )
      assert.deepStrictEqual(reported.items, [1, 2])
      failedWith(reported.end, "WrongOffset", 2)
      const silent = yield* drain(
        Pagination.offset({ ...names, limit: 2 }, () => Effect.succeed({ items: [{ id: 1 }, { id: 2 }], total: 10 }))
      )
      assert.deepStrictEqual(silent.items, [{ id: 1 }, { id: 2 }])
      failedWith(silent.end, "RepeatedPage", 2)
    }))

  it.effect("an empty page before the total is a typed failure, not a short listing", () =>
    Effect.gen(function*() {
      const { end, items } = yield* drain(Pagination.offset({ ...names, limit: 10 }, (offset) =>
        Effect.succeed({ items: offset === 0 ? [1, 2] : [], total: 1_000 })))
      assert.deepStrictEqual(items, [1, 2])
      failedWith(end, "MissingItems", 2)
      const first = yield* drain(Pagination.offset({ ...names, limit: 10 }, () =>
        Effect.succeed({ items: [], total: 5 })))
      failedWith(first.end, "MissingItems", 1)
    }))

  it.effect("maxPages bounds a listing", () =>
    Effect.gen(function*() {
      const offsets: Array<number> = []
      const { end, items } = yield* drain(
        Pagination.offset({ ...names, limit: 10, maxPages: 2 }, listing(range(0, 100), offsets))
      )
      assert.deepStrictEqual(offsets, [0, 10])
      assert.deepStrictEqual(items, range(0, 20))
      failedWith(end, "TooManyPages", 2)
      const exact = yield* drain(Pagination.offset({ ...names, limit: 10, maxPages: 2 }, listing(range(0, 20), [])))
      assert.isTrue(Either.isRight(exact.end))
    }))
})

describe("Pagination, whatever the server answers", () => {
  // A server with a finite set of cursors, each page pointing anywhere in it, or ending the listing.
  const cursorServer = FastCheck.record({
    size: FastCheck.integer({ min: 1, max: 8 }),
    links: FastCheck.array(FastCheck.oneof(FastCheck.integer({ min: 0, max: 7 }), FastCheck.constantFrom("", "end")), {
      minLength: 9,
      maxLength: 9
    })
  })

  it.effect("cursor: ends only on a last page, or fails typed within one request per distinct cursor", () =>
    Effect.sync(() =>
      FastCheck.assert(FastCheck.property(cursorServer, ({ links, size }) => {
        let requests = 0
        // Page n (the first page is n = size) holds item n and points to the link's cursor.
        const nextOf = (n: number) => {
          const link = links[n]
          return typeof link === "number" ? String(link % size) : link === "end" ? undefined : ""
        }
        const stream = Pagination.cursor(names, (cursor) =>
          Effect.sync(() => {
            requests++
            const n = cursor === undefined ? size : Number(cursor)
            return { items: [n], next: nextOf(n) }
          }))
        const { end, items } = Effect.runSync(drain(stream))
        assert.isAtMost(requests, size + 1)
        assert.strictEqual(items.length, requests)
        const last = nextOf(items[items.length - 1])
        if (Either.isRight(end)) assert.isTrue(last === undefined || last === "", "ended on a page with a next cursor")
        else assert.instanceOf(end.left, Pagination.PaginationError)
      }))
    ))

  // Each answer: how many items of the requested page it holds, the total and offset it reports.
  const offsetAnswer = FastCheck.record({
    count: FastCheck.integer({ min: 0, max: 5 }),
    total: FastCheck.constantFrom(12, 12, 12, 13),
    offset: FastCheck.constantFrom<"echo" | "zero" | "none">("echo", "echo", "zero", "none")
  })

  it.effect("offset: a listing that ends holds the first page's total, and at most total + 1 requests are made", () =>
    Effect.sync(() =>
      FastCheck.assert(
        FastCheck.property(FastCheck.array(offsetAnswer, { minLength: 20, maxLength: 20 }), (answers) => {
          let requests = 0
          let firstTotal = 0
          const stream = Pagination.offset({ ...names, limit: 5 }, (offset) =>
            Effect.sync(() => {
              const answer = answers[requests++ % answers.length]
              if (requests === 1) firstTotal = answer.total
              return {
                items: range(offset, answer.count),
                total: answer.total,
                offset: answer.offset === "echo" ? offset : answer.offset === "zero" ? 0 : undefined
              }
            }))
          const { end, items } = Effect.runSync(drain(stream))
          assert.isAtMost(requests, firstTotal + 1)
          if (Either.isRight(end)) {
            assert.isAtLeast(items.length, firstTotal, "ended short without a failure")
            assert.deepStrictEqual(items, range(0, items.length))
          } else assert.instanceOf(end.left, Pagination.PaginationError)
        })
      )
    ))
})
