/**
 * Evidence: a saved review or run as JSON or CSV, headed by the tool and its version, when it was
 * exported and by whom, who made it, and what it saw of each vendor. CSV cells go through the
 * directory's `SafeText.csvCell` (RFC 4180 quoting and formula neutralisation), header lines
 * included, since they carry vendor text.
 *
 * @since 0.3.0
 */
import * as SafeText from "@userkit/directory/SafeText"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import type * as Errors from "./Errors.js"
import type * as Records from "./Records.js"
import * as Store from "./Store.js"
import { version } from "./Version.js"

/**
 * The export formats.
 *
 * @since 0.3.0
 * @category models
 */
export type Format = "json" | "csv"

/**
 * What heads every export.
 *
 * @since 0.3.0
 * @category models
 */
export interface Header {
  readonly tool: "userkit"
  readonly version: string
  readonly kind: "review" | "run"
  readonly id: string
  readonly exportedAt: Date
  readonly exportedBy: string
  /** Who saved the review, or ran the run. */
  readonly operator: string
  readonly coverage: Records.CoverageByVendor
}

/**
 * When and by whom an export was made.
 *
 * @since 0.3.0
 * @category models
 */
export interface ExportedBy {
  readonly exportedAt: Date
  readonly exportedBy: string
}

const headerOf = (
  kind: Header["kind"],
  saved: { readonly id: string; readonly operator: string },
  by: ExportedBy,
  coverage: Records.CoverageByVendor
): Header => ({ tool: "userkit", version, kind, id: saved.id, ...by, operator: saved.operator, coverage })

const coverageText = (coverage: Records.CoverageByVendor): string =>
  Object.entries(coverage).map(([vendor, entry]) => {
    if (entry === undefined) return vendor
    if (entry._tag === "Complete") return `${vendor}=complete`
    if (entry._tag === "Partial") return `${vendor}=partial (${entry.reason})`
    const why = entry.failure === undefined ? entry.reason : `${entry.failure.reason}: ${entry.failure.message}`
    return `${vendor}=failed (${why})`
  }).join("; ")

const csv = (header: Header, columns: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const preamble = [
    `# ${header.tool} ${header.version}: ${header.kind} ${header.id}`,
    `# exported at ${header.exportedAt.toISOString()} by ${header.exportedBy}`,
    `# operator: ${header.operator}`,
    `# coverage: ${coverageText(header.coverage)}`
  ]
  return [
    ...preamble.map(SafeText.csvCell),
    ...[columns, ...rows].map((row) => row.map(SafeText.csvCell).join(","))
  ].join("\r\n") + "\r\n"
}

const reviewColumns = ["vendor", "key", "email", "name", "status", "scopeType", "scopeId", "role"] as const

/**
 * A saved review as JSON or CSV (one row per identity × scope × role).
 *
 * @since 0.3.0
 * @category renderers
 */
export const review = (saved: Records.SavedReview, format: Format, by: ExportedBy): string => {
  const header = headerOf("review", saved, by, saved.coverage)
  if (format === "json") return JSON.stringify({ header, review: saved }, null, 2) + "\n"
  return csv(header, reviewColumns, saved.rows.map((row) => reviewColumns.map((column) => row[column])))
}

const runColumns = [
  "position",
  "vendor",
  "action",
  "scopeType",
  "scopeId",
  "target",
  "accountEmail",
  "operator",
  "sentAt",
  "sends",
  "lookedUpAt",
  "outcome",
  "verified",
  "outcomeAt",
  "verifiedOrCheckedAt",
  "requestId",
  "failure",
  "sentBy",
  "recordedBy"
] as const

const outcomeTime = (outcome: Records.OutcomeRecord | undefined): string => {
  switch (outcome?._tag) {
    case "Removed":
    case "AlreadyAbsent":
      return outcome.verifiedAt.toISOString()
    case "Pending":
      return outcome.lastSeenAt.toISOString()
    case "StillPresent":
      return outcome.checkedAt.toISOString()
    default:
      return ""
  }
}

const failureText = (outcome: Records.OutcomeRecord | undefined): string =>
  outcome?._tag === "Failed" || outcome?._tag === "Unverified"
    ? `${outcome.failure.vendor} ${outcome.failure.operation}: ${outcome.failure.reason}: ${outcome.failure.message}`
    : ""

/**
 * A run (its plan's coverage, and one line per action: intent, sends, outcome, verification) as
 * JSON or CSV.
 *
 * @since 0.3.0
 * @category renderers
 */
export const run = (saved: Records.SavedRun, format: Format, by: ExportedBy): string => {
  const header = headerOf("run", saved, by, saved.plan.coverage)
  if (format === "json") return JSON.stringify({ header, run: saved }, null, 2) + "\n"
  return csv(
    header,
    runColumns,
    saved.journal.map((entry) => [
      String(entry.position),
      entry.action.vendor,
      entry.action.action,
      entry.action.scope.type,
      entry.action.scope.id,
      entry.action.target,
      entry.action.account.email,
      entry.operator,
      entry.sentAt?.toISOString() ?? "",
      String(entry.sends),
      entry.lookedUpAt?.toISOString() ?? "",
      entry.outcome?._tag ?? "",
      entry.outcome === undefined
        ? ""
        : String(entry.outcome._tag === "Removed" || entry.outcome._tag === "AlreadyAbsent"),
      entry.outcomeAt?.toISOString() ?? "",
      outcomeTime(entry.outcome),
      entry.requestId ?? "",
      failureText(entry.outcome),
      entry.sentBy ?? "",
      entry.recordedBy ?? ""
    ])
  )
}

/**
 * Exports a saved review (`review-…`) or run (`run-…`) by its id, as the current `USER` (or
 * `exportedBy`) now.
 *
 * @since 0.3.0
 * @category renderers
 */
export const byId = (
  id: string,
  format: Format,
  options: { readonly exportedBy?: string | undefined } = {}
): Effect.Effect<string, Errors.StoreError | Errors.NotFound, Store.Store> =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    const exportedAt = new Date(yield* Clock.currentTimeMillis)
    const exportedBy = options.exportedBy ??
      (yield* Effect.orElseSucceed(Config.string("USER"), () => "unknown"))
    const by = { exportedAt, exportedBy }
    return id.startsWith("run-")
      ? run(yield* store.getRun(id), format, by)
      : review(yield* store.getReview(id), format, by)
  })
