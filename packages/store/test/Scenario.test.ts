// The library under the CLI's acceptance scenario: audit, offboard one person through the durable
// workflow, audit again; the diff shows exactly her accesses as lost and nothing else, and her
// history holds both reviews, the plan and the run.
import { describe, expect, it } from "@effect/vitest"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import * as Database from "@userkit/store/Database"
import * as Offboarding from "@userkit/store/Offboarding"
import * as Store from "@userkit/store/Store"
import { engines } from "@userkit/testkit/Databases"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

const grace = "grace.hopper@example.com"

describe.each(engines)("Audit, offboard, audit, diff on $name", (engine) => {
  it.live("the diff is exactly the offboarded person's accesses, lost", () =>
    Effect.scoped(Effect.gen(function*() {
      const url = yield* engine.database
      const organisation = yield* Fakes.make({ people: 40 })
      const directoryLayer = Directory.layer(organisation.directory).pipe(Layer.provide(Fakes.layer(organisation)))
      yield* Effect.gen(function*() {
        const directory = yield* Directory.Directory
        const store = yield* Store.Store
        const before = yield* store.saveReview(yield* directory.accessReview())
        const planId = yield* store.savePlan(yield* directory.planOffboarding(grace))
        const runId = yield* Offboarding.run(planId)
        const after = yield* store.saveReview(yield* directory.accessReview())
        const diff = yield* store.diff(before, after)
        const hers = (yield* store.getReview(before)).rows.filter((row) => row.email === grace)
        const known = new Set(
          Object.entries(diff.from.coverage).flatMap(([vendor, coverage]) =>
            coverage?._tag === "Complete" ? [vendor] : []
          )
        )
        const expected = new Set(
          hers.filter((row) => known.has(row.vendor)).map((row) =>
            `${row.vendor} ${row.scopeType} ${row.scopeId} ${row.key}`
          )
        )
        expect(expected.size).toBeGreaterThan(0)
        expect(new Set(diff.lost.map((a) => `${a.vendor} ${a.scopeType} ${a.scopeId} ${a.key}`))).toEqual(expected)
        expect(diff.lost.every((access) => access.person === grace)).toBe(true)
        expect(diff.gained).toEqual([])
        expect(diff.changed).toEqual([])
        expect(diff.unknown).toEqual([])
        const history = yield* store.history(grace)
        expect(history.reviews.map((entry) => entry.review.id)).toEqual([before])
        expect(history.plans.map((plan) => plan.id)).toEqual([planId])
        expect(history.runs.map((run) => [run.id, run.finishedAt !== undefined])).toEqual([[runId, true]])
      }).pipe(
        Effect.provide(Layer.merge(
          directoryLayer,
          Offboarding.layer({ operator: "lead" }).pipe(
            Layer.provide(Layer.merge(Database.layer({ url }), directoryLayer))
          )
        ))
      )
    })), 60_000)
})
