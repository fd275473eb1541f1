/**
 * The shape of a vendor API declaration, shared by `Api` (which declares and builds services) and
 * `Client` (which runs a declaration's operations): here so that neither imports the other.
 */
import type * as Headers from "@effect/platform/Headers"
import type * as Schema from "effect/Schema"
import type * as Endpoint from "../Endpoint.js"

/**
 * The operations of an API, keyed by their public names.
 *
 * @since 0.2.0
 * @category models
 */
export type Operations = { readonly [name: string]: Endpoint.Declared }

/**
 * A vendor API declaration.
 *
 * @since 0.1.0
 * @category models
 */
export interface Api<
  ErrorBody extends Schema.Schema.AnyNoContext,
  Ops extends Operations = Operations
> {
  /** The vendor's name, used in messages and span names, e.g. `"Rockset"`. */
  readonly vendor: string
  /** The schema of the body the vendor sends with an error status. */
  readonly errorBody: ErrorBody
  // Methods, so that a vendor's API is also an `Api` of any error body (the tables take any).
  /** The vendor's request or trace id, from the error body or the headers. */
  requestId(body: Schema.Schema.Type<ErrorBody> | undefined, headers: Headers.Headers): string | undefined
  /** The human message inside the error body, if any. */
  errorMessage(body: Schema.Schema.Type<ErrorBody> | undefined): string | undefined
  /** Every operation by its public name; each endpoint's `name` is its key. */
  readonly operations: Ops
  /** The same operations as a list, in declaration order, for the fake vendor and the test tables. */
  readonly endpoints: ReadonlyArray<Endpoint.Declared>
}
