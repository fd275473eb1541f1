import { assert, describe, it } from "@effect/vitest"
import * as Pagination from "@userkit/core/Pagination"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i)

describe("Pagination", () => {
  it.effect("cursor: fetches a page only when its items are needed", () =>
    Effect.gen(function*() {
      const fetched: Array<string | undefined> = []
      const stream = Pagination.cursor((cursor) =>
        Effect.sync(() => {
          fetched.push(cursor)
          const page = cursor === undefined ? 0 : Number(cursor)
          return { items: range(page * 10, 10), next: page < 9 ? String(page + 1) : undefined }
        })
      )
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(Stream.take(stream, 5))), [0, 1, 2, 3, 4])
      assert.deepStrictEqual(fetched, [undefined])
      assert.strictEqual(Chunk.size(yield* Stream.runCollect(stream)), 100)
    }))

  it.effect("cursor: ends when the server hands back the same cursor", () =>
    Effect.gen(function*() {
      let calls = 0
      const stream = Pagination.cursor(() => Effect.sync(() => ({ items: [calls++], next: "same" })))
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(stream)), [0, 1])
    }))

  it.effect("offset: walks to the total, a page at a time, in order", () =>
    Effect.gen(function*() {
      const offsets: Array<number> = []
      const all = range(0, 250)
      const stream = Pagination.offset({ limit: 20 }, (offset, limit) =>
        Effect.sync(() => {
          offsets.push(offset)
          return { items: all.slice(offset, offset + limit), total: all.length }
        }))
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(stream)), all)
      assert.strictEqual(offsets.length, 13)
    }))

  it.effect("offset: an empty page ends a listing whose total overstates it", () =>
    Effect.gen(function*() {
      const stream = Pagination.offset({ limit: 10 }, (offset) =>
        Effect.succeed({ items: offset === 0 ? [1, 2] : [], total: 1_000 }))
      assert.deepStrictEqual(Chunk.toArray(yield* Stream.runCollect(stream)), [1, 2])
    }))
})
