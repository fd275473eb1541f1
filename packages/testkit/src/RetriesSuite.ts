/**
 * The retry suite every vendor package runs: for each declared operation, under the test clock, a
 * 429 is retried after `Retry-After` (seconds and HTTP date), a 503, a transport failure and a
 * timeout are retried with capped, jittered backoff for idempotent methods, and never for POST or
 * PATCH.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import type * as Endpoint from "@userkit/core/Endpoint"
import * as Errors from "@userkit/core/Errors"
import type * as Retry from "@userkit/core/Retry"
import * as Arbitrary from "effect/Arbitrary"
import * as Clock from "effect/Clock"
import type * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Calls from "./Calls.js"

/**
 * How the suite builds a client of one transport.
 *
 * @since 0.1.0
 * @category models
 */
export interface Transport {
  readonly retry: Retry.Options | false
  readonly timeout?: Duration.DurationInput
}

/**
 * The vendor under test.
 *
 * @since 0.1.0
 * @category models
 */
export interface Vendor<Id, Service> {
  readonly api: { readonly endpoints: ReadonlyArray<Endpoint.Declared> }
  readonly tag: Context.Tag<Id, Service>
  /** The vendor's layer over an HttpClient, with the given retry and timeout options (and no rate limit). */
  readonly layer: (client: Layer.Layer<HttpClient.HttpClient>, transport: Transport) => Layer.Layer<Id, unknown>
}

/**
 * Declares the suite for a vendor.
 *
 * @since 0.1.0
 * @category suites
 */
export const retriesSuite = <Id, Service extends object>(vendor: Vendor<Id, Service>): void => {
  const { api } = vendor
  const serviceOver = (client: Layer.Layer<HttpClient.HttpClient>, transport: Transport) =>
    Effect.orDie(Effect.provide(vendor.tag, vendor.layer(client, transport)))

  type Answer = Response | "transport failure" | "no answer"

  // A transport that answers attempt n (from 1) with `script(n)` and notes the (test) clock time of
  // every attempt, so that a test reads the delays the retry policy chose.
  const scripted = (script: (attempt: number) => Answer, transport: Transport) => {
    const times: Array<number> = []
    const client = HttpClient.make((request) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        times.push(now)
        const answer = script(times.length)
        if (answer === "no answer") return Effect.never
        if (answer === "transport failure") {
          return Effect.fail(
            new HttpClientError.RequestError({ request, reason: "Transport", cause: new TypeError("fetch failed") })
          )
        }
        return Effect.succeed(HttpClientResponse.fromWeb(request, answer))
      })
    )
    return { users: serviceOver(Layer.succeed(HttpClient.HttpClient, client), transport), times }
  }

  const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((time, i) => time - times[i])

  // A success the operation decodes: generated from its schema, kept only if JSON carries it.
  const successOf = (endpoint: Endpoint.Any) => {
    const success: Schema.Schema.AnyNoContext = endpoint.success
    const body = endpoint.expectsBody
      ? FastCheck.sample(Arbitrary.make(success), { numRuns: 50, seed: 5 })
        .map((value) => JSON.stringify(Schema.encodeSync(success)(value)))
        .find((text) => Either.isRight(Schema.decodeUnknownEither(success)(JSON.parse(text))))
      : undefined
    return () =>
      new Response(body ?? null, {
        status: endpoint.successStatus,
        headers: body === undefined ? {} : { "content-type": "application/json" }
      })
  }

  const rejected = (headers: Record<string, string>) =>
    new Response("{}", { status: 429, headers: { "content-type": "application/json", ...headers } })
  const failing = (status: number) => new Response("{}", { status, headers: { "content-type": "application/json" } })

  const tagOf = (endpoint: Endpoint.Any, status: number) =>
    Errors.isKnownStatus(status) && endpoint.errors.includes(status) ? Errors.statusTags[status] : "UnexpectedStatus"

  // Runs a call in the background, lets `elapse` of test time pass, and returns how it ended. The
  // first attempt may wait on real work (Authress signs a token with WebCrypto) before it reaches the
  // transport, so the test clock moves only once it has: else its timers would start after the jump.
  const runFor = <R>(
    call: Effect.Effect<unknown, { readonly _tag: string }, R>,
    elapse: Duration.DurationInput,
    times: ReadonlyArray<number>
  ) =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(Effect.either(call))
      yield* firstAttempt(times)
      yield* TestClock.adjust(elapse)
      return yield* Fiber.join(fiber)
    })

  // Waits for the first attempt to reach the transport: first by letting other fibers run, then in
  // real time, for at most 5 s.
  const firstAttempt = (times: ReadonlyArray<number>) =>
    Effect.gen(function*() {
      for (let i = 0; i < 20 && times.length === 0; i++) yield* Effect.yieldNow()
      if (times.length > 0) return
      yield* Effect.promise(async () => {
        for (let i = 0; i < 1_000 && times.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5))
      })
    })

  const defaults: Transport = { retry: {} }

  // RFC 9110 §9.2.2, written out here rather than taken from the core, so that the expectations do
  // not follow the code under test if it goes wrong.
  const idempotent = (endpoint: Endpoint.Any) =>
    endpoint.method === "GET" || endpoint.method === "PUT" || endpoint.method === "DELETE"

  describe("retries, every operation (default policy, test clock)", () => {
    // The two forms of Retry-After, and when the retry must go (the test clock starts at the epoch).
    const retryAfters = [
      { what: ": 3", header: "3", retriedAt: 3000, when: "after exactly 3 s" },
      { what: " as an HTTP date", header: "Thu, 01 Jan 1970 00:00:10 GMT", retriedAt: 10_000, when: "at that date" }
    ]

    for (const endpoint of api.endpoints) {
      const call = Calls.withParams<Service>(endpoint)
      const succeed = successOf(endpoint)
      const label = `${endpoint.name} (${endpoint.method})`

      for (const { header, retriedAt, what, when } of retryAfters) {
        it.effect(`${label}: a 429 with Retry-After${what} is retried ${when}`, () => {
          const { times, users } = scripted(
            (n) => n === 1 ? rejected({ "retry-after": header }) : succeed(),
            defaults
          )
          return Effect.gen(function*() {
            const fiber = yield* Effect.fork(call(yield* users))
            yield* firstAttempt(times)
            yield* TestClock.adjust(Duration.millis(retriedAt - 1))
            assert.deepStrictEqual(times, [0])
            yield* TestClock.adjust("1 milli")
            yield* Fiber.join(fiber)
            assert.deepStrictEqual(times, [0, retriedAt])
          })
        })
      }

      if (idempotent(endpoint)) {
        it.effect(`${label}: a 503 is retried 3 times, backing off 200, 400, 800 ms ±20%, then fails typed`, () => {
          const { times, users } = scripted(() => failing(503), defaults)
          return Effect.gen(function*() {
            const result = yield* runFor(call(yield* users), "60 seconds", times)
            assert.isTrue(Either.isLeft(result) && result.left._tag === tagOf(endpoint, 503))
            const waited = gaps(times)
            assert.lengthOf(waited, 3)
            waited.forEach((gap, i) => {
              assert.isAtLeast(gap, 200 * 2 ** i * 0.8, `retry ${i + 1}`)
              assert.isAtMost(gap, 200 * 2 ** i * 1.2, `retry ${i + 1}`)
            })
          })
        })

        it.effect(`${label}: a transport failure and a timeout are retried, and a retry can succeed`, () => {
          const script = (n: number): Answer => n === 1 ? "transport failure" : n === 2 ? "no answer" : succeed()
          const { times, users } = scripted(script, { retry: {}, timeout: "1 second" })
          return Effect.gen(function*() {
            const result = yield* runFor(call(yield* users), "60 seconds", times)
            assert.isTrue(Either.isRight(result), JSON.stringify(result))
            assert.lengthOf(times, 3)
          })
        })
      } else {
        for (const answer of [500, 502, 503, 504, "transport failure", "no answer"] as const) {
          it.effect(`${label}: ${answer} is never retried, so nothing is done twice`, () => {
            const { times, users } = scripted(
              () => typeof answer === "number" ? failing(answer) : answer,
              { retry: {}, timeout: "1 second" }
            )
            return Effect.gen(function*() {
              const result = yield* runFor(call(yield* users), "60 seconds", times)
              const expected = typeof answer === "number"
                ? tagOf(endpoint, answer)
                : answer === "no answer"
                ? "TimeoutError"
                : "TransportError"
              assert.isTrue(Either.isLeft(result) && result.left._tag === expected, JSON.stringify(result))
              assert.deepStrictEqual(times, [0])
            })
          })
        }
      }
    }
  })

  describe("backoff", () => {
    const endpoint = api.endpoints.find((endpoint) => endpoint.method === "GET")
    const call = endpoint === undefined ? undefined : Calls.withParams<Service>(endpoint)

    it.effect("grows to the cap and stays there; the jitter differs from run to run", () =>
      Effect.gen(function*() {
        if (endpoint === undefined || call === undefined) return assert.fail("no GET operation")
        const firstDelays: Array<number> = []
        for (const seed of [1, 2, 3, 4, 5, 6]) {
          const { times, users } = scripted(() => failing(503), {
            retry: { times: 5, baseDelay: "1 second", maxDelay: "1.5 seconds" }
          })
          const result = yield* runFor(Effect.flatMap(users, call), "60 seconds", times).pipe(
            Effect.withRandom(Random.make(seed))
          )
          assert.isTrue(Either.isLeft(result) && result.left._tag === tagOf(endpoint, 503))
          const [first, ...capped] = gaps(times)
          // 1 s ±20%, then 2 s, 4 s, … ±20%, all above the cap: exactly the cap each time.
          assert.isAtLeast(first, 800)
          assert.isAtMost(first, 1200)
          assert.deepStrictEqual(capped.map(Math.round), [1500, 1500, 1500, 1500])
          firstDelays.push(first)
        }
        assert.isAbove(new Set(firstDelays).size, 1)
      }))

    it.effect("a Retry-After beyond maxRetryAfter fails at once with the typed error carrying it", () =>
      Effect.gen(function*() {
        if (endpoint === undefined || call === undefined) return assert.fail("no GET operation")
        const { times, users } = scripted(() => rejected({ "retry-after": "3600" }), defaults)
        const result = yield* runFor(Effect.flatMap(users, call), "10 seconds", times)
        if (Either.isRight(result)) return assert.fail("succeeded")
        assert.strictEqual(result.left._tag, tagOf(endpoint, 429))
        assert.deepStrictEqual(times, [0])
      }))
  })
}
