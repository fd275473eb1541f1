// userkit's spans, after the OpenTelemetry HTTP client semantic conventions (semconv v1.45.0,
// docs/http/http-spans.md): an internal span per operation, a client span per attempt. What is
// decided where is in docs/ARCHITECTURE.md ("Telemetry").
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpTraceContext from "@effect/platform/HttpTraceContext"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Fiber from "effect/Fiber"
import * as FiberRef from "effect/FiberRef"
import type * as Tracer from "effect/Tracer"
import * as Timeout from "./timeout.js"

/** Where a call goes, as its spans show it: never a path value. */
export interface Site {
  readonly vendor: string
  readonly operation: string
  readonly method: string
  /** The endpoint's path template, `/users/{user}`, below the base URL. */
  readonly route: string
}

/** The spans of one endpoint, built once when its client is made. */
export interface Spans {
  readonly operation: { readonly name: string; readonly options: Tracer.SpanOptions }
  readonly attempt: { readonly name: string; readonly options: Tracer.SpanOptions }
}

const defaultPorts: Record<string, number> = { "https:": 443, "http:": 80 }

/**
 * The spans of an endpoint. `url.template` is the base URL's path followed by the route, so it
 * is the template of the path that is sent (`/v1/tokens/{token}` under `https://api.tiledb.com/v1`).
 */
export const spans = (site: Site, baseUrl: string): Spans => {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined
  const template = `${url === undefined ? "" : url.pathname.replace(/\/+$/, "")}${site.route}`
  const port = url === undefined ? undefined : url.port === "" ? defaultPorts[url.protocol] : Number(url.port)
  return {
    operation: {
      name: `${site.vendor}.${site.operation}`,
      options: {
        kind: "internal",
        captureStackTrace: false,
        attributes: { "userkit.vendor": site.vendor, "userkit.operation": site.operation }
      }
    },
    attempt: {
      name: `${site.method} ${template}`,
      options: {
        kind: "client",
        // Effect's default captures a stack trace per span; its frames would be userkit's own.
        captureStackTrace: false,
        attributes: {
          "http.request.method": site.method,
          "url.template": template,
          ...(url === undefined ? {} : { "server.address": url.hostname }),
          ...(port === undefined ? {} : { "server.port": port })
        }
      }
    }
  }
}

// Effect's default tracer, whose spans go nowhere: read once from the default runtime.
let defaultTracer: Tracer.Tracer | undefined
const isDefaultTracer = (tracer: Tracer.Tracer): boolean => tracer === (defaultTracer ??= Effect.runSync(Effect.tracer))

/**
 * Whether a call's spans can be seen: tracing is on and either a tracer other than Effect's
 * default is installed, or the call runs under a span (whose trace a `traceparent` continues).
 * Otherwise the call makes no span at all; nothing about the user's tracer is changed.
 */
export const observed = (fiber: Fiber.RuntimeFiber<unknown, unknown>): boolean =>
  fiber.getFiberRef(FiberRef.currentTracerEnabled) &&
  (fiber.currentSpan !== undefined || !isDefaultTracer(fiber.currentTracer))

/**
 * `error.type` of a failed attempt: the status, as a string, when a response came (any non-2xx
 * fails a userkit call: a redirect is never followed), else the failure's class (`TimeoutError`,
 * `TransportError`, `ResponseDecodeError`).
 */
export const errorType = (error: { readonly _tag: string }): string =>
  "status" in error && typeof error.status === "number" && error._tag !== "ResponseDecodeError"
    ? String(error.status)
    : error._tag

/**
 * The attempts of one traced call: {@link Attempts.each} wraps every attempt in its client span
 * (`http.request.resend_count` from the second on, `error.type` on failure), and
 * {@link Attempts.response} records the status of the response the current attempt received.
 */
export class Attempts {
  private current: Tracer.Span | undefined
  private sent = 0
  constructor(readonly spans: Spans) {}

  readonly response = (status: number): void => {
    this.current?.attribute("http.response.status_code", status)
  }

  readonly each = <A, E extends { readonly _tag: string }>(attempt: Effect.Effect<A, E>): Effect.Effect<A, E> =>
    Effect.useSpan(this.spans.attempt.name, this.spans.attempt.options, (span) => {
      this.current = span
      const resends = this.sent++
      if (resends > 0) span.attribute("http.request.resend_count", resends)
      return Effect.tapError(
        Effect.withParentSpan(attempt, span),
        (error) => Effect.sync(() => span.attribute("error.type", errorType(error)))
      )
    })
}

/**
 * The request as userkit sends it from this fiber: with the attempt span's `traceparent` when the
 * application's `currentTracerPropagation` is on (the platform's span, which would add it, is off
 * for userkit's requests).
 */
export const withTraceparent = (
  fiber: Fiber.RuntimeFiber<unknown, unknown>,
  request: HttpClientRequest.HttpClientRequest
): HttpClientRequest.HttpClientRequest => {
  const span = fiber.currentSpan
  return span !== undefined && span._tag === "Span" && fiber.getFiberRef(FiberRef.currentTracerEnabled) &&
      fiber.getFiberRef(HttpClient.currentTracerPropagation)
    ? HttpClientRequest.setHeaders(request, HttpTraceContext.toHeaders(span))
    : request
}

/**
 * The last step before a transport without a sender (core/TransportDeadline.ts) sends a userkit
 * request, run after every transform of the application's client: the platform's `http.client`
 * span is turned off for this request only (its name, `server.address` and `url.full` do not
 * follow the conventions, and `url.full` carries ids and secrets); the request carries the
 * `traceparent` ({@link withTraceparent}); and `redirect: "manual"` is written into the
 * `RequestInit` `FetchHttpClient` reads from the context (other transports do not follow
 * redirects). The fiber refs it sets are restored by {@link restoring} around the exchange.
 */
export const lastStep = (request: HttpClientRequest.HttpClientRequest) =>
  Effect.withFiberRuntime<HttpClientRequest.HttpClientRequest>((fiber) => {
    const previous = fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)
    const sent = withTraceparent(fiber, request)
    return Effect.as(
      Effect.zipRight(
        FiberRef.set(HttpClient.currentTracerDisabledWhen, (r) => r === sent || previous(r)),
        FiberRef.set(FiberRef.currentContext, sendingContext(fiber.currentContext))
      ),
      sent
    )
  })

// The context a request is sent in: `redirect: "manual"` merged into its RequestInit. A context
// is usually the same object call after call (the runtime's, the layer's), so the derived one is
// kept for it.
const derivedContexts = new WeakMap<Context.Context<never>, Context.Context<never>>()
const sendingContext = (context: Context.Context<never>): Context.Context<never> => {
  const known = derivedContexts.get(context)
  if (known !== undefined) return known
  const init = Context.getOption(context, FetchHttpClient.RequestInit)
  const sending = Context.add(context, FetchHttpClient.RequestInit, {
    ...(init._tag === "Some" ? init.value : undefined),
    redirect: "manual"
  })
  derivedContexts.set(context, sending)
  return sending
}

/**
 * Runs an exchange and restores what {@link lastStep} set in the fiber, whatever its exit. In the
 * child fiber of a live timeout (the default) there is nothing to restore: its refs end with it.
 */
export const restoring = <A, E>(exchange: Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.withFiberRuntime((fiber) => {
    if (Timeout.isIsolated(fiber)) return exchange
    const context = fiber.currentContext
    const disabledWhen = fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)
    return Effect.ensuring(
      exchange,
      Effect.zipRight(
        FiberRef.set(HttpClient.currentTracerDisabledWhen, disabledWhen),
        FiberRef.set(FiberRef.currentContext, context)
      )
    )
  })

/** The redacted header names with the auth's own added, built once per list the fiber holds. */
export const redactedNames = (auth: ReadonlyArray<string>) => {
  const merged = new WeakMap<ReadonlyArray<string | RegExp>, ReadonlyArray<string | RegExp>>()
  return (names: ReadonlyArray<string | RegExp>): ReadonlyArray<string | RegExp> | undefined => {
    if (auth.every((name) => names.includes(name))) return undefined
    let known = merged.get(names)
    if (known === undefined) {
      known = [...names, ...auth]
      merged.set(names, known)
    }
    return known
  }
}
