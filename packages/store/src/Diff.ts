/**
 * What changed between two reviews: access gained, lost and changed (role changes), per person
 * and vendor. A vendor that either review did not see completely is unknown: its rows are left
 * out of gained and lost, so a vendor that failed never reads as "everyone lost access".
 *
 * @since 0.3.0
 */
import type { AccessReview, DirectoryUser } from "@userkit/directory"
import * as Email from "@userkit/directory/Email"
import * as Either from "effect/Either"
import type * as Records from "./Records.js"

/**
 * One account of a person in one scope of a vendor: what access and changes are about.
 *
 * @since 0.3.0
 * @category models
 */
export interface AccountScope {
  readonly person: string
  readonly vendor: DirectoryUser.Vendor
  readonly key: string
  readonly email: string
  readonly scopeType: string
  readonly scopeId: string
}

/**
 * One account's access in one scope: its roles there.
 *
 * @since 0.3.0
 * @category models
 */
export interface Access extends AccountScope {
  readonly roles: ReadonlyArray<string>
}

/**
 * An account whose roles in a scope changed.
 *
 * @since 0.3.0
 * @category models
 */
export interface Change extends AccountScope {
  readonly before: ReadonlyArray<string>
  readonly after: ReadonlyArray<string>
}

/**
 * A vendor whose changes cannot be known, with what each review saw of it (undefined: not part
 * of that review's directory).
 *
 * @since 0.3.0
 * @category models
 */
export interface Unknown {
  readonly vendor: DirectoryUser.Vendor
  readonly from: Records.CoverageRecord | undefined
  readonly to: Records.CoverageRecord | undefined
}

/**
 * The difference between two reviews, each list sorted by person, vendor, scope.
 *
 * @since 0.3.0
 * @category models
 */
export interface Diff {
  readonly from: Records.ReviewSummary
  readonly to: Records.ReviewSummary
  readonly gained: ReadonlyArray<Access>
  readonly lost: ReadonlyArray<Access>
  readonly changed: ReadonlyArray<Change>
  readonly unknown: ReadonlyArray<Unknown>
}

/**
 * The form of an email the store keys people by: the directory's canonical form, or for an
 * address the directory refuses (vendors hold anything), the same folding (ASCII whitespace
 * trimmed, ASCII letters lower-cased). Empty for an account without one.
 *
 * @since 0.3.0
 * @category constructors
 */
export const person = (email: string): string =>
  Either.getOrElse(
    Email.either(email),
    () => email.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "").replace(/[A-Z]+/g, (ascii) => ascii.toLowerCase())
  )

const vendorsOf = (coverage: Records.CoverageByVendor): ReadonlyArray<DirectoryUser.Vendor> => {
  const vendors: Array<DirectoryUser.Vendor> = []
  for (const vendor of ["Rockset", "Authress", "Astronomer", "TileDB"] as const) {
    if (coverage[vendor] !== undefined) vendors.push(vendor)
  }
  return vendors
}

// An account in a scope, whatever its roles: the unit of gained and lost.
const accessKey = (row: AccessReview.Row): string => JSON.stringify([row.vendor, row.scopeType, row.scopeId, row.key])

const group = (
  rows: ReadonlyArray<AccessReview.Row>,
  known: ReadonlySet<DirectoryUser.Vendor>
): Map<string, Access> => {
  const accesses = new Map<string, Access>()
  const roles = new Map<string, Array<string>>()
  for (const row of rows) {
    if (!known.has(row.vendor)) continue
    const key = accessKey(row)
    let list = roles.get(key)
    if (list === undefined) {
      list = []
      roles.set(key, list)
      accesses.set(key, {
        person: person(row.email),
        vendor: row.vendor,
        key: row.key,
        email: row.email,
        scopeType: row.scopeType,
        scopeId: row.scopeId,
        roles: list
      })
    }
    if (row.role !== "" && !list.includes(row.role)) list.push(row.role)
  }
  for (const list of roles.values()) list.sort()
  return accesses
}

const order = (a: Omit<Access, "roles">, b: Omit<Access, "roles">): number =>
  a.person.localeCompare(b.person) || a.vendor.localeCompare(b.vendor) || a.scopeType.localeCompare(b.scopeType) ||
  a.scopeId.localeCompare(b.scopeId) || a.key.localeCompare(b.key)

const sameRoles = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean =>
  a.length === b.length && a.every((role, i) => role === b[i])

/**
 * The vendors both reviews saw completely: the only ones whose changes can be known.
 *
 * @since 0.3.0
 * @category constructors
 */
export const knownVendors = (
  from: Records.CoverageByVendor,
  to: Records.CoverageByVendor
): ReadonlyArray<DirectoryUser.Vendor> =>
  vendorsOf(from).filter((vendor) => from[vendor]?._tag === "Complete" && to[vendor]?._tag === "Complete")

/**
 * Compares two saved reviews.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (from: Records.SavedReview, to: Records.SavedReview): Diff => {
  const known = new Set<DirectoryUser.Vendor>()
  const unknown: Array<Unknown> = []
  for (const vendor of new Set([...vendorsOf(from.coverage), ...vendorsOf(to.coverage)])) {
    const before = from.coverage[vendor]
    const after = to.coverage[vendor]
    if (before?._tag === "Complete" && after?._tag === "Complete") known.add(vendor)
    else unknown.push({ vendor, from: before, to: after })
  }
  const before = group(from.rows, known)
  const after = group(to.rows, known)
  const gained: Array<Access> = []
  const lost: Array<Access> = []
  const changed: Array<Change> = []
  for (const [key, access] of after) {
    const previous = before.get(key)
    if (previous === undefined) gained.push(access)
    else if (!sameRoles(previous.roles, access.roles)) {
      const { roles, ...where } = access
      changed.push({ ...where, before: previous.roles, after: roles })
    }
  }
  for (const [key, access] of before) {
    if (!after.has(key)) lost.push(access)
  }
  const { rows: _fromRows, ...fromSummary } = from
  const { rows: _toRows, ...toSummary } = to
  return {
    from: fromSummary,
    to: toSummary,
    gained: gained.sort(order),
    lost: lost.sort(order),
    changed: changed.sort(order),
    unknown
  }
}
