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

/**
 * 400 Bad Request.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest<Body = unknown> extends Data.TaggedError("BadRequest")<StatusErrorFields<400, Body>> {}

/**
 * 401 Unauthorized.
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized<Body = unknown> extends Data.TaggedError("Unauthorized")<StatusErrorFields<401, Body>> {}

/**
 * 403 Forbidden.
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden<Body = unknown> extends Data.TaggedError("Forbidden")<StatusErrorFields<403, Body>> {}

/**
 * 404 Not Found.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound<Body = unknown> extends Data.TaggedError("NotFound")<StatusErrorFields<404, Body>> {}

/**
 * 405 Method Not Allowed.
 *
 * @since 0.1.0
 * @category errors
 */
export class MethodNotAllowed<Body = unknown>
  extends Data.TaggedError("MethodNotAllowed")<StatusErrorFields<405, Body>>
{}

/**
 * 406 Not Acceptable.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotAcceptable<Body = unknown> extends Data.TaggedError("NotAcceptable")<StatusErrorFields<406, Body>> {}

/**
 * 408 Request Timeout (sent by the server; the client-side timeout is {@link TimeoutError}).
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestTimeout<Body = unknown> extends Data.TaggedError("RequestTimeout")<StatusErrorFields<408, Body>> {}

/**
 * 409 Conflict.
 *
 * @since 0.1.0
 * @category errors
 */
export class Conflict<Body = unknown> extends Data.TaggedError("Conflict")<StatusErrorFields<409, Body>> {}

/**
 * 415 Unsupported Media Type.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnsupportedMediaType<Body = unknown>
  extends Data.TaggedError("UnsupportedMediaType")<StatusErrorFields<415, Body>>
{}

/**
 * 429 Too Many Requests.
 *
 * @since 0.1.0
 * @category errors
 */
export class TooManyRequests<Body = unknown>
  extends Data.TaggedError("TooManyRequests")<StatusErrorFields<429, Body>>
{}

/**
 * 500 Internal Server Error.
 *
 * @since 0.1.0
 * @category errors
 */
export class InternalServerError<Body = unknown>
  extends Data.TaggedError("InternalServerError")<StatusErrorFields<500, Body>>
{}

/**
 * 501 Not Implemented.
 *
 * @since 0.1.0
 * @category errors
 */
export class NotImplemented<Body = unknown> extends Data.TaggedError("NotImplemented")<StatusErrorFields<501, Body>> {}

/**
 * 502 Bad Gateway.
 *
 * @since 0.1.0
 * @category errors
 */
export class BadGateway<Body = unknown> extends Data.TaggedError("BadGateway")<StatusErrorFields<502, Body>> {}

/**
 * 503 Service Unavailable.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServiceUnavailable<Body = unknown>
  extends Data.TaggedError("ServiceUnavailable")<StatusErrorFields<503, Body>>
{}

/**
 * The class of each status userkit knows by name, at the type level.
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

type Factories = {
  readonly [S in KnownStatus]: <Body>(fields: StatusErrorFields<S, Body>) => StatusErrors<Body>[S]
}

const factories: Factories = {
  400: (fields) => new BadRequest(fields),
  401: (fields) => new Unauthorized(fields),
  403: (fields) => new Forbidden(fields),
  404: (fields) => new NotFound(fields),
  405: (fields) => new MethodNotAllowed(fields),
  406: (fields) => new NotAcceptable(fields),
  408: (fields) => new RequestTimeout(fields),
  409: (fields) => new Conflict(fields),
  415: (fields) => new UnsupportedMediaType(fields),
  429: (fields) => new TooManyRequests(fields),
  500: (fields) => new InternalServerError(fields),
  501: (fields) => new NotImplemented(fields),
  502: (fields) => new BadGateway(fields),
  503: (fields) => new ServiceUnavailable(fields)
}

/**
 * Builds the failure of a documented status.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeStatusError = <S extends KnownStatus, Body>(
  fields: StatusErrorFields<S, Body>
): StatusErrors<Body>[S] => factories[fields.status](fields)

/**
 * The tag of each status's class, e.g. `404` → `"NotFound"`.
 *
 * @since 0.1.0
 * @category constants
 */
export const statusTags: { readonly [S in KnownStatus]: StatusErrors<unknown>[S]["_tag"] } = {
  400: "BadRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed",
  406: "NotAcceptable",
  408: "RequestTimeout",
  409: "Conflict",
  415: "UnsupportedMediaType",
  429: "TooManyRequests",
  500: "InternalServerError",
  501: "NotImplemented",
  502: "BadGateway",
  503: "ServiceUnavailable"
}

/**
 * Whether a status has a class of its own.
 *
 * @since 0.1.0
 * @category guards
 */
export const isKnownStatus = (status: number): status is KnownStatus => Object.hasOwn(factories, status)

/**
 * Every status with a class, in ascending order.
 *
 * @since 0.1.0
 * @category constants
 */
export const knownStatuses = [
  400,
  401,
  403,
  404,
  405,
  406,
  408,
  409,
  415,
  429,
  500,
  501,
  502,
  503
] as const satisfies ReadonlyArray<
  KnownStatus
>

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
 * What every call can fail with besides its documented statuses.
 *
 * @since 0.1.0
 * @category models
 */
export type CallError<Body = unknown> = UnexpectedStatus<Body> | ResponseDecodeError | TimeoutError | TransportError

/**
 * Whether a failure is a rejection of the credentials (401) or of the permission (403).
 *
 * @since 0.1.0
 * @category guards
 */
export const isAuthError = (error: { readonly _tag: string }): error is Unauthorized | Forbidden =>
  error._tag === "Unauthorized" || error._tag === "Forbidden"
