/**
 * The access review: every user × vendor × scope × role as rows, with JSON and CSV renderers.
 *
 * @since 0.2.0
 */
import type * as Coverage from "./Coverage.js"
import type { DirectoryUser, Vendor } from "./DirectoryUser.js"
import { csvCell } from "./SafeText.js"

/**
 * One role of one identity. An identity with no role has one row with an empty `role`, so that
 * every identity is reviewed.
 *
 * @since 0.2.0
 * @category models
 */
export interface Row {
  readonly vendor: Vendor
  readonly key: string
  readonly email: string
  readonly name: string
  readonly status: string
  readonly scopeType: string
  readonly scopeId: string
  readonly role: string
}

/**
 * The rows, when the review ran, and what it saw of each vendor, so a partial review never passes
 * as whole.
 *
 * @since 0.2.0
 * @category models
 */
export interface AccessReview {
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly rows: ReadonlyArray<Row>
  /** One entry per vendor the directory spans: `Complete`, `Partial` (why) or `Failed`. */
  readonly coverage: Coverage.ByVendor
}

/**
 * The rows of one identity.
 *
 * @since 0.2.0
 * @category constructors
 */
export const rowsOf = (user: DirectoryUser): ReadonlyArray<Row> => {
  const base = {
    vendor: user.vendor,
    key: user.key,
    email: user.email ?? "",
    name: user.name ?? "",
    status: user.status ?? ""
  }
  if (user.roles.length === 0) return [{ ...base, scopeType: "", scopeId: "", role: "" }]
  return user.roles.map((role) => ({ ...base, scopeType: role.scope.type, scopeId: role.scope.id, role: role.role }))
}

/**
 * The CSV columns, in order.
 *
 * @since 0.2.0
 * @category constants
 */
export const columns: ReadonlyArray<keyof Row> = [
  "vendor",
  "key",
  "email",
  "name",
  "status",
  "scopeType",
  "scopeId",
  "role"
]

/**
 * The review as CSV (RFC 4180, CRLF line ends), one row per role; each cell through
 * `SafeText.csvCell` (formula triggers neutralised, see that module). Coverage is not in the
 * rows: read it from the review (or {@link toJson}).
 *
 * @since 0.2.0
 * @category renderers
 */
export const toCsv = (review: AccessReview): string =>
  [columns.join(","), ...review.rows.map((row) => columns.map((column) => csvCell(row[column])).join(","))]
    .join("\r\n") + "\r\n"

/**
 * The review as JSON, faithful to the vendors' text: times, rows, and coverage per vendor (a
 * failure as its vendor, operation, reason and message).
 *
 * @since 0.2.0
 * @category renderers
 */
export const toJson = (review: AccessReview): string =>
  JSON.stringify(
    {
      startedAt: review.startedAt,
      finishedAt: review.finishedAt,
      rows: review.rows,
      coverage: Object.fromEntries(
        Object.entries(review.coverage).map(([vendor, entry]) => [
          vendor,
          entry._tag === "Failed" && entry.failure !== undefined
            ? {
              ...entry,
              failure: {
                vendor: entry.failure.vendor,
                operation: entry.failure.operation,
                reason: entry.failure.reason,
                message: entry.failure.message
              }
            }
            : entry
        ])
      )
    },
    null,
    2
  )
