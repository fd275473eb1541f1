import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Coverage from "../Coverage.js"
import * as Failure from "../Failure.js"
import * as Plan from "../Plan.js"
import type { Presence } from "./adapter.js"
import { plan as replan } from "./find.js"
import type { Run } from "./run.js"
import { adapterFor } from "./run.js"

/** What `apply` is told to do around each action. */
export interface Hooks {
  readonly onSent: (action: Plan.Action) => Effect.Effect<void>
  readonly onResult: (result: Plan.Result) => Effect.Effect<void>
}

/**
 * The outcome of one removal from its answer and the lookup made after it. Only a lookup that
 * no longer finds the account makes an outcome verified.
 */
export const outcomeOf = (
  sent: Either.Either<void, Failure.VendorFailure>,
  checked: Either.Either<Presence, Failure.VendorFailure>,
  at: Date,
  completesLater: boolean
): Plan.Outcome => {
  if (Either.isRight(sent)) {
    if (Either.isLeft(checked)) return { _tag: "Unverified", failure: checked.left }
    if (checked.right === "absent") return { _tag: "Removed", verifiedAt: at }
    return completesLater ? { _tag: "Pending", lastSeenAt: at } : { _tag: "StillPresent", checkedAt: at }
  }
  if (Either.isRight(checked)) {
    return checked.right === "absent"
      ? { _tag: "AlreadyAbsent", verifiedAt: at }
      : { _tag: "Failed", failure: sent.left }
  }
  // The vendor said the user does not exist but nothing could confirm it.
  return Failure.isUserNotFound(sent.left)
    ? { _tag: "Unverified", failure: checked.left }
    : { _tag: "Failed", failure: sent.left }
}

/** Step 4, per action: tell the journal, send, then look again. Never fails: a failure is an outcome. */
export const remove = (
  run: Run,
  action: Plan.Action,
  onSent: Hooks["onSent"]
): Effect.Effect<Plan.Outcome> => {
  const adapter = adapterFor(run, action.vendor, action.action)
  if (!("send" in adapter)) return Effect.succeed({ _tag: "Failed", failure: adapter })
  return Effect.gen(function*() {
    yield* onSent(action)
    const sent = yield* Effect.either(adapter.send(action))
    const checked = yield* Effect.either(adapter.lookup(action))
    const at = new Date(yield* Clock.currentTimeMillis)
    return outcomeOf(sent, checked, at, adapter.completesLater)
  })
}

/**
 * Step 3: plan again and compare the accounts. A vendor the new search could not read (or that
 * the directory does not span) is left out of the comparison (its actions then fail or verify on their own); any other difference is
 * drift, and nothing is sent.
 */
export const checkDrift = (run: Run, plan: Plan.Plan): Effect.Effect<Coverage.ByVendor, Plan.PlanDrift> =>
  Effect.flatMap(replan(run, plan.email), (fresh) => {
    const drift = Plan.drift(plan, fresh)
    return drift === undefined ? Effect.succeed(fresh.coverage) : Effect.fail(drift)
  })

/** Steps 3 and 4: the drift check, then every action: vendors at once, each vendor's actions in order. */
export const apply = (
  run: Run,
  plan: Plan.Plan,
  hooks: Hooks,
  drift: "refuse" | "proceed"
): Effect.Effect<Plan.Report, Plan.PlanDrift> =>
  Effect.gen(function*() {
    const coverage = drift === "proceed" ? plan.coverage : yield* checkDrift(run, plan)
    const outcomes = new Map<Plan.Action, Plan.Outcome>()
    const runAction = (action: Plan.Action) =>
      Effect.flatMap(remove(run, action, hooks.onSent), (outcome) => {
        outcomes.set(action, outcome)
        return hooks.onResult({ action, outcome })
      })
    const vendorsInPlan = [...new Set(plan.actions.map((action) => action.vendor))]
    yield* Effect.forEach(
      vendorsInPlan,
      (vendor) =>
        Effect.forEach(plan.actions.filter((action) => action.vendor === vendor), runAction, { discard: true }),
      { concurrency: "unbounded", discard: true }
    )
    return {
      email: plan.email,
      results: plan.actions.flatMap((action) => {
        const outcome = outcomes.get(action)
        return outcome === undefined ? [] : [{ action, outcome }]
      }),
      coverage
    }
  })
