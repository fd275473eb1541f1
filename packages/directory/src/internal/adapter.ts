import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { DirectoryUser, Scope, Vendor } from "../DirectoryUser.js"
import type { Email } from "../Email.js"
import * as Failure from "../Failure.js"
import type { Action } from "../Plan.js"
import type { Breaker } from "./breaker.js"

/** A person's accounts in one vendor, and why the search may have missed some (absent: it did not). */
export interface Found {
  readonly identities: ReadonlyArray<DirectoryUser>
  readonly partial: string | undefined
}

/** Whether an account is still where an action would remove it from. */
export type Presence = "present" | "absent"

/** What the directory needs of one vendor. Every method matches by email exactly (`Email.matches`). */
export interface Adapter {
  readonly vendor: Vendor
  /** Every user, pages fetched as the stream is pulled. */
  readonly list: Stream.Stream<DirectoryUser, Failure.VendorFailure>
  /** What a whole listing of these users still does not show (TileDB: undisclosed emails), if anything. */
  readonly listingGaps: (users: ReadonlyArray<DirectoryUser>) => string | undefined
  /** The accounts whose own email is this one, canonically; never the vendor's search answer by itself. */
  readonly find: (email: Email) => Effect.Effect<Found, Failure.VendorFailure>
  /** The actions that remove one account, in the order they must run. */
  readonly removals: (user: DirectoryUser) => ReadonlyArray<Action>
  /** Sends one removal. */
  readonly send: (action: Action) => Effect.Effect<void, Failure.VendorFailure>
  /** A fresh look at the account in the action's scope; a 404 is "absent" only when the vendor says so. */
  readonly lookup: (action: Action) => Effect.Effect<Presence, Failure.VendorFailure>
  /** The vendor accepts a removal and completes it later (Authress: 202): still present is `Pending`. */
  readonly completesLater: boolean
}

/** The action that removes the account from one scope, naming the account it was planned for. */
export const removal = (user: DirectoryUser, scope: Scope, action: Action["action"]): Action => ({
  vendor: user.vendor,
  scope,
  action,
  target: user.key,
  account: { key: user.key, email: user.email ?? "" }
})

/** A vendor call, its failure kept typed, through the run's breaker. The vendor's client keeps its quotas. */
export type Call = <A, E extends Failure.VendorError>(
  operation: string,
  effect: Effect.Effect<A, E>
) => Effect.Effect<A, Failure.VendorFailure>

/** A vendor listing, its failure kept typed, through the run's breaker. */
export type Listing = <A, E extends Failure.VendorError>(
  operation: string,
  stream: Stream.Stream<A, E>
) => Stream.Stream<A, Failure.VendorFailure>

/** The calls and listings of one vendor in one run. */
export interface Caller {
  readonly call: Call
  readonly listing: Listing
}

/** Calls and listings of one vendor, their failures named after it, through the run's breaker. */
export const caller = (vendor: Vendor, breaker: Breaker): Caller => ({
  call: (operation, effect) =>
    breaker.call(vendor, operation, Effect.mapError(effect, (error) => Failure.make(vendor, operation, error))),
  listing: (operation, stream) =>
    breaker.listing(vendor, operation, Stream.mapError(stream, (error) => Failure.make(vendor, operation, error)))
})

/** A lookup by a read that answers 404 when the account is gone: absent only when the vendor says so. */
export const presence = <A>(
  read: Effect.Effect<A, Failure.VendorFailure>,
  present: (value: A) => boolean = () => true
): Effect.Effect<Presence, Failure.VendorFailure> =>
  read.pipe(
    Effect.map((value): Presence => present(value) ? "present" : "absent"),
    Effect.catchIf(Failure.isUserNotFound, () => Effect.succeed<Presence>("absent"))
  )

/** Several parts of a name as one, or absent. */
export const joined = (...parts: ReadonlyArray<string | undefined>): string | undefined => {
  const text = parts.filter((part) => part !== undefined && part !== "").join(" ")
  return text === "" ? undefined : text
}

/** The page size of the listings that take one. */
export const pageSize = 100
