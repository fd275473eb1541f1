/**
 * A vendor's API: its name, its error body, and its declared operations.
 *
 * @since 0.1.0
 */
import type * as Headers from "@effect/platform/Headers"
import type * as Schema from "effect/Schema"
import type * as Endpoint from "./Endpoint.js"

/**
 * A vendor API declaration.
 *
 * @since 0.1.0
 * @category models
 */
export interface Api<ErrorBody extends Schema.Schema.AnyNoContext> {
  /** The vendor's name, used in messages and span names, e.g. `"Rockset"`. */
  readonly vendor: string
  /** The schema of the body the vendor sends with an error status. */
  readonly errorBody: ErrorBody
  /** The vendor's request or trace id, from the error body or the headers. */
  readonly requestId: (body: Schema.Schema.Type<ErrorBody> | undefined, headers: Headers.Headers) => string | undefined
  /** The human message inside the error body, if any. */
  readonly errorMessage: (body: Schema.Schema.Type<ErrorBody> | undefined) => string | undefined
  /** Every declared operation, for the fake vendor and the test tables. */
  readonly endpoints: ReadonlyArray<Endpoint.Any>
}

/**
 * Declares a vendor API.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <ErrorBody extends Schema.Schema.AnyNoContext>(api: {
  readonly vendor: string
  readonly errorBody: ErrorBody
  readonly requestId?: Api<ErrorBody>["requestId"]
  readonly errorMessage?: Api<ErrorBody>["errorMessage"]
  readonly endpoints: ReadonlyArray<Endpoint.Any>
}): Api<ErrorBody> => ({
  vendor: api.vendor,
  errorBody: api.errorBody,
  requestId: api.requestId ?? ((_, headers) => headers["x-request-id"]),
  errorMessage: api.errorMessage ?? (() => undefined),
  endpoints: api.endpoints
})
