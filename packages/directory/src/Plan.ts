/**
 * Offboarding as data: a plan of removals that can be printed and reviewed before anything
 * changes, and the report of applying it, one verified outcome per action.
 *
 * An outcome is verified when a fresh lookup, made after the removal was sent, confirmed the
 * account is gone (`Removed`, `AlreadyAbsent`); every other outcome says what is known instead.
 *
 * @since 0.2.0
 */
import * as Data from "effect/Data"
import type * as Coverage from "./Coverage.js"
import { entries } from "./Coverage.js"
import type { Scope, Vendor } from "./DirectoryUser.js"
import type { Email } from "./Email.js"
import type { VendorFailure } from "./Failure.js"
import { terminal } from "./SafeText.js"

/**
 * One removal: `delete-user` deletes the identity (Rockset, Authress), `remove-membership` takes
 * it out of an organization or workspace (Astronomer, TileDB). `target` is the vendor's key;
 * `account` is what was matched (the key and the vendor's own email), for drift checks and
 * evidence.
 *
 * @since 0.2.0
 * @category models
 */
export interface Action {
  readonly vendor: Vendor
  readonly scope: Scope
  readonly action: "delete-user" | "remove-membership"
  readonly target: string
  readonly account: { readonly key: string; readonly email: string }
}

/**
 * What to do to offboard one person, when it was planned, and what was seen of each vendor.
 *
 * @since 0.2.0
 * @category models
 */
export interface Plan {
  readonly email: Email
  readonly createdAt: Date
  /** In the order they run within a vendor (workspaces before their organization). */
  readonly actions: ReadonlyArray<Action>
  /** A vendor that could not be searched is `Failed` here: its accounts are not in `actions`. */
  readonly coverage: Coverage.ByVendor
}

/**
 * What became of one action.
 *
 * - `Removed`: the removal succeeded and a fresh lookup no longer finds the account.
 * - `Pending`: the vendor accepted the removal to complete it later (Authress answers 202) and a
 *   lookup still saw the account at `lastSeenAt`.
 * - `AlreadyAbsent`: the removal failed (typically a 404 saying the user does not exist) and a
 *   fresh lookup confirms the account is not there.
 * - `StillPresent`: the removal succeeded but a lookup still finds the account.
 * - `Unverified`: the removal succeeded (or said the user does not exist) but the lookup that
 *   should confirm it failed.
 * - `Failed`: the removal failed, and the account is still there or could not be looked at.
 *
 * @since 0.2.0
 * @category models
 */
export type Outcome =
  | { readonly _tag: "Removed"; readonly verifiedAt: Date }
  | { readonly _tag: "Pending"; readonly lastSeenAt: Date }
  | { readonly _tag: "AlreadyAbsent"; readonly verifiedAt: Date }
  | { readonly _tag: "StillPresent"; readonly checkedAt: Date }
  | { readonly _tag: "Unverified"; readonly failure: VendorFailure }
  | { readonly _tag: "Failed"; readonly failure: VendorFailure }

/**
 * Whether a lookup confirmed the account is gone.
 *
 * @since 0.3.0
 * @category predicates
 */
export const isVerified = (outcome: Outcome): boolean => outcome._tag === "Removed" || outcome._tag === "AlreadyAbsent"

/**
 * One action and its outcome.
 *
 * @since 0.2.0
 * @category models
 */
export interface Result {
  readonly action: Action
  readonly outcome: Outcome
}

/**
 * The outcome of every action of a plan, in the plan's order, and what the check before it saw.
 *
 * @since 0.2.0
 * @category models
 */
export interface Report {
  readonly email: Email
  readonly results: ReadonlyArray<Result>
  readonly coverage: Coverage.ByVendor
}

/**
 * The accounts changed between the plan and its apply: accounts planned that are no longer
 * found (`removed`), and accounts found that the plan does not have (`added`). Nothing was sent.
 *
 * @since 0.3.0
 * @category errors
 */
export class PlanDrift extends Data.TaggedError("PlanDrift")<{
  readonly email: Email
  readonly added: ReadonlyArray<Action>
  readonly removed: ReadonlyArray<Action>
}> {
  override get message(): string {
    return `the accounts of ${this.email} changed since the plan was made: ` +
      `${this.added.length} found that the plan does not have, ${this.removed.length} planned that are gone`
  }
}

/**
 * The drift between a plan and the same person planned again (`fresh`): accounts found now that
 * the plan does not have, and planned accounts no longer found in a vendor the new search read (a
 * vendor it could not read is left out: its actions fail or verify on their own). `undefined`
 * when nothing changed.
 *
 * @since 0.3.0
 * @category constructors
 */
export const drift = (planned: Pick<Plan, "actions">, fresh: Plan): PlanDrift | undefined => {
  const comparable = (action: Action) => {
    const seen = fresh.coverage[action.vendor]
    return seen !== undefined && seen._tag !== "Failed"
  }
  const before = new Set(planned.actions.map(key))
  const found = new Set(fresh.actions.map(key))
  const added = fresh.actions.filter((action) => !before.has(key(action)))
  const removed = planned.actions.filter((action) => comparable(action) && !found.has(key(action)))
  return added.length === 0 && removed.length === 0 ? undefined : new PlanDrift({ email: fresh.email, added, removed })
}

/**
 * What identifies an action across plans: vendor, scope, kind and target.
 *
 * @since 0.3.0
 * @category getters
 */
export const key = (action: Action): string =>
  JSON.stringify([action.vendor, action.scope.type, action.scope.id, action.action, action.target])

const describeAction = (action: Action): string =>
  `${action.vendor.padEnd(10)} ${action.action.padEnd(17)} ${terminal(action.target)}  in ${action.scope.type} ${
    terminal(action.scope.id)
  }`

const describeFailure = (failure: VendorFailure): string => `${failure.reason}: ${terminal(failure.message)}`

const coverageLines = (coverage: Coverage.ByVendor): ReadonlyArray<string> =>
  entries(coverage).map(([vendor, entry]) => {
    switch (entry._tag) {
      case "Complete":
        return `  ${vendor.padEnd(10)} searched completely`
      case "Partial":
        return `  ${vendor.padEnd(10)} PARTIAL: ${terminal(entry.reason)}`
      case "Failed":
        return `  ${vendor.padEnd(10)} NOT SEARCHED: ${terminal(entry.reason)}`
    }
  })

/**
 * The plan as text, one line per action, then what was seen of each vendor. Vendor text is
 * shown terminal-safe (`SafeText.terminal`).
 *
 * @since 0.2.0
 * @category renderers
 */
export const render = (plan: Plan): string => {
  const lines = [
    `Offboarding plan for ${plan.email} (${plan.createdAt.toISOString()}): ${plan.actions.length} action(s)`
  ]
  for (const action of plan.actions) lines.push(`  ${describeAction(action)}`)
  if (plan.actions.length === 0) lines.push("  nothing found to remove")
  lines.push("Coverage:", ...coverageLines(plan.coverage))
  return lines.join("\n")
}

const outcomeText = (outcome: Outcome): string => {
  switch (outcome._tag) {
    case "Removed":
      return `removed (verified ${outcome.verifiedAt.toISOString()})`
    case "AlreadyAbsent":
      return `already absent (verified ${outcome.verifiedAt.toISOString()})`
    case "Pending":
      return `PENDING: accepted, still present at ${outcome.lastSeenAt.toISOString()}`
    case "StillPresent":
      return `STILL PRESENT at ${outcome.checkedAt.toISOString()} although the removal succeeded`
    case "Unverified":
      return `UNVERIFIED: the lookup failed, ${describeFailure(outcome.failure)}`
    case "Failed":
      return `FAILED ${describeFailure(outcome.failure)}`
  }
}

/**
 * The report as text: one line per action with its outcome (whether verified), then a summary
 * and what was seen of each vendor. Vendor text is shown terminal-safe.
 *
 * @since 0.2.0
 * @category renderers
 */
export const renderReport = (report: Report): string => {
  const lines = [`Offboarding report for ${report.email}`]
  for (const { action, outcome } of report.results) lines.push(`  ${describeAction(action)}  ${outcomeText(outcome)}`)
  if (report.results.length === 0) lines.push("  nothing was done")
  const verified = report.results.filter(({ outcome }) => isVerified(outcome)).length
  lines.push(`${verified} of ${report.results.length} action(s) verified`)
  lines.push("Coverage:", ...coverageLines(report.coverage))
  return lines.join("\n")
}

/**
 * Plan, report or any directory data as JSON, faithful to the vendors' text: failures keep their
 * vendor, operation, reason and message, and the typed error's tag and status (never a request).
 *
 * @since 0.2.0
 * @category renderers
 */
export const toJson = (value: Plan | Report): string =>
  JSON.stringify(
    value,
    (key, field: unknown) => {
      if (key === "error" && typeof field === "object" && field !== null) {
        const status: unknown = Reflect.get(field, "status")
        return { _tag: Reflect.get(field, "_tag"), ...(typeof status === "number" ? { status } : {}) }
      }
      return field
    },
    2
  )
