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
 * A vendor call that failed: which vendor and operation, the error's tag (`Forbidden`), a message
 * in the vendor's words where it gave any, and the typed error itself.
 *
 * @since 0.2.0
 * @category errors
 */
export class VendorFailure extends Data.TaggedError("VendorFailure")<{
  readonly vendor: Vendor
  readonly operation: string
  readonly reason: VendorError["_tag"]
  readonly message: string
  readonly error: VendorError
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
