// The review as a workflow on the embedded engine: one activity per vendor, one saved review.
import { describe, expect, it } from "@effect/vitest"
import * as FakeServer from "@userkit/core/FakeServer"
import type * as AccessReview from "@userkit/directory/AccessReview"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import * as Database from "@userkit/store/Database"
import * as ReviewWorkflow from "@userkit/store/ReviewWorkflow"
import * as Store from "@userkit/store/Store"
import { sqlite } from "@userkit/testkit/Databases"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const sorted = (rows: ReadonlyArray<AccessReview.Row>) => rows.map((row) => JSON.stringify(row)).sort()

const reviewing = (options: Fakes.Options) =>
  Effect.gen(function*() {
    const url = yield* sqlite.database
    const organisation = yield* Fakes.make(options)
    const services = Fakes.layer(organisation)
    const directory = ReviewWorkflow.layerDirectory(organisation.directory).pipe(Layer.provide(services))
    const engine = ReviewWorkflow.layer({ operator: "auditor" }).pipe(
      Layer.provide(Layer.merge(Database.layer({ url }), directory))
    )
    return Layer.merge(engine, directory)
  })

describe("ReviewWorkflow on the embedded engine (SQLite)", () => {
  it.live(
    "saves one review equal to the directory's: same rows, every vendor complete",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const layer = yield* reviewing({ people: 30 })
        yield* Effect.gen(function*() {
          const expected = yield* (yield* Directory.Directory).accessReview()
          const id = yield* ReviewWorkflow.run()
          const store = yield* Store.Store
          const saved = yield* store.getReview(id)
          expect(saved.operator).toBe("auditor")
          expect(saved.rowCount).toBe(expected.rows.length)
          expect(sorted(saved.rows)).toEqual(sorted(expected.rows))
          expect(saved.coverage).toEqual({
            Rockset: { _tag: "Complete" },
            Authress: { _tag: "Complete" },
            Astronomer: { _tag: "Complete" },
            TileDB: { _tag: "Complete" }
          })
          // A second review is a second workflow, saved under its own id; the first is untouched.
          const again = yield* ReviewWorkflow.run()
          expect(again).not.toBe(id)
          expect((yield* store.listReviews).map((review) => review.id).sort()).toEqual([id, again].sort())
        }).pipe(Effect.provide(layer))
      })),
    20_000
  )

  it.live(
    "a vendor that fails is Failed in the saved coverage; the others' rows are saved",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const layer = yield* reviewing({
          people: 20,
          admit: { rockset: () => FakeServer.fail(403, "this key may not list users") }
        })
        yield* Effect.gen(function*() {
          const expected = yield* (yield* Directory.Directory).accessReview()
          const saved = yield* (yield* Store.Store).getReview(yield* ReviewWorkflow.run())
          expect(saved.coverage.Rockset).toMatchObject({
            _tag: "Failed",
            failure: { vendor: "Rockset", reason: "Forbidden", message: "this key may not list users" }
          })
          expect(saved.coverage.Authress?._tag).toBe("Complete")
          expect(saved.coverage.Astronomer?._tag).toBe("Complete")
          expect(saved.coverage.TileDB?._tag).toBe("Complete")
          expect(saved.rows.some((row) => row.vendor === "Rockset")).toBe(false)
          expect(saved.rows.length).toBeGreaterThan(0)
          expect(sorted(saved.rows)).toEqual(sorted(expected.rows))
        }).pipe(Effect.provide(layer))
      })),
    20_000
  )

  it.live(
    "the saving step run again under the same id writes nothing twice",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const layer = yield* reviewing({ people: 10 })
        yield* Effect.gen(function*() {
          const store = yield* Store.Store
          const review = yield* (yield* Directory.Directory).accessReview()
          const first = yield* store.saveReview(review, { id: "review-fixed" })
          const second = yield* store.saveReview(review, { id: "review-fixed" })
          expect([first, second]).toEqual(["review-fixed", "review-fixed"])
          expect((yield* store.getReview("review-fixed")).rows.length).toBe(review.rows.length)
          expect((yield* store.listReviews).length).toBe(1)
        }).pipe(Effect.provide(layer))
      })),
    20_000
  )
})
