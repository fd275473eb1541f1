/**
 * A vendor call that failed, kept with its typed reason.
 *
 * @since 0.2.0
 */
import type { AstronomerUsers } from "@userkit/astronomer"
import type { AuthressUsers } from "@userkit/authress"
import type { RocksetUsers } from "@userkit/rockset"
import type { TileDBUsers } from "@userkit/tiledb"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type { Vendor } from "./DirectoryUser.js"

type ErrorOf<Service> = {
  [K in keyof Service]: Service[K] extends (...args: ReadonlyArray<never>) => Effect.Effect<infer _A, infer E, infer _R>
    ? E
    : Service[K] extends (...args: ReadonlyArray<never>) => Stream.Stream<infer _A, infer E, infer _R> ? E
    : never
}[keyof Service]

/**
 * Any failure of any vendor service's method: each vendor's typed errors, unchanged.
 *
 * @since 0.2.0
 * @category models
 */
export type VendorError =
  | ErrorOf<RocksetUsers.RocksetUsersService>
  | ErrorOf<AuthressUsers.AuthressUsersService>
  | ErrorOf<AstronomerUsers.AstronomerUsersService>
  | ErrorOf<TileDBUsers.TileDBUsersService>

/**
 * Why the directory did not call a vendor at all: `Unavailable`, the vendor could not be set up
 * (`Directory.Options.unavailable`: malformed credentials, a missing setting) or is not spanned by
 * this directory; `GivenUp`, the vendor failed too many times in a row in this run (the breaker,
 * `Directory.Options.breaker`).
 *
 * @since 0.3.0
 * @category models
 */
export type NotCalled = "Unavailable" | "GivenUp"

/**
 * A vendor call that failed: which vendor and operation, the error's tag (`Forbidden`), a message
 * in the vendor's words where it gave any, and the typed error itself; or a call the directory
 * did not make ({@link NotCalled}), with no error.
 *
 * @since 0.2.0
 * @category errors
 */
export class VendorFailure extends Data.TaggedError("VendorFailure")<{
  readonly vendor: Vendor
  readonly operation: string
  readonly reason: VendorError["_tag"] | NotCalled
  readonly message: string
  readonly error: VendorError | undefined
}> {}

// The vendor's own words where its error body has any, else userkit's message.
const vendorMessage = (error: VendorError): string => {
  const body: unknown = "body" in error ? error.body : undefined
  if (typeof body === "object" && body !== null) {
    for (const key of ["message", "title", "detail"]) {
      const value: unknown = Reflect.get(body, key)
      if (typeof value === "string" && value !== "") return value
    }
  }
  return error.message
}

/**
 * Wraps a vendor's typed error.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (vendor: Vendor, operation: string, error: VendorError): VendorFailure =>
  new VendorFailure({ vendor, operation, reason: error._tag, message: vendorMessage(error), error })

/**
 * A call the directory did not make, and why.
 *
 * @since 0.3.0
 * @category constructors
 */
export const notCalled = (vendor: Vendor, operation: string, reason: NotCalled, message: string): VendorFailure =>
  new VendorFailure({ vendor, operation, reason, message, error: undefined })

const userNotFound = /\buser\b[\s\S]*\b(?:not found|does not exist|doesn't exist|is not (?:in|a member))/i

/**
 * Whether a failure is the vendor saying that the user does not exist: a 404 whose body is the
 * vendor's own error body (decoded by its schema) with a message saying so ("user … not found",
 * "user … does not exist", "user … is not in organization …"). A 404 without such a body (a
 * route the server does not know, an HTML page, an empty body, a proxy's answer) is not: it says
 * nothing about the user.
 *
 * @since 0.3.0
 * @category predicates
 */
export const isUserNotFound = (failure: VendorFailure): boolean => {
  const error = failure.error
  if (error === undefined || error._tag !== "NotFound" || !("body" in error)) return false
  const body: unknown = error.body
  if (typeof body !== "object" || body === null) return false
  return ["message", "title", "detail"].some((key) => {
    const value: unknown = Reflect.get(body, key)
    return typeof value === "string" && userNotFound.test(value)
  })
}

const counted: ReadonlySet<string> = new Set([
  "TransportError",
  "TimeoutError",
  "Unauthorized",
  "Forbidden",
  "InternalServerError",
  "NotImplemented",
  "BadGateway",
  "ServiceUnavailable"
])

/**
 * A call the directory stopped waiting for: no answer within its deadline, retries included.
 *
 * @since 0.3.0
 * @category constructors
 */
export const timedOut = (vendor: Vendor, operation: string, deadline: Duration.Duration): VendorFailure =>
  new VendorFailure({
    vendor,
    operation,
    reason: "TimeoutError",
    message: `${vendor}.${operation}: no answer within ${Duration.format(deadline)} (the directory's call deadline)`,
    error: undefined
  })

/**
 * Whether a failure says the vendor itself is failing rather than one request being wrong: a
 * transport failure or timeout, a 5xx (after the client's retries), or 401/403. These are what
 * the breaker counts.
 *
 * @since 0.3.0
 * @category predicates
 */
export const isVendorDown = (failure: VendorFailure): boolean => {
  const error = failure.error
  if (error !== undefined && error._tag === "UnexpectedStatus") return error.status >= 500
  return counted.has(failure.reason)
}
