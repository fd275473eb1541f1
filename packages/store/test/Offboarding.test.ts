import { describe, expect, it } from "@effect/vitest"
import * as Directory from "@userkit/directory/Directory"
import * as Email from "@userkit/directory/Email"
import type * as Plan from "@userkit/directory/Plan"
import * as Database from "@userkit/store/Database"
import * as Offboarding from "@userkit/store/Offboarding"
import * as Store from "@userkit/store/Store"
import { engines } from "@userkit/testkit/Databases"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"

const action = (target: string): Plan.Action => ({
  vendor: "Astronomer",
  scope: { type: "workspace", id: "ws-1" },
  action: "remove-membership",
  target,
  account: { key: target, email: "grace.hopper@example.com" }
})

const grace = Either.getOrThrow(Email.either("grace.hopper@example.com"))

// A directory of accounts in memory, counting what it is asked.
const accounts = (present: ReadonlyArray<string>) => {
  const live = new Set(present)
  const sent: Array<string> = []
  const actions: Pick<Directory.DirectoryService, "remove" | "lookup" | "planOffboarding"> = {
    planOffboarding: () =>
      Effect.sync(() => ({
        email: grace,
        createdAt: new Date(),
        actions: [...live].map(action),
        coverage: { Astronomer: { _tag: "Complete" } }
      })),
    remove: (a) =>
      Effect.sync(() => {
        sent.push(a.target)
        return live.delete(a.target)
          ? { _tag: "Removed", verifiedAt: new Date() }
          : { _tag: "AlreadyAbsent", verifiedAt: new Date() }
      }),
    lookup: (a) => Effect.sync(() => live.has(a.target) ? "present" : "absent")
  }
  return { live, sent, actions }
}

const offboardingAt = (url: string, actions: Partial<Directory.DirectoryService>) => {
  const directory = Directory.layerTest(actions)
  return Layer.merge(
    Offboarding.layer({ operator: "oncall" }).pipe(Layer.provide(Layer.merge(Database.layer({ url }), directory))),
    directory
  )
}

describe.each(engines)("Offboarding on $name", (engine) => {
  it.live(
    "a run journals every action once and finishes; the same plan again drifts, or with drift: proceed is a new run",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* engine.database
        const directory = accounts(["u-1", "u-2", "u-3"])
        yield* Effect.gen(function*() {
          const store = yield* Store.Store
          const planId = yield* store.savePlan({
            email: grace,
            createdAt: new Date(),
            actions: ["u-1", "u-2", "u-3"].map(action),
            coverage: { Astronomer: { _tag: "Complete" } }
          })
          const first = yield* Offboarding.run(planId)
          const run = yield* store.getRun(first)
          expect(run.finishedAt).toBeDefined()
          expect(run.journal.map((e) => [e.action.target, e.sends, e.outcome?._tag])).toEqual([
            ["u-1", 1, "Removed"],
            ["u-2", 1, "Removed"],
            ["u-3", 1, "Removed"]
          ])
          expect(directory.sent).toEqual(["u-1", "u-2", "u-3"])
          // The accounts are gone since the plan was saved: refused, nothing sent, no run started.
          const drift = yield* Effect.flip(Offboarding.run(planId))
          expect(drift._tag).toBe("PlanDrift")
          expect(drift._tag === "PlanDrift" && drift.removed.map((a) => a.target)).toEqual(["u-1", "u-2", "u-3"])
          expect((yield* store.listRuns()).map((r) => r.id)).toEqual([first])
          const second = yield* Offboarding.run(planId, { drift: "proceed" })
          expect(second).not.toBe(first)
          expect((yield* store.getRun(second)).journal.map((e) => e.outcome?._tag)).toEqual([
            "AlreadyAbsent",
            "AlreadyAbsent",
            "AlreadyAbsent"
          ])
          expect(yield* store.listRuns({ unfinished: true })).toEqual([])
        }).pipe(Effect.provide(offboardingAt(url, directory.actions)))
      })),
    30_000
  )

  it.live(
    "resuming decides by the journal: recorded outcomes are kept, an interrupted send is looked up first",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* engine.database
        // u-1 was removed and recorded; u-2 was sent and took effect, unrecorded; u-3 was sent and
        // lost; u-4 was never sent.
        const directory = accounts(["u-3", "u-4"])
        const lookedUp: Array<string> = []
        const lookup: Directory.DirectoryService["lookup"] = (a) =>
          Effect.zipRight(Effect.sync(() => lookedUp.push(a.target)), directory.actions.lookup(a))
        yield* Effect.gen(function*() {
          const store = yield* Store.Store
          const planId = yield* store.savePlan({
            email: grace,
            createdAt: new Date(),
            actions: ["u-1", "u-2", "u-3", "u-4"].map(action),
            coverage: { Astronomer: { _tag: "Complete" } }
          })
          const runId = yield* store.startRun(planId)
          yield* store.recordIntent(runId, 0)
          yield* store.recordOutcome(runId, 0, { _tag: "Removed", verifiedAt: new Date("2026-12-01T00:00:00Z") })
          yield* store.recordIntent(runId, 1)
          yield* store.recordIntent(runId, 2)
          expect((yield* store.listRuns({ unfinished: true })).map((r) => r.id)).toEqual([runId])
          yield* Offboarding.resume(runId)
          expect(directory.sent).toEqual(["u-3", "u-4"])
          expect(lookedUp).toEqual(["u-2", "u-3"])
          const run = yield* store.getRun(runId)
          expect(run.journal.map((e) => [e.action.target, e.sends, e.lookedUpAt !== undefined, e.outcome?._tag]))
            .toEqual([
              ["u-1", 1, false, "Removed"],
              ["u-2", 1, true, "AlreadyAbsent"],
              ["u-3", 2, true, "Removed"],
              ["u-4", 1, false, "Removed"]
            ])
          expect(run.finishedAt).toBeDefined()
        }).pipe(Effect.provide(offboardingAt(url, { ...directory.actions, lookup })))
      })),
    30_000
  )
})
