/**
 * An `HttpClient` over undici's dispatcher: the platform's contract (requests, responses, errors,
 * interruption, tracing) with as little as possible between a call and the socket.
 *
 * @since 0.2.0
 */
import * as Cookies from "@effect/platform/Cookies"
import * as Headers from "@effect/platform/Headers"
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as IncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Inspectable from "effect/Inspectable"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { Readable } from "node:stream"
import * as Undici from "undici"
import { Exchange } from "./internal/exchange.js"

const requestError = (
  request: HttpClientRequest.HttpClientRequest,
  reason: HttpClientError.RequestError["reason"],
  cause: unknown
) => new HttpClientError.RequestError({ request, reason, cause })

type DispatchBody = Exclude<Undici.Dispatcher.DispatchOptions["body"], undefined>

/**
 * The body undici is given for the kinds it takes as they are; `undefined` for a raw body it
 * cannot send (a raw body may be a string, bytes or a Node `Readable`).
 */
const plainBody = (body: HttpBody.Empty | HttpBody.Uint8Array | HttpBody.Raw): DispatchBody | undefined => {
  switch (body._tag) {
    case "Empty":
      return null
    case "Uint8Array":
      return body.body
    case "Raw": {
      const raw = body.body
      if (raw === null || typeof raw === "string" || raw instanceof Uint8Array || raw instanceof Readable) return raw
      return raw instanceof ArrayBuffer ? new Uint8Array(raw) : undefined
    }
  }
}

// The web stream the platform makes of a request body stream, as the iterable a Node Readable is made of.
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader()
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value
  } finally {
    reader.releaseLock()
  }
}

// Node's global FormData is not the FormData of the undici this package depends on: it is
// encoded by the web `Response`, which also gives the multipart boundary.
const encodeFormData = (request: HttpClientRequest.HttpClientRequest, formData: FormData) =>
  Effect.tryPromise({
    try: async () => {
      const encoded = new Response(formData)
      const bytes = new Uint8Array(await encoded.arrayBuffer())
      return { bytes, contentType: encoded.headers.get("content-type") ?? "multipart/form-data" }
    },
    catch: (cause) => requestError(request, "Encode", cause)
  })

// A response that has no body in the fetch standard: its `stream` fails with `EmptyBody`, as `fetch`'s does.
const nullBodyStatus = (status: number) => status === 101 || status === 204 || status === 205 || status === 304

// Leaving a large body unread must not hold its socket for ever: when the response is collected,
// its request is aborted (a no-op once the body has been read).
const unread = new FinalizationRegistry<Exchange>((exchange) => exchange.cancel())

class UndiciResponse extends Inspectable.Class implements HttpClientResponse.HttpClientResponse {
  readonly [HttpClientResponse.TypeId]: HttpClientResponse.TypeId = HttpClientResponse.TypeId
  readonly [IncomingMessage.TypeId]: IncomingMessage.TypeId = IncomingMessage.TypeId
  private cachedHeaders: Headers.Headers | undefined
  private bytes: Buffer | undefined
  private cachedText: string | undefined

  constructor(readonly request: HttpClientRequest.HttpClientRequest, private readonly exchange: Exchange) {
    super()
    // Built when the fiber resumes, after undici has parsed what arrived with the head: a small
    // body is complete by then, and needs no registration.
    if (!exchange.ended && exchange.failure === undefined) unread.register(this, exchange)
  }

  get status(): number {
    return this.exchange.status
  }

  get headers(): Headers.Headers {
    return this.cachedHeaders ??= Headers.fromInput(this.exchange.headers)
  }

  get cookies(): Cookies.Cookies {
    const header = this.exchange.headers["set-cookie"]
    return header === undefined ? Cookies.empty : Cookies.fromSetCookie(Array.isArray(header) ? header : [header])
  }

  get remoteAddress(): Option.Option<string> {
    return Option.none()
  }

  private decodeError(cause: unknown): HttpClientError.ResponseError {
    return new HttpClientError.ResponseError({ request: this.request, response: this, reason: "Decode", cause })
  }

  /**
   * The whole body (read once and kept) through `decode`, without suspending when it has already
   * arrived, as a small body has by the time its response is in hand. Interrupting a read that
   * waits aborts the request.
   */
  private read<A>(decode: (bytes: Buffer) => A): Effect.Effect<A, HttpClientError.ResponseError> {
    return Effect.suspend(() => {
      const exchange = this.exchange
      if (this.bytes === undefined) {
        if (exchange.failure !== undefined) return Effect.fail(this.decodeError(exchange.failure))
        if (!exchange.ended) return Effect.flatMap(this.arrived, () => this.read(decode))
        this.bytes = Buffer.concat(exchange.take())
      }
      try {
        return Effect.succeed(decode(this.bytes))
      } catch (cause) {
        return Effect.fail(this.decodeError(cause))
      }
    })
  }

  /** Completes when the whole body has arrived or failed. */
  private get arrived(): Effect.Effect<void> {
    return Effect.async((resume) => {
      const exchange = this.exchange
      exchange.collecting = true
      if (exchange.controller?.paused === true) exchange.controller.resume()
      const check = () => {
        if (exchange.ended || exchange.failure !== undefined) resume(Effect.void)
        else exchange.waitBody(check)
      }
      check()
      return Effect.sync(() => exchange.cancel())
    })
  }

  get text(): Effect.Effect<string, HttpClientError.ResponseError> {
    return this.read((bytes) => this.cachedText ??= bytes.toString("utf8"))
  }

  get json(): Effect.Effect<unknown, HttpClientError.ResponseError> {
    return this.read((bytes): unknown => {
      const text = this.cachedText ??= bytes.toString("utf8")
      return text === "" ? null : JSON.parse(text)
    })
  }

  get arrayBuffer(): Effect.Effect<ArrayBuffer, HttpClientError.ResponseError> {
    return this.read((bytes) => new Uint8Array(bytes).buffer)
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, HttpClientError.ResponseError> {
    return this.read((bytes) => UrlParams.fromInput(new URLSearchParams(bytes.toString("utf8"))))
  }

  get formData(): Effect.Effect<FormData, HttpClientError.ResponseError> {
    return Effect.flatMap(this.read((bytes) => bytes), (bytes) =>
      Effect.tryPromise({
        try: () => new Response(new Uint8Array(bytes), { headers: this.headers }).formData(),
        catch: (cause) => this.decodeError(cause)
      }))
  }

  get stream(): Stream.Stream<Uint8Array, HttpClientError.ResponseError> {
    if (this.request.method === "HEAD" || nullBodyStatus(this.status)) {
      return Stream.fail(
        new HttpClientError.ResponseError({
          request: this.request,
          response: this,
          reason: "EmptyBody"
        })
      )
    }
    if (this.bytes !== undefined) return Stream.succeed(this.bytes)
    const exchange = this.exchange
    const next = Effect.async<Uint8Array, Option.Option<HttpClientError.ResponseError>>((resume) => {
      const check = () => {
        if (exchange.chunks.length > 0) {
          const chunks = exchange.take()
          resume(Effect.succeed(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)))
        } else if (exchange.failure !== undefined) resume(Effect.fail(Option.some(this.decodeError(exchange.failure))))
        else if (exchange.ended) resume(Effect.fail(Option.none()))
        else exchange.waitBody(check)
      }
      check()
    })
    return Stream.repeatEffectOption(next).pipe(Stream.ensuring(Effect.sync(() => exchange.cancel())))
  }

  override toJSON(): unknown {
    return IncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}

// The sender protocol of `@userkit/core` (core/src/TransportDeadline.ts), by its registered key
// so that this package does not depend on the core: the client carries a function that answers,
// for a deadline or none, the client userkit's requests are sent on (no span, no redirect, the
// request aborted and failed with `exceeded` once the deadline has passed). The core's tests check
// both sides agree.
interface Deadline {
  readonly millis: number
  readonly exceeded: Error
}
const senderKey = Symbol.for("@userkit/core/TransportDeadline")

const exchange = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  signal: AbortSignal | undefined,
  deadline: Deadline | undefined,
  body: DispatchBody
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> =>
  Effect.async((resume) => {
    const exchange = new Exchange()
    if (deadline !== undefined) exchange.expireAfter(deadline.millis, deadline.exceeded)
    exchange.onHead = (failure) =>
      resume(
        failure === undefined
          ? Effect.sync(() => new UndiciResponse(request, exchange))
          : Effect.fail(requestError(request, "Transport", failure))
      )
    signal?.addEventListener("abort", () => exchange.cancel())
    try {
      dispatcher.dispatch({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method,
        headers: request.headers,
        body,
        // Timeouts are the caller's (Effect.timeout, or a deadline above): undici's own would race them.
        headersTimeout: 0,
        bodyTimeout: 0
      }, exchange)
    } catch (cause) {
      exchange.fail(cause instanceof Error ? cause : new Error(String(cause)))
    }
    return Effect.sync(() => exchange.cancel())
  })

const send = (
  dispatcher: Undici.Dispatcher,
  request: HttpClientRequest.HttpClientRequest,
  url: URL,
  signal: AbortSignal | undefined,
  deadline: Deadline | undefined
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
  const body = request.body
  if (body._tag === "Stream") {
    return Effect.flatMap(
      Stream.toReadableStreamEffect(body.stream),
      (stream) => exchange(dispatcher, request, url, signal, deadline, Readable.from(chunksOf(stream)))
    )
  }
  if (body._tag === "FormData") {
    return Effect.flatMap(
      encodeFormData(request, body.formData),
      ({ bytes, contentType }) =>
        exchange(
          dispatcher,
          HttpClientRequest.setHeader(request, "content-type", contentType),
          url,
          signal,
          deadline,
          bytes
        )
    )
  }
  const plain = plainBody(body)
  return plain === undefined
    ? Effect.fail(requestError(request, "Encode", new TypeError("a raw body undici cannot send")))
    : exchange(dispatcher, request, url, signal, deadline, plain)
}

/**
 * An `HttpClient` that sends every request through the given undici dispatcher (an `Agent`, a
 * `Pool`, a `ProxyAgent`, ...). Redirects are answered, never followed.
 *
 * When the tracer is enabled for a request, the request goes through `HttpClient.make`: the same
 * `http.client` span and `traceparent` header as every platform client. When it is disabled
 * (`Layer.setTracerEnabled(false)`, `HttpClient.withTracerDisabledWhen`), that layer is skipped.
 *
 * It sends a userkit call's requests itself (the sender protocol of
 * `@userkit/core/TransportDeadline`), taking the call's per-attempt timeout: one timer per
 * request, which aborts it, instead of a fiber and a timer of the caller's, and no fiber-ref
 * settings around the exchange.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (dispatcher: Undici.Dispatcher): HttpClient.HttpClient => {
  const traced = HttpClient.make((request, url, signal) => send(dispatcher, request, url, signal, undefined))
  const direct = (request: HttpClientRequest.HttpClientRequest, deadline: Deadline | undefined) => {
    const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
    return url._tag === "Left"
      ? Effect.fail(requestError(request, "InvalidUrl", url.left))
      : send(dispatcher, request, url.right, undefined, deadline)
  }
  const client = HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
    (effect) =>
      Effect.flatMap(
        effect,
        (request) =>
          Effect.withFiberRuntime((fiber) =>
            fiber.getFiberRef(FiberRef.currentTracerEnabled) &&
              !fiber.getFiberRef(HttpClient.currentTracerDisabledWhen)(request)
              ? traced.execute(request)
              : direct(request, undefined)
          )
      ),
    Effect.succeed
  )
  const sender = (deadline: Deadline | undefined): HttpClient.HttpClient =>
    HttpClient.makeWith<never, never, HttpClientError.HttpClientError, never>(
      (effect) => Effect.flatMap(effect, (request) => direct(request, deadline)),
      Effect.succeed
    )
  return Object.assign(client, { [senderKey]: sender })
}

/**
 * The client over the application's own dispatcher (a proxy, mTLS, connection limits); the
 * dispatcher stays the application's to close.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWith = (options: { readonly dispatcher: Undici.Dispatcher }): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(HttpClient.HttpClient, make(options.dispatcher))

/**
 * The client over an undici `Agent` of its own (keep-alive, a pool per origin), destroyed when the
 * layer is released.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = Layer.scoped(
  HttpClient.HttpClient,
  Effect.map(
    Effect.acquireRelease(Effect.sync(() => new Undici.Agent()), (agent) => Effect.promise(() => agent.destroy())),
    make
  )
)
