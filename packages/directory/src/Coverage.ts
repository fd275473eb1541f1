/**
 * What a listing, a search or a review saw of each vendor: all of it (`Complete`), some of it and
 * why not the rest (`Partial`), or nothing (`Failed`, with the typed failure where there was a
 * call). A vendor the directory spans always has an entry: a vendor that was not searched is
 * `Failed` or `Partial`, never silently absent.
 *
 * @since 0.3.0
 */
import type { Vendor } from "./DirectoryUser.js"
import { vendors } from "./DirectoryUser.js"
import type { VendorFailure } from "./Failure.js"

/**
 * What was seen of one vendor.
 *
 * @since 0.3.0
 * @category models
 */
export type Coverage =
  | { readonly _tag: "Complete" }
  | { readonly _tag: "Partial"; readonly reason: string }
  | { readonly _tag: "Failed"; readonly reason: string; readonly failure: VendorFailure | undefined }

/**
 * One entry per vendor the directory spans.
 *
 * @since 0.3.0
 * @category models
 */
export type ByVendor = { readonly [V in Vendor]?: Coverage }

/**
 * @since 0.3.0
 * @category constructors
 */
export const complete: Coverage = { _tag: "Complete" }

/**
 * @since 0.3.0
 * @category constructors
 */
export const partial = (reason: string): Coverage => ({ _tag: "Partial", reason })

/**
 * A vendor that could not be read, from the failure that stopped it.
 *
 * @since 0.3.0
 * @category constructors
 */
export const failed = (failure: VendorFailure): Coverage => ({
  _tag: "Failed",
  reason: `${failure.reason}: ${failure.message}`,
  failure
})

/**
 * Whether every vendor was seen whole.
 *
 * @since 0.3.0
 * @category predicates
 */
export const isComplete = (coverage: ByVendor): boolean =>
  Object.values(coverage).every((entry) => entry._tag === "Complete")

/**
 * The entries in the order reports list vendors.
 *
 * @since 0.3.0
 * @category getters
 */
export const entries = (coverage: ByVendor): ReadonlyArray<readonly [Vendor, Coverage]> =>
  vendors.flatMap((vendor) => {
    const entry = coverage[vendor]
    return entry === undefined ? [] : [[vendor, entry] as const]
  })
