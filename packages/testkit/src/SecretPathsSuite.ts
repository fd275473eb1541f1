/**
 * The secrets suite every vendor package runs: for each way to authenticate and each declared
 * operation, every way a call can end (each documented status, an undocumented one, HTML, bad
 * JSON, an empty 2xx, a transport failure, a body cut off, a timeout, retried and exhausted) is
 * rendered, logged at every level and traced, and no secret appears anywhere, while the
 * credentials were really sent and no span recorded a header (the attempt spans record none, and
 * the platform's `http.client` span, which records them all, is off for userkit's requests).
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import type * as Endpoint from "@userkit/core/Endpoint"
import type * as Retry from "@userkit/core/Retry"
import * as Testing from "@userkit/core/Testing"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as TestClock from "effect/TestClock"
import { inspect } from "node:util"
import * as Calls from "./Calls.js"

/**
 * The retry and time limit a scheme's layer is built with.
 *
 * @since 0.1.0
 * @category models
 */
export interface Transport {
  readonly retry: Retry.Options | false
  readonly timeout: Duration.DurationInput
}

/**
 * A way to authenticate: the header that carries the secret, and the secrets it is made of.
 *
 * @since 0.1.0
 * @category models
 */
export interface Scheme<Id> {
  readonly label: string
  readonly header: string
  readonly secrets: ReadonlyArray<string>
  /** Whether a header value is the credentials this scheme sends. */
  readonly proof: (value: string) => boolean
  readonly layer: (client: Layer.Layer<HttpClient.HttpClient>, transport: Transport) => Layer.Layer<Id, unknown>
}

/**
 * The vendor under test.
 *
 * @since 0.1.0
 * @category models
 */
export interface Vendor<Id, Service> {
  readonly api: { readonly vendor: string; readonly endpoints: ReadonlyArray<Endpoint.Declared> }
  readonly tag: Context.Tag<Id, Service>
  readonly schemes: ReadonlyArray<Scheme<Id>>
}

type Answer = () => Response | "transport failure" | "body cut off" | "no answer"

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

// The body starts, then the connection breaks: the platform's ResponseError carries the request.
const cutOff = () =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{\"users\":[{\"id\":"))
        controller.error(new Error("socket hang up"))
      }
    }),
    { status: 200, headers: { "content-type": "application/json" } }
  )

// Every way a call can end, for one operation. Retries are on (the default policy) and each
// attempt has a time limit, so retried-then-exhausted and timed-out calls are among them.
const failurePaths = (endpoint: Endpoint.Any): ReadonlyArray<readonly [string, Answer]> => [
  ...endpoint.errors.map((status) =>
    [
      `documented ${status}`,
      json(status, { message: "refused", title: "refused", errorId: "e-1", requestId: "r-1", request_id: "r-1" })
    ] as const
  ),
  ["undocumented 418", () => new Response("I'm a teapot", { status: 418 })],
  ["HTML on 200", () => new Response("<html>login</html>", { status: 200, headers: { "content-type": "text/html" } })],
  ["malformed JSON on 200", () => new Response("{\"a\":", { status: 200 })],
  ["an empty 2xx", () => new Response(null, { status: 204 })],
  ["transport failure", () => "transport failure"],
  ["body cut off", () => "body cut off"],
  ["no answer (timeout)", () => "no answer"]
]

// A transport answering with whatever the test sets, noting the credentials it was sent.
const scripted = <Id>(scheme: Scheme<Id>) => {
  let answer: Answer = () => "no answer"
  let attempts = 0
  const sent = new Set<string>()
  const client = HttpClient.make((request) =>
    Effect.suspend(() => {
      attempts++
      const credentials = request.headers[scheme.header]
      if (credentials !== undefined) sent.add(credentials)
      const answered = answer()
      if (answered === "no answer") return Effect.never
      if (answered === "transport failure") {
        return Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", cause: new TypeError("fetch failed") })
        )
      }
      return Effect.succeed(HttpClientResponse.fromWeb(request, answered === "body cut off" ? cutOff() : answered))
    })
  )
  return {
    layer: scheme.layer(Layer.succeed(HttpClient.HttpClient, client), { retry: {}, timeout: "1 second" }),
    answer: (next: Answer) => {
      answer = next
    },
    attempts: () => attempts,
    sent
  }
}

// Every rendering of an outcome an application might produce, and the outcome logged at every level.
const renderings = (exit: Exit.Exit<unknown, unknown>): ReadonlyArray<string> => {
  const failure = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
  const texts = [String(exit), inspect(exit, { depth: 20 }), JSON.stringify(exit)]
  if (typeof failure === "object" && failure !== null) {
    texts.push(String(failure), inspect(failure, { depth: 20, showHidden: true }), JSON.stringify(failure))
    if ("message" in failure) texts.push(String(failure.message))
    if ("toJSON" in failure && typeof failure.toJSON === "function") texts.push(JSON.stringify(failure.toJSON()))
    if ("toString" in failure && typeof failure.toString === "function") texts.push(String(failure.toString()))
  }
  if (Exit.isFailure(exit)) texts.push(Cause.pretty(exit.cause, { renderErrorCause: true }))
  return texts
}

const logEverywhere = (exit: Exit.Exit<unknown, unknown>) => {
  const failure = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : exit.value
  return Effect.all([
    Effect.logTrace(exit),
    Effect.logDebug("outcome", failure),
    Effect.logInfo(String(failure)),
    Effect.logWarning(JSON.stringify(failure)),
    Exit.isFailure(exit) ? Effect.logError(exit.cause) : Effect.logError(exit.value),
    Effect.logFatal(inspect(failure, { depth: 20 }))
  ])
}

// Waits for a condition: first by letting other fibers run, then in real time, for at most 5 s.
const until = (condition: () => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 20 && !condition(); i++) yield* Effect.yieldNow()
    if (condition()) return
    yield* Effect.promise(async () => {
      for (let i = 0; i < 1_000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5))
    })
  })

// Runs a call past every backoff and time limit. The first attempt may wait on real work (Authress
// signs a token with WebCrypto) before it reaches the transport, so the test clock moves only once
// it has: else its timers would start after the jump.
const run = <R>(call: Effect.Effect<unknown, unknown, R>, attempts: () => number) =>
  Effect.gen(function*() {
    const before = attempts()
    const fiber = yield* Effect.fork(
      Testing.capture(Effect.flatMap(Effect.exit(call), (exit) => Effect.as(logEverywhere(exit), renderings(exit))))
    )
    yield* until(() => attempts() > before)
    yield* TestClock.adjust("5 minutes")
    return yield* Fiber.join(fiber)
  })

/**
 * Declares the suite for a vendor.
 *
 * @since 0.1.0
 * @category suites
 */
export const secretPathsSuite = <Id, Service extends object>(vendor: Vendor<Id, Service>): void => {
  const { api, schemes } = vendor
  const Users = vendor.tag
  describe("no secret in any error, rendering, log line or span, on any path", () => {
    for (const scheme of schemes) {
      for (const endpoint of api.endpoints) {
        const call = Calls.withParams<Service>(endpoint)
        it.effect(`${scheme.label}, ${endpoint.name}: every failure path and the success`, () => {
          const { answer, attempts, layer, sent } = scripted(scheme)
          return Effect.gen(function*() {
            const users = yield* Users
            const label = `${api.vendor}.${endpoint.name}`
            for (const [path, respond] of failurePaths(endpoint)) {
              answer(respond)
              const captured = yield* run(call(users), attempts)
              const everything = [captured.text, ...(Exit.isSuccess(captured.exit) ? captured.exit.value : [])]
              // What was sent: the header in full and the credentials after its scheme word.
              const hidden = [
                ...scheme.secrets,
                ...[...sent].flatMap((value) => [value, value.split(" ").at(-1) ?? ""])
              ]
              for (const secret of hidden) {
                for (const text of everything) assert.notInclude(text, secret, `${path}: leaked`)
              }
              assert.isAbove(captured.logs.length, 6, path)
              const spans = captured.spans.map((span) => span.name)
              assert.include(spans, label, path)
              // Every call has its attempt spans, and no span records a header, redacted or not.
              assert.isTrue(captured.spans.some((span) => span.attributes.has("url.template")), path)
              for (const span of captured.spans) {
                for (const key of span.attributes.keys()) {
                  assert.notMatch(key, /^http\.(request|response)\.header\./, path)
                }
              }
            }
            // The checks above are not vacuous: the credentials were sent, made of the secrets; or,
            // for an operation served without credentials, never sent at all.
            if (!endpoint.authenticated) return assert.strictEqual(sent.size, 0)
            assert.isAbove(sent.size, 0)
            for (const value of sent) assert.isTrue(scheme.proof(value), "the credentials sent")
          }).pipe(Effect.provide(layer))
        }, { timeout: 30_000 })
      }
    }
  })
}
