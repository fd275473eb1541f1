import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Retry from "@userkit/core/Retry"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Http from "node:http"
import { createItem, getItem, itemJson, TestApi } from "./fixtures.js"

// Answers with each scripted response in turn, then with the last one forever.
const scripted = (method: string, responses: ReadonlyArray<() => Response>) => {
  let calls = 0
  return MockHttpClient.layer([
    MockHttpClient.route(method, "*", () => responses[Math.min(calls++, responses.length - 1)]())
  ])
}

const client = (retry: Retry.Options | false = {}) =>
  Client.make(TestApi, { baseUrl: "https://acme.test", auth: Auth.header("X-Key", Redacted.make("k")), retry })

// The two calls the tests make, each through a client of its own with the retry options given:
// a GET, which may be retried on 5xx, and a POST, which by default may not.
const getA1 = (retry?: Retry.Options | false) =>
  Effect.flatMap(client(retry), (users) => users.operation(getItem)({ params: { id: "a1" } }))
const createAbc = (retry?: Retry.Options | false) =>
  Effect.flatMap(
    client(retry),
    (users) => users.operation(createItem)({ params: {}, body: { id: "abc", secret: Redacted.make("s") } })
  )

// A loopback server answering 429 with the header given, each value on a header line of its own.
const rejecting = (retryAfter: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.async<Http.Server>((resume) => {
      const server = Http.createServer((_, res) => {
        res.setHeader("retry-after", [...retryAfter])
        res.writeHead(429, { "content-type": "application/json" }).end("{}")
      })
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.async<undefined>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.succeed(undefined)))
      })
  ).pipe(Effect.map((server) => {
    const address = server.address()
    return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
  }))

const attempts = Effect.map(MockHttpClient.requests, (requests) => requests.length)

// How a call that fails ends: the tag of its error, and the attempts it made.
const tagAndAttempts = <E extends { readonly _tag: string }, R>(call: Effect.Effect<unknown, E, R>) =>
  Effect.zip(Effect.map(Effect.flip(call), (error) => error._tag), attempts)

describe("Retry", () => {
  it("parses Retry-After as delay-seconds or a strict HTTP-date, in any of its three forms", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    assert.deepStrictEqual(Retry.parseRetryAfter("5", now), Duration.seconds(5))
    assert.deepStrictEqual(Retry.parseRetryAfter(" 0 ", now), Duration.seconds(0))
    assert.deepStrictEqual(Retry.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now), Duration.millis(30_000))
    assert.deepStrictEqual(Retry.parseRetryAfter("Thursday, 01-Jan-26 00:00:30 GMT", now), Duration.millis(30_000))
    assert.deepStrictEqual(Retry.parseRetryAfter("Thu Jan  1 00:00:30 2026", now), Duration.millis(30_000))
    assert.deepStrictEqual(Retry.parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), Duration.zero)
    // RFC 9110: a two-digit year more than 50 years ahead is in the past century.
    assert.deepStrictEqual(Retry.parseRetryAfter("Friday, 01-Jan-99 00:00:00 GMT", now), Duration.zero)
    assert.strictEqual(Retry.parseRetryAfter(undefined, now), undefined)
  })

  it("reads a value joined from repeated headers by its first element", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    assert.deepStrictEqual(Retry.parseRetryAfter("2, 2", now), Duration.seconds(2))
    assert.deepStrictEqual(Retry.parseRetryAfter("3,120", now), Duration.seconds(3))
    assert.deepStrictEqual(
      Retry.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT, Thu, 01 Jan 2026 00:00:30 GMT", now),
      Duration.millis(30_000)
    )
    assert.strictEqual(Retry.parseRetryAfter("-1, 2", now), undefined)
  })

  it("round-trips any delay-seconds and any IMF-fixdate, alone or first in a joined value", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    const moment = FastCheck.integer({
      min: Date.parse("1970-01-01T00:00:00Z"),
      max: Date.parse("2200-01-01T00:00:00Z")
    })
      .map((ms) => ms - (ms % 1000))
    const rest = FastCheck.constantFrom("", ", 7", ",soon", ", Thu, 01 Jan 2026 00:00:00 GMT")
    FastCheck.assert(FastCheck.property(FastCheck.nat(), rest, (seconds, tail) => {
      assert.deepStrictEqual(Retry.parseRetryAfter(`${seconds}${tail}`, now), Duration.seconds(seconds))
    }))
    FastCheck.assert(FastCheck.property(moment, rest, (ms, tail) => {
      // `toUTCString` writes IMF-fixdate.
      const parsed = Retry.parseRetryAfter(`${new Date(ms).toUTCString()}${tail}`, now)
      assert.deepStrictEqual(parsed, Duration.millis(Math.max(0, ms - now)))
    }))
  })

  it("ignores anything else", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    for (
      const value of [
        "",
        "-1",
        "1.5",
        "+5",
        "5s",
        "1e3",
        "soon",
        "2 2",
        "2026-01-01T00:00:30Z",
        "Thu, 1 Jan 2026 00:00:30 GMT",
        "Thu, 01 Jan 2026 00:00:30 UTC",
        "Thu, 01 Jan 2026 00:00:30 +0000",
        "thu, 01 jan 2026 00:00:30 GMT",
        "Thu, 31 Feb 2026 00:00:30 GMT",
        "Thu, 01 Jan 2026 25:00:00 GMT",
        "Thu, 01 Jan 2026 00:00:30 GMT trailing",
        "Thursday, 01-Jan-2026 00:00:30 GMT",
        "Thu Jan 01 00:00:30 2026 GMT"
      ]
    ) assert.strictEqual(Retry.parseRetryAfter(value, now), undefined, value)
  })

  it("retries 429 for every method, gateway and network failures only for idempotent ones", () => {
    assert.isTrue(Retry.isRetryable({ _tag: "TooManyRequests", status: 429 }, false))
    assert.isTrue(Retry.isRetryable({ _tag: "ServiceUnavailable", status: 503 }, true))
    assert.isFalse(Retry.isRetryable({ _tag: "ServiceUnavailable", status: 503 }, false))
    assert.isTrue(Retry.isRetryable({ _tag: "UnexpectedStatus", status: 504 }, true))
    assert.isTrue(Retry.isRetryable({ _tag: "TransportError", reason: "Transport" }, true))
    assert.isFalse(Retry.isRetryable({ _tag: "TransportError", reason: "Transport" }, false))
    assert.isFalse(Retry.isRetryable({ _tag: "TransportError", reason: "InvalidUrl" }, true))
    assert.isFalse(Retry.isRetryable({ _tag: "InternalServerError", status: 500 }, true))
    assert.isFalse(Retry.isRetryable({ _tag: "NotFound", status: 404 }, true))
  })

  // Each form of Retry-After on a first 429, and how long the retry waits for it (TestClock starts
  // at the epoch: the dates are ten seconds after it).
  const waits: ReadonlyArray<readonly [string, string, number]> = [
    ["delay-seconds", "5", 5_000],
    ["an IMF-fixdate", "Thu, 01 Jan 1970 00:00:10 GMT", 10_000],
    ["an RFC 850 date", "Thursday, 01-Jan-70 00:00:10 GMT", 10_000],
    ["an asctime date", "Thu Jan  1 00:00:10 1970", 10_000],
    ["a header sent twice (\"2, 2\")", "2, 2", 2_000]
  ]
  for (const [form, value, wait] of waits) {
    it.effect(`waits for Retry-After as ${form} before retrying a 429, then succeeds`, () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(getA1())
        yield* TestClock.adjust(Duration.millis(wait - 1))
        assert.strictEqual(yield* attempts, 1)
        yield* TestClock.adjust(Duration.millis(1))
        const item = yield* Fiber.join(fiber)
        assert.strictEqual(item.id, "a1")
        assert.strictEqual(yield* attempts, 2)
      }).pipe(Effect.provide(scripted("GET", [
        () => MockHttpClient.json(429, {}, { "retry-after": value }),
        () => MockHttpClient.json(200, itemJson)
      ]))))
  }

  it.scoped("over a real socket with fetch, two Retry-After lines read as the first: 2 s, not a date in 2001", () =>
    Effect.gen(function*() {
      const baseUrl = yield* rejecting(["2", "2"])
      const users = yield* Client.make(TestApi, {
        baseUrl,
        auth: Auth.header("X-Key", Redacted.make("k")),
        retry: false
      })
      const error = yield* Effect.flip(users.operation(getItem)({ params: { id: "a1" } }))
      assert.deepStrictEqual(error._tag === "TooManyRequests" ? error.retryAfter : error._tag, Duration.seconds(2))
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  for (const value of ["-1", "1.5", "garbage"]) {
    it.effect(`an invalid Retry-After ${value} is ignored: the backoff alone decides, the failure has none`, () =>
      Effect.gen(function*() {
        const fiber = yield* Effect.fork(getA1({ baseDelay: Duration.seconds(1) }))
        // Jitter keeps the first delay within ±20% of 1 s.
        yield* TestClock.adjust(Duration.millis(799))
        assert.strictEqual(yield* attempts, 1)
        yield* TestClock.adjust(Duration.millis(401))
        yield* Fiber.join(fiber)
        assert.strictEqual(yield* attempts, 2)
        const error = yield* Effect.flip(getA1(false))
        assert.strictEqual(error._tag, "TooManyRequests")
        assert.isTrue(error._tag === "TooManyRequests" && error.retryAfter === undefined)
      }).pipe(Effect.provide(scripted("GET", [
        () => MockHttpClient.json(429, {}, { "retry-after": value }),
        () => MockHttpClient.json(200, itemJson),
        () => MockHttpClient.json(429, {}, { "retry-after": value })
      ]))))
  }

  it.effect("retries a GET on 503 with capped exponential backoff, then gives up with the typed error", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        Effect.flip(getA1({ times: 3, baseDelay: Duration.millis(100), maxDelay: Duration.millis(150) }))
      )
      // Jitter keeps each delay within ±20% of 100 ms, 150 ms (capped), 150 ms.
      yield* TestClock.adjust(Duration.millis(79))
      assert.strictEqual(yield* attempts, 1)
      yield* TestClock.adjust(Duration.millis(41))
      assert.strictEqual(yield* attempts, 2)
      yield* TestClock.adjust(Duration.millis(150))
      assert.strictEqual(yield* attempts, 3)
      yield* TestClock.adjust(Duration.millis(150))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual(yield* attempts, 4)
    }).pipe(Effect.provide(scripted("GET", [() => MockHttpClient.json(503, {})]))))

  it.effect("never retries a POST on 503 by default, so nothing is created twice", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* tagAndAttempts(createAbc()), ["ServiceUnavailable", 1])
    }).pipe(Effect.provide(scripted("POST", [() => MockHttpClient.json(503, {})]))))

  it.effect("retries a POST on 429, which the server rejected without processing", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(createAbc())
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual(yield* attempts, 2)
    }).pipe(Effect.provide(scripted("POST", [
      () => MockHttpClient.json(429, {}, { "retry-after": "1" }),
      () => MockHttpClient.json(201, itemJson)
    ]))))

  it.effect("fails at once when Retry-After is beyond maxRetryAfter", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* tagAndAttempts(getA1({ maxRetryAfter: Duration.seconds(30) })), [
        "TooManyRequests",
        1
      ])
    }).pipe(Effect.provide(scripted("GET", [() => MockHttpClient.json(429, {}, { "retry-after": "3600" })]))))

  it.effect("retry: false makes one attempt", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* tagAndAttempts(getA1(false)), ["TooManyRequests", 1])
    }).pipe(Effect.provide(scripted("GET", [() => MockHttpClient.json(429, {}, { "retry-after": "1" })]))))
})
