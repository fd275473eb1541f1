/**
 * The access review: every user × vendor × scope × role as rows, with JSON and CSV renderers.
 *
 * @since 0.2.0
 */
import type { DirectoryUser, Vendor } from "./DirectoryUser.js"
import type { VendorFailure } from "./Failure.js"

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
 * The rows, and the vendors (or lookups) that failed, so a partial review never passes as whole.
 *
 * @since 0.2.0
 * @category models
 */
export interface AccessReview {
  readonly rows: ReadonlyArray<Row>
  readonly failures: ReadonlyArray<VendorFailure>
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

// RFC 4180 quoting, and a leading quote for what a spreadsheet would run as a formula.
const csvField = (value: string): string => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll("\"", "\"\"")}"` : safe
}

/**
 * The review as CSV (RFC 4180, CRLF line ends), one row per role; failures are not rows.
 *
 * @since 0.2.0
 * @category renderers
 */
export const toCsv = (review: AccessReview): string =>
  [columns.join(","), ...review.rows.map((row) => columns.map((column) => csvField(row[column])).join(","))]
    .join("\r\n") + "\r\n"

/**
 * The review as JSON: rows, and failures with vendor, operation, reason and message.
 *
 * @since 0.2.0
 * @category renderers
 */
export const toJson = (review: AccessReview): string =>
  JSON.stringify(
    {
      rows: review.rows,
      failures: review.failures.map(({ message, operation, reason, vendor }) => ({
        vendor,
        operation,
        reason,
        message
      }))
    },
    null,
    2
  )
