/**
 * Offboarding as data: a plan of removals that can be printed and reviewed before anything
 * changes, and the report of applying it, one outcome per action.
 *
 * @since 0.2.0
 */
import type { Scope, Vendor } from "./DirectoryUser.js"
import type { VendorFailure } from "./Failure.js"

/**
 * One removal: `delete-user` deletes the identity (Rockset, Authress), `remove-membership` takes
 * it out of an organization or workspace (Astronomer, TileDB). `target` is the vendor's key.
 *
 * @since 0.2.0
 * @category models
 */
export interface Action {
  readonly vendor: Vendor
  readonly scope: Scope
  readonly action: "delete-user" | "remove-membership"
  readonly target: string
}

/**
 * What to do to offboard one person, and the vendors that could not be searched.
 *
 * @since 0.2.0
 * @category models
 */
export interface Plan {
  readonly email: string
  /** In the order they run within a vendor (workspaces before their organization). */
  readonly actions: ReadonlyArray<Action>
  readonly lookupFailures: ReadonlyArray<VendorFailure>
}

/**
 * What became of one action.
 *
 * @since 0.2.0
 * @category models
 */
export type Outcome =
  | { readonly _tag: "Done" }
  | { readonly _tag: "AlreadyAbsent" }
  | { readonly _tag: "Failed"; readonly failure: VendorFailure }
  | { readonly _tag: "NotConfigured" }

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
 * The outcome of every action of a plan, in the plan's order.
 *
 * @since 0.2.0
 * @category models
 */
export interface Report {
  readonly email: string
  readonly results: ReadonlyArray<Result>
}

const describeAction = (action: Action): string =>
  `${action.vendor.padEnd(10)} ${action.action.padEnd(17)} ${action.target}  in ${action.scope.type} ${action.scope.id}`

/**
 * The plan as text, one line per action.
 *
 * @since 0.2.0
 * @category renderers
 */
export const render = (plan: Plan): string => {
  const lines = [`Offboarding plan for ${plan.email}: ${plan.actions.length} action(s)`]
  for (const action of plan.actions) lines.push(`  ${describeAction(action)}`)
  if (plan.actions.length === 0) lines.push("  nothing to remove")
  for (const failure of plan.lookupFailures) {
    lines.push(`  ${failure.vendor.padEnd(10)} NOT SEARCHED      ${failure.reason}: ${failure.message}`)
  }
  return lines.join("\n")
}

const outcomeText = (outcome: Outcome): string => {
  switch (outcome._tag) {
    case "Done":
      return "done          "
    case "AlreadyAbsent":
      return "already absent"
    case "Failed":
      return `FAILED ${outcome.failure.reason}: ${outcome.failure.message}`
    case "NotConfigured":
      return "SKIPPED: vendor not configured"
  }
}

/**
 * The report as text, one line per action.
 *
 * @since 0.2.0
 * @category renderers
 */
export const renderReport = (report: Report): string => {
  const lines = [`Offboarding report for ${report.email}`]
  for (const { action, outcome } of report.results) lines.push(`  ${outcomeText(outcome)}  ${describeAction(action)}`)
  if (report.results.length === 0) lines.push("  nothing was done")
  return lines.join("\n")
}

/**
 * Plan, report or any directory data as JSON: failures keep their vendor, operation, reason and
 * message, and the typed error's tag and status (never a request).
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
