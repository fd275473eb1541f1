/**
 * The failures every userkit operation can produce.
 *
 * A documented HTTP status becomes its own class, named after the standard
 * reason phrase (`NotFound` for 404), generic over the vendor's error body so
 * that one class serves every vendor while each vendor's union stays precise.
 * None of these failures holds a request, a response or a header: only what
 * is safe to log.
 *
 * @since 0.1.0
 */
import type * as Cause from "effect/Cause"
import * as Data from "effect/Data"
import type * as Duration from "effect/Duration"

/**
 * Where a failure happened: enough to find the call, never a secret.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallSite {
  /** The vendor, e.g. `"Rockset"`. */
  readonly vendor: string
  /** The operation, e.g. `"get"`. */
  readonly operation: string
  /** The HTTP method. */
  readonly method: string
  /** The route template, without ids, e.g. `"/v1/orgs/self/users/{user}"`. */
  readonly route: string
}

/**
 * The fields of a documented-status failure.
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusErrorFields<Status extends number, Body> extends CallSite {
  readonly status: Status
  readonly message: string
  /** The vendor's error body, decoded; `undefined` when the response had none or it did not match. */
  readonly body: Body | undefined
  /** The raw body text when it could not be decoded (truncated), for diagnosis. */
  readonly bodyText: string | undefined
  /** The vendor's request or trace id, where it sends one. */
  readonly requestId: string | undefined
  /** The server's `Retry-After`, where it sent one. */
  readonly retryAfter: Duration.Duration | undefined
}

// ---------------------------------------------------------------------------------------------
// The documented statuses: one class each, all made by `statusClass`, and one table from which
// the tags, the reason phrases, the known statuses and the constructors are derived.
// ---------------------------------------------------------------------------------------------

/**
 * The class of one documented status: a tagged error with that status's fields, and the status
 * and tag as statics.
 *
 * @since 0.2.0
 * @category models
 */
export interface StatusClass<Tag extends string, Status extends number> {
  new<Body = unknown>(
    fields: StatusErrorFields<Status, Body>
  ): Cause.YieldableError & { readonly _tag: Tag } & Readonly<StatusErrorFields<Status, Body>>
  readonly status: Status
  readonly tag: Tag
  /** This status's failure from the fields of any status (what the table constructs with). */
  fromFields(fields: Omit<StatusErrorFields<number, unknown>, "status">): { readonly _tag: Tag }
}

const statusClass = <const Tag extends string, const Status extends number>(
  tag: Tag,
  status: Status
): StatusClass<Tag, Status> =>
  class StatusFailure<Body = unknown> extends Data.TaggedError(tag)<StatusErrorFields<Status, Body>> {
    static readonly status = status
    static readonly tag = tag
    // `this`: called on `NotFound`, it makes a `NotFound`, not the anonymous base.
    static fromFields(fields: Omit<StatusErrorFields<number, unknown>, "status">) {
      return new this({ ...fields, status })
    }
  }

/**
 * 400 Bad Request.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest<Body = unknown> extends statusClass("BadRequest", 400)<Body> {}

/**
 * 401 Unauthorized.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized<Body = unknown> extends statusClass("Unauthorized", 401)<Body> {}

/**
 * 403 Forbidden.
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden<Body = unknown> extends statusClass("Forbidden", 403)<Body> {}

/**
 * 404 Not Found.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound<Body = unknown> extends statusClass("NotFound", 404)<Body> {}

/**
 * 405 Method Not Allowed.
 *
 * @since 0.1.0
 * @category errors
 */
export class MethodNotAllowed<Body = unknown> extends statusClass("MethodNotAllowed", 405)<Body> {}

/**
 * 406 Not Acceptable.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotAcceptable<Body = unknown> extends statusClass("NotAcceptable", 406)<Body> {}

/**
 * 408 Request Timeout (sent by the server; the client-side timeout is {@link TimeoutError}).
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestTimeout<Body = unknown> extends statusClass("RequestTimeout", 408)<Body> {}

/**
 * 409 Conflict.
 *
 * @since 0.1.0
 * @category errors
 */
export class Conflict<Body = unknown> extends statusClass("Conflict", 409)<Body> {}

/**
 * 415 Unsupported Media Type.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnsupportedMediaType<Body = unknown> extends statusClass("UnsupportedMediaType", 415)<Body> {}

/**
 * 429 Too Many Requests.
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRequests<Body = unknown> extends statusClass("TooManyRequests", 429)<Body> {}

/**
 * 500 Internal Server Error.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServerError<Body = unknown> extends statusClass("InternalServerError", 500)<Body> {}

/**
 * 501 Not Implemented.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotImplemented<Body = unknown> extends statusClass("NotImplemented", 501)<Body> {}

/**
 * 502 Bad Gateway.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadGateway<Body = unknown> extends statusClass("BadGateway", 502)<Body> {}

/**
 * 503 Service Unavailable.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable<Body = unknown> extends statusClass("ServiceUnavailable", 503)<Body> {}

// The one list of documented statuses: everything below is derived from it (`satisfies`: the
// table and `StatusErrors` name the same statuses).
const statusClasses = {
  400: BadRequest,
  401: Unauthorized,
  403: Forbidden,
  404: NotFound,
  405: MethodNotAllowed,
  406: NotAcceptable,
  408: RequestTimeout,
  409: Conflict,
  415: UnsupportedMediaType,
  429: TooManyRequests,
  500: InternalServerError,
  501: NotImplemented,
  502: BadGateway,
  503: ServiceUnavailable
} as const satisfies { readonly [S in KnownStatus]: { readonly status: S } }

/**
 * The class of each status userkit knows by name, at the type level (the table above, applied to
 * a vendor's error body).
 *
 * @since 0.1.0
 * @category models
 */
export interface StatusErrors<Body> {
  readonly 400: BadRequest<Body>
  readonly 401: Unauthorized<Body>
  readonly 403: Forbidden<Body>
  readonly 404: NotFound<Body>
  readonly 405: MethodNotAllowed<Body>
  readonly 406: NotAcceptable<Body>
  readonly 408: RequestTimeout<Body>
  readonly 409: Conflict<Body>
  readonly 415: UnsupportedMediaType<Body>
  readonly 429: TooManyRequests<Body>
  readonly 500: InternalServerError<Body>
  readonly 501: NotImplemented<Body>
  readonly 502: BadGateway<Body>
  readonly 503: ServiceUnavailable<Body>
}

/**
 * A status with a class of its own.
 *
 * @since 0.1.0
 * @category models
 */
export type KnownStatus = keyof StatusErrors<unknown>

/**
 * Any documented-status failure.
 *
 * @since 0.1.0
 * @category models
 */
export type StatusError<Body = unknown> = StatusErrors<Body>[KnownStatus]

/**
 * Builds the failure of a documented status.
 *
 * @since 0.1.0
 * @category constructors
 */
export function makeStatusError<S extends KnownStatus, Body>(fields: StatusErrorFields<S, Body>): StatusErrors<Body>[S]
export function makeStatusError(fields: StatusErrorFields<KnownStatus, unknown>): unknown {
  return statusClasses[fields.status].fromFields(fields)
}

/**
 * Whether a status has a class of its own.
 *
 * @since 0.1.0
 * @category guards
 */
export const isKnownStatus = (status: number): status is KnownStatus => Object.hasOwn(statusClasses, status)

/**
 * Whether a value is the failure of a documented status, whichever its class.
 *
 * @since 0.2.0
 * @category guards
 */
export const isStatusError = (u: unknown): u is StatusError => Object.values(statusClasses).some((c) => u instanceof c)

/**
 * Every status with a class, in ascending order.
 *
 * @since 0.1.0
 * @category constants
 */
export const knownStatuses: ReadonlyArray<KnownStatus> = Object.values(statusClasses).map((c) => c.status)

function tagsOf<T extends { readonly [S in KnownStatus]: { readonly tag: string } }>(
  table: T
): { readonly [S in KnownStatus]: T[S]["tag"] }
function tagsOf(table: { readonly [S in KnownStatus]: { readonly tag: string } }): Readonly<Record<number, string>> {
  return Object.fromEntries(knownStatuses.map((status) => [status, table[status].tag]))
}

/**
 * The tag of each status's class, e.g. `404` → `"NotFound"`.
 *
 * @since 0.1.0
 * @category constants
 */
export const statusTags = tagsOf(statusClasses)

/**
 * The standard reason phrase of a status, from its tag (`"Too Many Requests"` for 429), or
 * `"Unexpected Status"` for one without a class.
 *
 * @since 0.2.0
 * @category constants
 */
export const reasonPhrase = (status: number): string =>
  (isKnownStatus(status) ? statusTags[status] : "UnexpectedStatus").replace(/([a-z])([A-Z])/g, "$1 $2")

/**
 * The call-site fields a test gives when it makes a failure by hand; every one has a default.
 *
 * @since 0.2.0
 * @category models
 */
export type TestFields<S extends KnownStatus, Body> = Partial<Omit<StatusErrorFields<S, Body>, "status">>

/**
 * Makes the failure of a documented status for a test or a stub, with defaults for what a real
 * call would fill in (vendor `"Test"`, operation `"test"`, `GET /`, the reason phrase as message,
 * no body). The body's type is the vendor's: `Errors.make(404, { body })` fits where the
 * service's error union expects its `NotFound<ErrorBody>`.
 *
 * @example
 * ```ts
 * import * as Errors from "@userkit/core/Errors"
 *
 * const missing = Errors.make(404, { body: { message: "no such user" }, operation: "get" })
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = <S extends KnownStatus, Body = never>(
  status: S,
  fields: TestFields<S, Body> = {}
): StatusErrors<Body>[S] =>
  makeStatusError<S, Body>({
    vendor: "Test",
    operation: "test",
    method: "GET",
    route: "/",
    message: `${status} ${reasonPhrase(status)}`,
    body: undefined,
    bodyText: undefined,
    requestId: undefined,
    retryAfter: undefined,
    ...fields,
    status
  })

// ---------------------------------------------------------------------------------------------
// What any call can fail with besides its documented statuses.
// ---------------------------------------------------------------------------------------------

/**
 * A status the operation does not document, a redirect (3xx: never followed) among them. The body
 * text is kept (truncated) so nothing is lost, and the vendor's error body when it decodes.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedStatus<Body = unknown> extends Data.TaggedError("UnexpectedStatus")<
  CallSite & {
    readonly status: number
    readonly message: string
    /** The vendor's error body, decoded; `undefined` when the response had none or it did not match. */
    readonly body: Body | undefined
    readonly bodyText: string | undefined
    readonly requestId: string | undefined
    readonly retryAfter: Duration.Duration | undefined
    /** A redirect's `Location`, kept for diagnosis (not followed); `undefined` on any other status. */
    readonly location: string | undefined
  }
> {}

/**
 * A success response whose body does not match its schema (or is not JSON, or is empty).
 * `issue` names the failing fields and what was expected, never the values received.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends Data.TaggedError("ResponseDecodeError")<
  CallSite & {
    readonly status: number
    readonly message: string
    readonly issue: string
    readonly contentType: string | undefined
  }
> {}

/**
 * The call's own time limit passed before its response was read: the per-attempt `timeout`, or the
 * overall `deadline` covering every attempt and the waits between them.
 *
 * @since 0.1.0
 * @category errors
 */
export class TimeoutError extends Data.TaggedError("TimeoutError")<
  CallSite & {
    readonly message: string
    readonly timeout: Duration.Duration
  }
> {}

/**
 * The request could not be sent or the response could not be read: connection refused or reset,
 * DNS failure, an invalid URL.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Data.TaggedError("TransportError")<
  CallSite & {
    readonly message: string
    /**
     * `ResponseTooLarge`: the body passed the `maxResponseBytes` cap (decoded) and was not read on;
     * `InvalidCredentials`: a credential no header can carry, refused before sending.
     */
    readonly reason: "Transport" | "Encode" | "InvalidUrl" | "ResponseBody" | "ResponseTooLarge" | "InvalidCredentials"
    /** The underlying error's description (never the request, which carries credentials). */
    readonly description: string
  }
> {}

/**
 * One field of a request that does not match its schema.
 *
 * @since 0.1.0
 * @category models
 */
export interface FieldIssue {
  /** The path to the field, e.g. `"body.password"`. */
  readonly path: string
  /** What was expected; never the value that was given. */
  readonly expected: string
}

/**
 * A request rejected before any byte was sent: a path parameter that would change the route,
 * or a body or query parameter that does not match its schema.
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestValidationError extends Data.TaggedError("RequestValidationError")<{
  readonly vendor: string
  readonly operation: string
  readonly message: string
  readonly issues: ReadonlyArray<FieldIssue>
}> {}

/**
 * The shared rate-limit store (Redis) did not answer, and the store was set to fail rather than
 * fall back to the in-process limiter (`onUnavailable: "fail"`). Nothing was sent. Names the
 * store and what went wrong, never a key or a credential.
 *
 * @since 0.3.0
 * @category errors
 */
export class RateLimitUnavailable extends Data.TaggedError("RateLimitUnavailable")<{
  /** The vendor, e.g. `"Rockset"`, or `"userkit"` when the store itself failed to start. */
  readonly vendor: string
  /** The operation, or `"connect"` when the store itself failed to start. */
  readonly operation: string
  readonly message: string
  /** What the store reported (a connection error's text, without its address). */
  readonly description: string
}> {}

/**
 * What every call can fail with besides its documented statuses. `RateLimitUnavailable` only
 * happens with a shared store set to fail when it does not answer.
 *
 * @since 0.1.0
 * @category models
 */
export type CallError<Body = unknown> =
  | UnexpectedStatus<Body>
  | ResponseDecodeError
  | TimeoutError
  | TransportError
  | RateLimitUnavailable

/**
 * Whether a failure is a rejection of the credentials (401) or of the permission (403).
 *
 * @since 0.1.0
 * @category guards
 */
export const isAuthError = (error: { readonly _tag: string }): error is Unauthorized | Forbidden =>
  error._tag === "Unauthorized" || error._tag === "Forbidden"
