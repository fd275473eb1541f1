import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { Vendor } from "../DirectoryUser.js"
import * as Failure from "../Failure.js"

/** How a run treats its vendors: the ones that could not be set up, and when to give one up. */
export interface Settings {
  readonly unavailable: { readonly [V in Vendor]?: string }
  /** Consecutive failures of the vendor itself before it is given up for the run. */
  readonly failures: number
  /** The longest one call (or one page of a listing) may take, retries included. */
  readonly callDeadline: Duration.Duration
}

/**
 * One run's view of the vendors (a find, a plan, an apply, a review): each call goes through it.
 * A vendor that could not be set up is never called. A vendor whose calls fail `failures` times
 * in a row (transport, timeout, 5xx after the client's retries, 401/403) is given up for the rest
 * of the run: its further calls fail at once, so one vendor down costs seconds, not hours.
 */
export interface Breaker {
  readonly call: <A>(
    vendor: Vendor,
    operation: string,
    effect: Effect.Effect<A, Failure.VendorFailure>
  ) => Effect.Effect<A, Failure.VendorFailure>
  readonly listing: <A>(
    vendor: Vendor,
    operation: string,
    stream: Stream.Stream<A, Failure.VendorFailure>
  ) => Stream.Stream<A, Failure.VendorFailure>
}

interface State {
  consecutive: number
  last: Failure.VendorFailure | undefined
}

export const make = (settings: Settings): Breaker => {
  const states = new Map<Vendor, State>()
  const stateOf = (vendor: Vendor): State => {
    const existing = states.get(vendor)
    if (existing !== undefined) return existing
    const fresh: State = { consecutive: 0, last: undefined }
    states.set(vendor, fresh)
    return fresh
  }
  const admit = (vendor: Vendor, operation: string): Effect.Effect<void, Failure.VendorFailure> =>
    Effect.suspend(() => {
      const unavailable = settings.unavailable[vendor]
      if (unavailable !== undefined) {
        return Effect.fail(
          Failure.notCalled(vendor, operation, "Unavailable", `${vendor} is unavailable: ${unavailable}`)
        )
      }
      const state = stateOf(vendor)
      if (state.consecutive < settings.failures) return Effect.void
      const last = state.last === undefined ? "" : ` (last: ${state.last.reason}: ${state.last.message})`
      return Effect.fail(Failure.notCalled(
        vendor,
        operation,
        "GivenUp",
        `${vendor} given up for this run after ${settings.failures} consecutive failures${last}`
      ))
    })
  const succeeded = (vendor: Vendor) =>
    Effect.sync(() => {
      stateOf(vendor).consecutive = 0
    })
  const failed = (vendor: Vendor, failure: Failure.VendorFailure) =>
    Effect.sync(() => {
      const state = stateOf(vendor)
      if (Failure.isVendorDown(failure)) {
        state.consecutive += 1
        state.last = failure
      } else {
        // The vendor answered (a 404, a 400): it is up.
        state.consecutive = 0
      }
    })
  const deadline = (vendor: Vendor, operation: string) => Failure.timedOut(vendor, operation, settings.callDeadline)
  return {
    call: (vendor, operation, effect) =>
      Effect.zipRight(
        admit(vendor, operation),
        effect.pipe(
          Effect.timeoutFail({ duration: settings.callDeadline, onTimeout: () => deadline(vendor, operation) }),
          Effect.tapBoth({ onFailure: (failure) => failed(vendor, failure), onSuccess: () => succeeded(vendor) })
        )
      ),
    listing: (vendor, operation, stream) =>
      Stream.unwrap(Effect.as(
        admit(vendor, operation),
        stream.pipe(
          Stream.timeoutFail(() => deadline(vendor, operation), settings.callDeadline),
          Stream.tapError((failure) => failed(vendor, failure)),
          Stream.onEnd(succeeded(vendor))
        )
      ))
  }
}

export const defaultDeadline = Duration.seconds(20)
