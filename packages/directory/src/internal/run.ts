import * as Coverage from "../Coverage.js"
import type { Vendor } from "../DirectoryUser.js"
import { vendors as allVendors } from "../DirectoryUser.js"
import * as Failure from "../Failure.js"
import type { Adapter } from "./adapter.js"
import * as Breaker from "./breaker.js"

/** The vendors a directory spans: how to reach each one in a run, and which could not be set up. */
export interface Spanned {
  /** The vendors whose services were provided, each made into an adapter for one run. */
  readonly adapters: ReadonlyArray<(breaker: Breaker.Breaker) => Adapter>
  readonly settings: Breaker.Settings
}

/**
 * One find, plan, apply or review: the vendors it can call, through one breaker, and the vendors
 * it cannot (never called, `Failed` in its coverage).
 */
export interface Run {
  readonly adapters: ReadonlyArray<Adapter>
  readonly byVendor: ReadonlyMap<Vendor, Adapter>
  readonly unavailable: ReadonlyArray<readonly [Vendor, string]>
}

export const start = (spanned: Spanned): Run => {
  const breaker = Breaker.make(spanned.settings)
  const unavailable = allVendors.flatMap((vendor) => {
    const reason = spanned.settings.unavailable[vendor]
    return reason === undefined ? [] : [[vendor, reason] as const]
  })
  const adapters = spanned.adapters.map((build) => build(breaker))
    .filter((adapter) => spanned.settings.unavailable[adapter.vendor] === undefined)
  return {
    adapters,
    byVendor: new Map(adapters.map((a) => [a.vendor, a])),
    unavailable
  }
}

/** The vendors a directory spans: those it can call and those that could not be set up, in report order. */
export const vendorsOf = (spanned: Spanned): ReadonlyArray<Vendor> => {
  const run = start(spanned)
  const spannedVendors = new Set([...run.adapters.map((a) => a.vendor), ...run.unavailable.map(([vendor]) => vendor)])
  return allVendors.filter((vendor) => spannedVendors.has(vendor))
}

/** The failure standing for a vendor that could not be set up. */
export const unavailableFailure = (vendor: Vendor, operation: string, reason: string) =>
  Failure.notCalled(vendor, operation, "Unavailable", `${vendor} is unavailable: ${reason}`)

/** The coverage of the vendors a run could not call: `Failed`, with the reason they could not be set up. */
export const unavailableCoverage = (run: Run, operation: string): Coverage.ByVendor =>
  Object.fromEntries(
    run.unavailable.map(([vendor, reason]) => [vendor, Coverage.failed(unavailableFailure(vendor, operation, reason))])
  )

/** The adapter of an action's vendor, or why there is none. */
export const adapterFor = (run: Run, vendor: Vendor, operation: string): Adapter | Failure.VendorFailure => {
  const adapter = run.byVendor.get(vendor)
  if (adapter !== undefined) return adapter
  const reason = run.unavailable.find(([candidate]) => candidate === vendor)?.[1] ?? "not spanned by this directory"
  return unavailableFailure(vendor, operation, reason)
}
