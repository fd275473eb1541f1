/**
 * Runs declared endpoints over an injected `HttpClient`, in named steps (see "The flow of a call"
 * in docs/ARCHITECTURE.md): {@link buildRequest}, {@link exchange} (authenticate and send, with
 * redirects off), {@link readBody} (bounded), {@link mapStatus} and {@link decodeSuccess}, wrapped
 * per attempt and over all attempts by {@link withLimits}, and traced by {@link withSpans}: an
 * operation span and a client span per attempt, after OpenTelemetry's HTTP client conventions.
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
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import type * as Auth from "./Auth.js"
import * as Endpoint from "./Endpoint.js"
import * as Errors from "./Errors.js"
import * as Body from "./internal/body.js"
import type * as Declaration from "./internal/declaration.js"
import { describeIssues, fieldIssues } from "./internal/issues.js"
import * as Telemetry from "./internal/telemetry.js"
import * as Timeout from "./internal/timeout.js"
import * as RateLimit from "./RateLimit.js"
import * as Retry from "./Retry.js"
import * as TransportDeadline from "./TransportDeadline.js"

/**
 * How a vendor client reaches its API.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends CallOptions {
  /** The API's base URL, e.g. `https://api.usw2a1.rockset.com`; credentials in it (`user:pw@`) are refused. */
  readonly baseUrl: string
  readonly auth: Auth.Auth
  /**
   * The limiter every attempt waits its turn in: the window of the client's credential, made where
   * the layer is built (`RateLimit.fromOption`, scoped). None by default.
   */
  readonly rateLimit?: RateLimit.Limiter | undefined
}

/**
 * How each call of a client is bounded: retries, the per-attempt timeout, the overall deadline and
 * the body cap. Every vendor's layer options include these.
 *
 * @since 0.2.0
 * @category models
 */
export interface CallOptions {
  /** The retry policy, or `false` for none. Defaults to {@link Retry.Options}' defaults. */
  readonly retry?: Retry.Options | false | undefined
  /**
   * A limit on each attempt, reading the body included; past it the attempt fails with
   * `TimeoutError` and the request is aborted. Default {@link defaultTimeout}; `false` for none.
   */
  readonly timeout?: Duration.DurationInput | false | undefined
  /** A limit on the whole call: every attempt and every wait between them. None by default. */
  readonly deadline?: Duration.DurationInput | undefined
  /**
   * The most bytes of a success body read (counted after any `Content-Encoding` is decoded);
   * past it the call fails with `TransportError` (`ResponseTooLarge`). Default {@link defaultMaxResponseBytes}.
   */
  readonly maxResponseBytes?: number | undefined
}

/**
 * The {@link CallOptions} among a vendor layer's options, to hand on to {@link make} as they are.
 *
 * @since 0.2.0
 * @category constructors
 */
export const callOptions = (options: CallOptions): CallOptions => ({
  retry: options.retry,
  timeout: options.timeout,
  deadline: options.deadline,
  maxResponseBytes: options.maxResponseBytes
})

/**
 * The default per-attempt timeout: 30 s, far above any vendor's documented latency, short enough
 * that a server that stops answering cannot hold a call (and its fiber) for long.
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/**
 * The default cap on a success body: 32 MiB, four times the largest page a vendor documents
 * (a 10,000-user Rockset listing is about 8 MiB of JSON).
 *
 * @since 0.2.0
 * @category constants
 */
export const defaultMaxResponseBytes = 32 * 1024 * 1024

/**
 * The most bytes of an error body read: more than any vendor's error JSON, so it still decodes,
 * while a 2 GiB error page costs no more than this.
 *
 * @since 0.2.0
 * @category constants
 */
export const errorBodyBytes = 64 * 1024

/**
 * The failure of an operation: its documented statuses, what any call can fail with, and
 * `RequestValidationError` when it takes input.
 *
 * @since 0.1.0
 * @category models
 */
export type Failure<Status extends Errors.KnownStatus, Body, Invalid> =
  | Errors.StatusErrors<Body>[Status]
  | Errors.CallError<Body>
  | Invalid

/**
 * What a call of an endpoint succeeds and fails with.
 *
 * @since 0.2.0
 * @category models
 */
export type Result<E, Body> = Effect.Effect<
  Endpoint.TypesOf<E>["success"],
  Failure<Endpoint.TypesOf<E>["status"], Body, Endpoint.TypesOf<E>["invalid"]>
>

/**
 * The function that runs one endpoint, from its input record.
 *
 * @since 0.1.0
 * @category models
 */
export type Operation<E, Body> = (input: Endpoint.InputOf<E>) => Result<E, Body>

/**
 * The service method of one endpoint: the parameters of its declared `call`.
 *
 * @since 0.2.0
 * @category models
 */
export type Method<E, Body> = (
  ...args: Endpoint.TypesOf<E>["args"]
) => Effect.Effect<
  Endpoint.TypesOf<E>["success"],
  Failure<Endpoint.TypesOf<E>["status"], Body, Endpoint.TypesOf<E>["invalid"]>
>

/**
 * A vendor client: turns endpoints into operations.
 *
 * @since 0.1.0
 * @category models
 */
export interface Client<Body> {
  readonly vendor: string
  readonly operation: <E extends Endpoint.Declared>(endpoint: E) => Operation<E, Body>
}

/**
 * A client's options checked and resolved, shared by all its operations.
 *
 * @since 0.2.0
 * @category models
 */
export interface Settings {
  readonly baseUrl: string
  readonly auth: Auth.Auth
  readonly retry: Retry.Options | false
  readonly timeout: Duration.Duration | undefined
  readonly deadline: Duration.Duration | undefined
  readonly maxResponseBytes: number
  /** Set when the base URL cannot be used: every call then fails typed, and nothing is sent. */
  readonly baseUrlProblem: string | undefined
  /**
   * The per-attempt deadline the transport takes itself, when it can (see
   * {@link TransportDeadline}): the attempt then runs in the caller's fiber with no timer of
   * userkit's. Undefined when userkit times each attempt (other transports, no timeout, or an auth
   * that may wait).
   */
  readonly transportDeadline: TransportDeadline.Deadline | undefined
}

/**
 * What every step knows of the endpoint it runs: where the call is, for its failures.
 *
 * @since 0.2.0
 * @category models
 */
export interface Labelled {
  readonly site: Errors.CallSite
  /** `<Vendor>.<operation>`, the span name and the prefix of every message. */
  readonly label: string
  readonly endpoint: Endpoint.Any
  /**
   * The platform's failure of this endpoint's exchange as a `TransportError`, or a `TimeoutError`
   * when the transport took the attempt's deadline and it passed (built once).
   */
  readonly transportError: (
    error: HttpClientError.HttpClientError
  ) => Errors.TransportError | Errors.TimeoutError
}

/**
 * A call that can decode its success.
 *
 * @since 0.2.0
 * @category models
 */
export interface Decoding<Success> extends Labelled {
  readonly endpoint: Endpoint.Any & {
    readonly decodeSuccess: (json: unknown) => Either.Either<Success, ParseResult.ParseIssue>
  }
}

/**
 * One endpoint of one vendor, as the steps see it: the endpoint and what is derived from it once.
 *
 * @since 0.2.0
 * @category models
 */
export interface Call<Success, Status extends Errors.KnownStatus, Body> extends Decoding<Success> {
  readonly endpoint: Endpoint.Any & {
    readonly errors: ReadonlyArray<Status>
    readonly decodeSuccess: (json: unknown) => Either.Either<Success, ParseResult.ParseIssue>
  }
  readonly decodeErrorBody: (json: unknown) => Option.Option<Body>
  readonly requestId: (body: Body | undefined, headers: Headers.Headers) => string | undefined
  readonly errorMessage: (body: Body | undefined) => string | undefined
}

// ---------------------------------------------------------------------------------------------
// Settings

/**
 * What is wrong with a base URL, if anything, without quoting it: one with credentials
 * (`https://user:pw@host`) is refused, because transports print the URL in their errors and the
 * platform's span records it.
 *
 * @since 0.2.0
 * @category constructors
 */
export const baseUrlProblem = (baseUrl: string): string | undefined => {
  if (!URL.canParse(baseUrl)) return "the base URL is not a valid absolute URL"
  const parsed = new URL(baseUrl)
  return parsed.username !== "" || parsed.password !== ""
    ? "the base URL carries credentials (user:password@); pass them as auth"
    : undefined
}

/**
 * Resolves the options, with their defaults, for the transport the calls go through (when it is
 * known: whether it takes the per-attempt deadline itself).
 *
 * @since 0.2.0
 * @category constructors
 */
export const settings = (options: Options, transport?: HttpClient.HttpClient): Settings => {
  const baseUrl = options.baseUrl.replace(/\/+$/, "")
  const timeout = options.timeout === false ? undefined : Duration.decode(options.timeout ?? defaultTimeout)
  const byTransport = timeout !== undefined && options.auth.immediate === true && transport !== undefined &&
    TransportDeadline.senderOf(transport) !== undefined
  return {
    baseUrl,
    auth: options.auth,
    retry: options.retry ?? {},
    timeout,
    deadline: options.deadline === undefined ? undefined : Duration.decode(options.deadline),
    maxResponseBytes: options.maxResponseBytes ?? defaultMaxResponseBytes,
    baseUrlProblem: baseUrlProblem(baseUrl),
    transportDeadline: byTransport ? Timeout.transportDeadline(timeout) : undefined
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Build the request

/**
 * The request of a prepared input: base URL + encoded path, query entries, `Accept`, JSON body.
 *
 * @since 0.2.0
 * @category steps
 */
export const buildRequest = (
  endpoint: Endpoint.Any,
  baseUrl: string,
  prepared: Endpoint.Prepared
): HttpClientRequest.HttpClientRequest => {
  let request = HttpClientRequest.make(endpoint.method)(baseUrl + prepared.path, {
    headers: { accept: endpoint.accept }
  })
  if (prepared.query.length > 0) request = HttpClientRequest.setUrlParams(request, prepared.query)
  if (prepared.body !== undefined) request = HttpClientRequest.bodyText(request, prepared.body, "application/json")
  return request
}

// ---------------------------------------------------------------------------------------------
// 2. Exchange

/**
 * What a transport failure says, without its message: a message may quote the request (fetch's
 * `Headers.append` error quotes the header value, undici's quote the URL). The error's name and
 * code are kept, which is what tells the failures apart.
 *
 * @since 0.2.0
 * @category steps
 */
export const describeCause = (cause: unknown): string => {
  if (!(cause instanceof Error)) return "unknown error"
  const codeOf = (error: unknown): string | undefined =>
    typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
      ? error.code
      : undefined
  const code = codeOf(cause) ?? codeOf(cause.cause)
  return code === undefined ? cause.name : `${cause.name} (${code})`
}

const transportFailure = (
  call: Pick<Labelled, "site" | "label">,
  reason: Errors.TransportError["reason"],
  description: string
): Errors.TransportError =>
  new Errors.TransportError({
    ...call.site,
    reason,
    description,
    message: `${call.label}: ${
      reason === "ResponseBody" || reason === "ResponseTooLarge"
        ? "the response could not be read"
        : "the request could not be sent"
    }: ${description}`
  })

const fromHttpClientError = (call: Pick<Labelled, "site" | "label">) => (error: HttpClientError.HttpClientError) =>
  error.cause instanceof Timeout.Expired
    ? timeoutFailure(call, error.cause.timeout, "no response")
    : transportFailure(
      call,
      error._tag === "RequestError" ? error.reason : "ResponseBody",
      describeCause(error.cause)
    )

/**
 * The transport as userkit uses it: redirects never followed, whatever the transport; the
 * platform's `http.client` span off for userkit's requests only (the attempt span replaces it),
 * with the attempt span's `traceparent` sent instead when the application propagates traces; the
 * attempt's deadline handed to a transport that takes it ({@link Settings.transportDeadline}).
 *
 * A transport with a sender (core/TransportDeadline.ts) does all of that itself: each request goes
 * to the sender's client, the one with the deadline under the live clock, and the fiber's refs are
 * left as they are. Any other transport is sent to after every transform of the application's
 * client, by a last step that sets the span predicate and the `RequestInit` for the request, and
 * restores them after the exchange: its settings win for userkit's requests and reach no other.
 *
 * @since 0.2.0
 * @category steps
 */
export const boundaryClient = (
  httpClient: HttpClient.HttpClient,
  deadline?: TransportDeadline.Deadline
): HttpClient.HttpClient => {
  const sender = TransportDeadline.senderOf(httpClient)
  if (sender === undefined) {
    const sending = HttpClient.mapRequestEffect(httpClient, Telemetry.lastStep)
    return HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
      (request) => Effect.flatMap(request, (ready) => Telemetry.restoring(sending.execute(ready))),
      Effect.succeed
    )
  }
  const untimed = sender(undefined)
  const timed = deadline === undefined ? untimed : sender(deadline)
  return HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (request) =>
      Effect.flatMap(
        request,
        (ready) =>
          Effect.withFiberRuntime((fiber) =>
            (Timeout.isLive(fiber) ? timed : untimed).execute(Telemetry.withTraceparent(fiber, ready))
          )
      ),
    Effect.succeed
  )
}

/**
 * Authenticates the request and sends it on a {@link boundaryClient}. A credential no header can
 * carry fails here, typed, before any transport sees it.
 *
 * @since 0.2.0
 * @category steps
 */
export const exchange = (
  httpClient: HttpClient.HttpClient,
  call: Labelled,
  settings: Settings,
  request: HttpClientRequest.HttpClientRequest
): Effect.Effect<HttpClientResponse.HttpClientResponse, Errors.TransportError | Errors.TimeoutError> => {
  if (settings.baseUrlProblem !== undefined) {
    return Effect.fail(transportFailure(call, "InvalidUrl", settings.baseUrlProblem))
  }
  const authenticated = call.endpoint.authenticated ? settings.auth.authenticate(request) : Effect.succeed(request)
  return Effect.flatMap(
    Effect.mapError(
      authenticated,
      (invalid) => transportFailure(call, "InvalidCredentials", `the ${invalid.header} credential ${invalid.problem}`)
    ),
    (ready) => Effect.mapError(httpClient.execute(ready), call.transportError)
  )
}

// ---------------------------------------------------------------------------------------------
// 3. Read the body (bounded)

/**
 * What was read of a response: its text, and whether the body had more than was read.
 *
 * @since 0.2.0
 * @category models
 */
export interface ResponseText {
  readonly text: string
  readonly complete: boolean
}

/**
 * Reads as much of the body as the outcome needs, and never more: a success up to
 * `maxResponseBytes` (past it: `TransportError`, `ResponseTooLarge`), an error up to
 * {@link errorBodyBytes} (kept, and the rest left unread), a bodiless success not at all. The
 * stream is cancelled when reading stops, so the transport releases the connection.
 *
 * @since 0.2.0
 * @category steps
 */
export const readBody = (
  call: Labelled,
  maxResponseBytes: number,
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<ResponseText, Errors.TransportError | Errors.TimeoutError> => {
  const success = isSuccess(response.status)
  const limit = success ? (call.endpoint.expectsBody ? maxResponseBytes : 0) : errorBodyBytes
  return Body.read(response, limit, call.transportError).pipe(
    Effect.flatMap((read) =>
      success && call.endpoint.expectsBody && !read.complete
        ? Effect.fail(
          transportFailure(call, "ResponseTooLarge", `the body is larger than ${maxResponseBytes} bytes (decoded)`)
        )
        : Effect.succeed({ text: Body.text(read), complete: read.complete })
    )
  )
}

const isSuccess = (status: number): boolean => status >= 200 && status < 300

/**
 * Replaces every occurrence of a secret (as given, and percent-encoded as it travelled in the
 * path) in what a server sent back, so that a server echoing a secret path parameter in its
 * error body or its `Location` cannot put it into a failure.
 *
 * @since 0.2.0
 * @category steps
 */
export const scrub = (text: string, secrets: ReadonlyArray<string>): string => {
  let scrubbed = text
  for (const secret of secrets) {
    if (secret === "") continue
    scrubbed = scrubbed.replaceAll(secret, "<redacted>").replaceAll(encodeURIComponent(secret), "<redacted>")
  }
  return scrubbed
}

// ---------------------------------------------------------------------------------------------
// 4. Map the status

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

const reasonPhrase = (status: number): string =>
  status >= 300 && status < 400 ? "Redirect (not followed)" : Errors.reasonPhrase(status)

/**
 * The typed failure of a non-2xx response: its documented class with the vendor's decoded body,
 * or `UnexpectedStatus` (also with the decoded body) for any other status, a redirect included,
 * which keeps its `Location` (with the call's `secrets` {@link scrub}bed out).
 *
 * @since 0.2.0
 * @category steps
 */
export const mapStatus = <Status extends Errors.KnownStatus, Body>(
  call: Call<unknown, Status, Body>,
  response: HttpClientResponse.HttpClientResponse,
  read: ResponseText,
  secrets: ReadonlyArray<string> = []
): Effect.Effect<never, Errors.StatusErrors<Body>[Status] | Errors.UnexpectedStatus<Body>> =>
  Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<
    never,
    Errors.StatusErrors<Body>[Status] | Errors.UnexpectedStatus<Body>
  > => {
    const status = response.status
    const body = read.complete
      ? Option.getOrUndefined(Option.flatMap(parseJson(read.text), call.decodeErrorBody))
      : undefined
    const requestId = call.requestId(body, response.headers)
    const retryAfter = Retry.parseRetryAfter(response.headers["retry-after"], now)
    const vendorMessage = call.errorMessage(body)
    const message = `${call.label}: ${status} ${reasonPhrase(status)}${
      vendorMessage === undefined ? "" : `: ${vendorMessage}`
    }${requestId === undefined ? "" : ` (request id ${requestId})`}`
    const isDocumented = (s: number): s is Status => call.endpoint.errors.some((documented) => documented === s)
    if (isDocumented(status)) {
      const bodyText = body === undefined ? truncate(read.text) : undefined
      return Effect.fail(
        Errors.makeStatusError<Status, Body>({ ...call.site, status, message, body, bodyText, requestId, retryAfter })
      )
    }
    const sentLocation = status >= 300 && status < 400 ? response.headers["location"] : undefined
    const location = sentLocation === undefined ? undefined : scrub(sentLocation, secrets)
    return Effect.fail(
      new Errors.UnexpectedStatus<Body>({
        ...call.site,
        status,
        message,
        body,
        bodyText: truncate(read.text),
        requestId,
        retryAfter,
        location
      })
    )
  })

// ---------------------------------------------------------------------------------------------
// 5. Decode

/**
 * The value of a 2xx response, or `ResponseDecodeError` naming the failing fields (never the
 * values). A bodiless operation succeeds whatever came.
 *
 * @since 0.2.0
 * @category steps
 */
export const decodeSuccess = <Success>(
  call: Decoding<Success>,
  response: HttpClientResponse.HttpClientResponse,
  text: string
): Effect.Effect<Success, Errors.ResponseDecodeError> => {
  if (!call.endpoint.expectsBody) {
    const decoded = call.endpoint.decodeSuccess(undefined)
    return Either.isRight(decoded) ? Effect.succeed(decoded.right) : decodeFailure(call, response, "no body expected")
  }
  // Parsed without a try of its own on the way to the decoder: the success path reads no header
  // and allocates no closure; only a failure looks at what came.
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return decodeFailure(
      call,
      response,
      text.trim() === ""
        ? "the body is empty"
        : `the body is not JSON (content-type ${response.headers["content-type"] ?? "none"})`
    )
  }
  const decoded = call.endpoint.decodeSuccess(json)
  return Either.isRight(decoded)
    ? Effect.succeed(decoded.right)
    : decodeFailure(call, response, describeIssues(fieldIssues(decoded.left, "")))
}

const decodeFailure = (
  call: Labelled,
  response: HttpClientResponse.HttpClientResponse,
  issue: string
): Effect.Effect<never, Errors.ResponseDecodeError> =>
  Effect.fail(
    new Errors.ResponseDecodeError({
      ...call.site,
      status: response.status,
      contentType: response.headers["content-type"],
      issue,
      message: `${call.label}: the ${response.status} response did not match its schema: ${issue}`
    })
  )

/**
 * One attempt: send, read, then the value or the typed failure of the status. `secrets` are the
 * values of the endpoint's secret path parameters, scrubbed from whatever the server sends back.
 * `onResponse` (the attempt span's recorder, when traced) is told the status of the response.
 *
 * @since 0.2.0
 * @category steps
 */
export const attempt = <Success, Status extends Errors.KnownStatus, Body>(
  httpClient: HttpClient.HttpClient,
  call: Call<Success, Status, Body>,
  settings: Settings,
  request: HttpClientRequest.HttpClientRequest,
  secrets: ReadonlyArray<string>,
  onResponse?: (status: number) => void
): Effect.Effect<Success, Errors.StatusErrors<Body>[Status] | Errors.CallError<Body>> =>
  Effect.flatMap(exchange(httpClient, call, settings, request), (response) => {
    if (onResponse !== undefined) onResponse(response.status)
    return Effect.flatMap(
      readBody(call, settings.maxResponseBytes, response),
      (read): Effect.Effect<Success, Errors.StatusErrors<Body>[Status] | Errors.CallError<Body>> =>
        isSuccess(response.status)
          ? decodeSuccess(call, response, read.text)
          : mapStatus(call, response, { text: scrub(read.text, secrets), complete: read.complete }, secrets)
    )
  })

// ---------------------------------------------------------------------------------------------
// 6. Timeout, retry, deadline

const timeoutFailure = (call: Pick<Labelled, "site" | "label">, timeout: Duration.Duration, what: string) =>
  new Errors.TimeoutError({
    ...call.site,
    timeout,
    message: `${call.label}: ${what} within ${Duration.format(timeout)}`
  })

/**
 * Wraps one attempt in the per-attempt timeout, then in its turn of the client's rate limiter
 * (waiting for it is not part of the attempt's timeout nor of the attempt's span; every retry
 * waits again, and a throttle status slows the class down), the attempts in the retry policy, and
 * all of it in the overall deadline. Built once per endpoint. `each` wraps every timed attempt
 * (the attempt span, so a timeout ends the attempt's span as its failure, and the waits between
 * attempts are in no attempt span).
 *
 * @since 0.2.0
 * @category steps
 */
export const withLimits = (call: Labelled, settings: Settings, limiter: RateLimit.Limiter = RateLimit.unlimited) => {
  const retry = Retry.policy(settings.retry, Endpoint.isIdempotent(call.endpoint.method))
  const limited = limiter.forOperation(call.endpoint.name)
  const { deadline, timeout } = settings
  const byTransport = settings.transportDeadline !== undefined
  return <A, E extends Retry.Failure>(
    attempt: Effect.Effect<A, E>,
    each?: (timed: Effect.Effect<A, E | Errors.TimeoutError>) => Effect.Effect<A, E | Errors.TimeoutError>
  ): Effect.Effect<A, E | Errors.TimeoutError | Errors.RateLimitUnavailable> => {
    const timed = timeout === undefined
      ? attempt
      : Timeout.timeoutFail(attempt, timeout, () => timeoutFailure(call, timeout, "no response"), byTransport)
    const retried = retry(limited(each === undefined ? timed : each(timed)))
    return deadline === undefined
      ? retried
      : Effect.timeoutFail(retried, {
        duration: deadline,
        onTimeout: () => timeoutFailure(call, deadline, "no answer, over every attempt,")
      })
  }
}

// ---------------------------------------------------------------------------------------------
// 7. Spans

/**
 * Runs an endpoint's calls traced when their spans can be seen (see "Telemetry" in
 * docs/ARCHITECTURE.md): the operation span `<Vendor>.<operation>` (kind internal, vendor and
 * operation attributes) around the client span `{method} {url.template}` of each attempt. With
 * tracing off, or under Effect's default tracer with no parent span, a call makes no span and
 * the user's tracer settings are left as they are. Either way the auth headers are added to
 * `Headers.currentRedactedNames` for the call, where the platform and the application's
 * transforms show headers. Built once per endpoint.
 *
 * @since 0.2.0
 * @category steps
 */
export const withSpans = (call: Labelled, settings: Settings) => {
  const spans = Telemetry.spans(call.site, settings.baseUrl)
  const redacted = Telemetry.redactedNames(settings.auth.redactedHeaders)
  return <A, E>(run: (attempts: Telemetry.Attempts | undefined) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.withFiberRuntime((fiber) => {
      const traced = Telemetry.observed(fiber)
        ? Effect.withSpan(
          Effect.suspend(() => run(new Telemetry.Attempts(spans))),
          spans.operation.name,
          spans.operation.options
        )
        : run(undefined)
      const names = redacted(fiber.getFiberRef(Headers.currentRedactedNames))
      return names === undefined ? traced : Effect.locally(traced, Headers.currentRedactedNames, names)
    })
}

// ---------------------------------------------------------------------------------------------
// The client

const noSecrets: ReadonlyArray<string> = []

/**
 * The steps' view of one endpoint of an API.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeCall = <ErrorBody extends Schema.Schema.AnyNoContext, Success, Status extends Errors.KnownStatus>(
  api: Declaration.Api<ErrorBody>,
  endpoint: Call<Success, Status, Schema.Schema.Type<ErrorBody>>["endpoint"]
): Call<Success, Status, Schema.Schema.Type<ErrorBody>> => {
  const site = { vendor: api.vendor, operation: endpoint.name, method: endpoint.method, route: endpoint.path }
  const label = `${api.vendor}.${endpoint.name}`
  return {
    site,
    label,
    endpoint,
    transportError: fromHttpClientError({ site, label }),
    decodeErrorBody: ParseResult.decodeUnknownOption(api.errorBody),
    requestId: api.requestId,
    errorMessage: api.errorMessage
  }
}

/**
 * Builds a vendor client over the `HttpClient` in context. The base URL is checked here, once
 * ({@link baseUrlProblem}): with an unusable one, every operation fails with `TransportError`
 * (`InvalidUrl`) before anything is sent. (A failure of `make` itself would change the error type
 * of every vendor's `make` and `layer`.)
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <ErrorBody extends Schema.Schema.AnyNoContext>(
  api: Declaration.Api<ErrorBody>,
  options: Options
): Effect.Effect<Client<Schema.Schema.Type<ErrorBody>>, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (transport) => {
    const resolved = settings(options, transport)
    type Body = Schema.Schema.Type<ErrorBody>
    const httpClient = boundaryClient(transport, resolved.transportDeadline)
    function operation<E extends Endpoint.Declared>(endpoint: E): Operation<E, Body>
    function operation(
      endpoint: Endpoint.Declared
    ): (
      input: Endpoint.Input<string, unknown, unknown>
    ) => Effect.Effect<unknown, Failure<Errors.KnownStatus, Body, Errors.RequestValidationError>> {
      const call = makeCall<ErrorBody, unknown, Errors.KnownStatus>(api, endpoint)
      const limits = withLimits(call, resolved, options.rateLimit)
      const traced = withSpans(call, resolved)
      const secretParams = endpoint.secretParams
      return (input) =>
        traced((attempts) =>
          Effect.flatMap(endpoint.prepare(input, api.vendor), (prepared) => {
            const request = buildRequest(endpoint, resolved.baseUrl, prepared)
            const secrets = secretParams.length === 0 ? noSecrets : secretParams.map((name) => input.params[name])
            return attempts === undefined
              ? limits(attempt(httpClient, call, resolved, request, secrets))
              : limits(attempt(httpClient, call, resolved, request, secrets, attempts.response), attempts.each)
          })
        )
    }
    return { vendor: api.vendor, operation }
  })
