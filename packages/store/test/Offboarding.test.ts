import { describe, expect, it } from "@effect/vitest"
import * as Database from "@userkit/store/Database"
import * as Offboarding from "@userkit/store/Offboarding"
import type * as Records from "@userkit/store/Records"
import * as Store from "@userkit/store/Store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { engines } from "./Engines.js"

const action = (target: string): Records.ActionRecord => ({
  vendor: "Astronomer",
  scope: { type: "workspace", id: "ws-1" },
  action: "remove-membership",
  target,
  account: { key: target, email: "grace.hopper@example.com" }
})

// A directory of accounts in memory, counting what it is asked.
const accounts = (present: ReadonlyArray<string>) => {
  const live = new Set(present)
  const sent: Array<string> = []
  const actions: Offboarding.Actions = {
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

const offboardingAt = (url: string, actions: Offboarding.Actions) => {
  const database = Database.layer({ url })
  const store = Store.layer({ operator: "oncall" }).pipe(Layer.provide(database))
  const engine = Offboarding.layerEngine.pipe(Layer.provide(database))
  return Offboarding.layerWorkflow(actions).pipe(Layer.provideMerge(Layer.merge(engine, store)))
}

describe.each(engines)("Offboarding on $name", (engine) => {
  it.live(
    "a run journals every action once and finishes; a second run of the same plan is a new run",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* engine.database
        const directory = accounts(["u-1", "u-2", "u-3"])
        yield* Effect.gen(function*() {
          const store = yield* Store.Store
          const planId = yield* store.savePlan({
            email: "grace.hopper@example.com",
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
          const second = yield* Offboarding.run(planId)
          expect(second).not.toBe(first)
          expect((yield* store.getRun(second)).journal.map((e) => e.outcome?._tag)).toEqual([
            "AlreadyAbsent",
            "AlreadyAbsent",
            "AlreadyAbsent"
          ])
          expect(yield* store.listRuns({ unfinished: true })).toEqual([])
        }).pipe(Effect.provide(offboardingAt(url, directory.actions)))
      })),
    20_000
  )
})
