/**
 * Runs declared endpoints over an injected `HttpClient`: validates and encodes the input,
 * authenticates, sends, maps every status to its typed failure, decodes the body, retries
 * what is safe to retry, and wraps the call in a span named `<Vendor>.<operation>`.
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import type * as Tracer from "effect/Tracer"
import type * as Api from "./Api.js"
import type * as Auth from "./Auth.js"
import * as Endpoint from "./Endpoint.js"
import * as Errors from "./Errors.js"
import { describeIssues, fieldIssues } from "./internal/issues.js"
import * as Retry from "./Retry.js"

/**
 * How a vendor client reaches its API.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The API's base URL, without a trailing slash, e.g. `https://api.usw2a1.rockset.com`. */
  readonly baseUrl: string
  readonly auth: Auth.Auth
  /** The retry policy, or `false` for none. Defaults to {@link Retry.Options}' defaults. */
  readonly retry?: Retry.Options | false | undefined
  /** A limit on each attempt; past it the call fails with `TimeoutError` and the request is aborted. */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The failure of an operation: its documented statuses, what any call can fail with, and
 * `RequestValidationError` when it takes input.
 *
 * @since 0.1.0
 * @category models
 */
export type Failure<Status extends Errors.KnownStatus, Body, Invalid> =
  | Errors.StatusErrors<Body>[Status]
  | Errors.CallError
  | Invalid

/**
 * The function that runs one endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export type Operation<E, Body> = E extends Endpoint.Endpoint<
  infer Params,
  infer Query,
  infer RequestBody,
  infer Success,
  infer Status,
  infer Invalid
> ? (
    input: Endpoint.Input<Params, Schema.Schema.Type<Query>, Schema.Schema.Type<RequestBody>>
  ) => Effect.Effect<Schema.Schema.Type<Success>, Failure<Status, Body, Invalid>>
  : never

/**
 * A vendor client: turns endpoints into operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface Client<Body> {
  readonly vendor: string
  readonly operation: <
    Params extends string,
    Query extends Schema.Schema.AnyNoContext,
    RequestBody extends Schema.Schema.AnyNoContext,
    Success extends Schema.Schema.AnyNoContext,
    Status extends Errors.KnownStatus,
    Invalid extends Errors.RequestValidationError
  >(
    endpoint: Endpoint.Endpoint<Params, Query, RequestBody, Success, Status, Invalid>
  ) => (
    input: Endpoint.Input<Params, Schema.Schema.Type<Query>, Schema.Schema.Type<RequestBody>>
  ) => Effect.Effect<Schema.Schema.Type<Success>, Failure<Status, Body, Invalid>>
}

const bodyTextLimit = 2048

const truncate = (text: string): string | undefined =>
  text === "" ? undefined : text.length > bodyTextLimit ? `${text.slice(0, bodyTextLimit)}…` : text

const parseJson = (text: string): Option.Option<unknown> => {
  try {
    return Option.some(JSON.parse(text))
  } catch {
    return Option.none()
  }
}

const describeCause = (cause: unknown): string => {
  if (!(cause instanceof Error)) return String(cause)
  const inner: unknown = cause.cause
  const code = typeof inner === "object" && inner !== null && "code" in inner ? ` (${String(inner.code)})` : ""
  return `${cause.name}: ${cause.message}${code}`
}

const reasonPhrase = (status: number): string => {
  const tag = Errors.isKnownStatus(status) ? Errors.statusTags[status] : "Unexpected Status"
  return tag.replace(/([a-z])([A-Z])/g, "$1 $2")
}

// Effect's default tracer, which keeps its spans to itself: read once from the default runtime.
let defaultTracer: Tracer.Tracer | undefined
const isDefaultTracer = (tracer: Tracer.Tracer): boolean => tracer === (defaultTracer ??= Effect.runSync(Effect.tracer))

/**
 * Builds a vendor client over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <ErrorBody extends Schema.Schema.AnyNoContext>(
  api: Api.Api<ErrorBody>,
  options: Options
): Effect.Effect<Client<Schema.Schema.Type<ErrorBody>>, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient) => {
    type Body = Schema.Schema.Type<ErrorBody>
    const vendor = api.vendor
    const baseUrl = options.baseUrl.replace(/\/+$/, "")
    const timeout = options.timeout === undefined ? undefined : Duration.decode(options.timeout)
    const retryOptions = options.retry ?? {}
    const decodeErrorBody = ParseResult.decodeUnknownOption(api.errorBody)
    const redactedHeaders = options.auth.redactedHeaders
    const redacts = (names: ReadonlyArray<string | RegExp>): boolean =>
      redactedHeaders.every((name) => names.includes(name))

    const operation = <
      Params extends string,
      Query extends Schema.Schema.AnyNoContext,
      RequestBody extends Schema.Schema.AnyNoContext,
      SuccessSchema extends Schema.Schema.AnyNoContext,
      Status extends Errors.KnownStatus,
      Invalid extends Errors.RequestValidationError
    >(
      endpoint: Endpoint.Endpoint<Params, Query, RequestBody, SuccessSchema, Status, Invalid>
    ) => {
      type Success = Schema.Schema.Type<SuccessSchema>
      const site: Errors.CallSite = {
        vendor,
        operation: endpoint.name,
        method: endpoint.method,
        route: endpoint.path
      }
      const label = `${vendor}.${endpoint.name}`
      const isDocumented = (status: number): status is Status => endpoint.errors.some((s) => s === status)
      const authenticate = endpoint.authenticated
        ? options.auth.authenticate
        : (request: HttpClientRequest.HttpClientRequest) => Effect.succeed(request)
      // Built once: Effect's default would capture a stack trace on every call, and the frames it
      // keeps are userkit's own, not the caller's.
      const spanOptions = {
        kind: "client",
        captureStackTrace: false,
        attributes: {
          "userkit.vendor": vendor,
          "userkit.operation": endpoint.name,
          "http.request.method": endpoint.method,
          "http.route": endpoint.path
        }
      } as const
      const baseRequest = HttpClientRequest.make(endpoint.method)("", { headers: { accept: endpoint.accept } })

      const transportError = (error: HttpClientError.HttpClientError) =>
        new Errors.TransportError({
          ...site,
          reason: error._tag === "RequestError" ? error.reason : "ResponseBody",
          description: describeCause(error.cause),
          message: `${label}: ${
            error._tag === "RequestError" ? "the request could not be sent" : "the response could not be read"
          }: ${describeCause(error.cause)}`
        })

      const decodeSuccess = (
        response: HttpClientResponse.HttpClientResponse,
        text: string
      ): Effect.Effect<Success, Errors.ResponseDecodeError> => {
        const contentType = response.headers["content-type"]
        const fail = (issue: string) =>
          Effect.fail(
            new Errors.ResponseDecodeError({
              ...site,
              status: response.status,
              contentType,
              issue,
              message: `${label}: the ${response.status} response did not match its schema: ${issue}`
            })
          )
        if (!endpoint.expectsBody) {
          return Either.match(endpoint.decodeSuccess(undefined), {
            onLeft: () => fail("no body expected"),
            onRight: Effect.succeed
          })
        }
        if (text.trim() === "") return fail("the body is empty")
        const json = parseJson(text)
        if (Option.isNone(json)) return fail(`the body is not JSON (content-type ${contentType ?? "none"})`)
        const decoded = endpoint.decodeSuccess(json.value)
        return Either.isRight(decoded)
          ? Effect.succeed(decoded.right)
          : fail(describeIssues(fieldIssues(decoded.left, "")))
      }

      const statusFailure = (
        response: HttpClientResponse.HttpClientResponse,
        text: string
      ): Effect.Effect<never, Errors.StatusErrors<Body>[Status] | Errors.UnexpectedStatus> =>
        Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<
          never,
          Errors.StatusErrors<Body>[Status] | Errors.UnexpectedStatus
        > => {
          const status = response.status
          const body = Option.getOrUndefined(Option.flatMap(parseJson(text), decodeErrorBody))
          const requestId = api.requestId(body, response.headers)
          const retryAfter = Retry.parseRetryAfter(response.headers["retry-after"], now)
          const vendorMessage = api.errorMessage(body)
          const message = `${label}: ${status} ${reasonPhrase(status)}${
            vendorMessage === undefined ? "" : `: ${vendorMessage}`
          }${requestId === undefined ? "" : ` (request id ${requestId})`}`
          const bodyText = body === undefined ? truncate(text) : undefined
          if (isDocumented(status)) {
            return Effect.fail(
              Errors.makeStatusError<Status, Body>({
                ...site,
                status,
                message,
                body,
                bodyText,
                requestId,
                retryAfter
              })
            )
          }
          return Effect.fail(
            new Errors.UnexpectedStatus({ ...site, status, message, bodyText: truncate(text), requestId, retryAfter })
          )
        })

      const exchange = (
        request: HttpClientRequest.HttpClientRequest
      ): Effect.Effect<Success, Errors.StatusErrors<Body>[Status] | Errors.CallError> =>
        authenticate(request).pipe(
          Effect.flatMap((authenticated) => httpClient.execute(authenticated)),
          Effect.flatMap((response) => Effect.map(response.text, (text) => [response, text] as const)),
          Effect.mapError(transportError),
          Effect.flatMap(([response, text]): Effect.Effect<
            Success,
            Errors.StatusErrors<Body>[Status] | Errors.CallError
          > =>
            response.status >= 200 && response.status < 300
              ? decodeSuccess(response, text)
              : statusFailure(response, text)
          )
        )

      const attempt = timeout === undefined ?
        exchange :
        (request: HttpClientRequest.HttpClientRequest) =>
          Effect.timeoutFail(exchange(request), {
            duration: timeout,
            onTimeout: () =>
              new Errors.TimeoutError({
                ...site,
                timeout,
                message: `${label}: no response within ${Duration.format(timeout)}`
              })
          })
      const withRetry = Retry.policy(retryOptions, Endpoint.isIdempotent(endpoint.method))

      const send = (prepared: Endpoint.Prepared) => {
        let request = HttpClientRequest.setUrl(baseRequest, baseUrl + prepared.path)
        if (prepared.query.length > 0) request = HttpClientRequest.setUrlParams(request, prepared.query)
        if (prepared.body !== undefined) {
          request = HttpClientRequest.bodyText(request, prepared.body, "application/json")
        }
        return withRetry(attempt(request))
      }

      return (
        input: Endpoint.Input<Params, Schema.Schema.Type<Query>, Schema.Schema.Type<RequestBody>>
      ): Effect.Effect<Success, Failure<Status, Body, Invalid>> =>
        Effect.withFiberRuntime((fiber) => {
          let call: Effect.Effect<Success, Failure<Status, Body, Invalid>> = Effect.flatMap(
            endpoint.prepare(input, vendor),
            send
          )
          // A span, unless nothing can see it: with tracing off, or with Effect's default tracer,
          // whose spans go nowhere, the call makes none, and neither does the platform's client
          // (which would otherwise render the URL and every header for it on each call).
          if (fiber.getFiberRef(FiberRef.currentTracerEnabled)) {
            call = isDefaultTracer(fiber.currentTracer)
              ? Effect.withTracerEnabled(call, false)
              : Effect.withSpan(call, label, spanOptions)
          }
          // The secret headers are redacted wherever the platform shows headers (spans, logged
          // requests): added to the caller's redacted names for this call, when not among them.
          const names = fiber.getFiberRef(Headers.currentRedactedNames)
          return redacts(names)
            ? call
            : Effect.locally(call, Headers.currentRedactedNames, [...names, ...redactedHeaders])
        })
    }
    return { vendor, operation }
  })
