import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Retry from "@userkit/core/Retry"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
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

const attempts = Effect.map(MockHttpClient.requests, (requests) => requests.length)

describe("Retry", () => {
  it("parses Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z")
    assert.deepStrictEqual(Retry.parseRetryAfter("5", now), Duration.seconds(5))
    assert.deepStrictEqual(Retry.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now), Duration.millis(30_000))
    assert.deepStrictEqual(Retry.parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), Duration.zero)
    assert.strictEqual(Retry.parseRetryAfter("soon", now), undefined)
    assert.strictEqual(Retry.parseRetryAfter(undefined, now), undefined)
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

  it.effect("waits for Retry-After before retrying a 429, then succeeds", () =>
    Effect.gen(function*() {
      const users = yield* client()
      const fiber = yield* Effect.fork(users.operation(getItem)({ params: { id: "a1" } }))
      yield* TestClock.adjust(Duration.millis(4_999))
      assert.strictEqual(yield* attempts, 1)
      yield* TestClock.adjust(Duration.millis(1))
      const item = yield* Fiber.join(fiber)
      assert.strictEqual(item.id, "a1")
      assert.strictEqual(yield* attempts, 2)
    }).pipe(Effect.provide(scripted("GET", [
      () => MockHttpClient.json(429, {}, { "retry-after": "5" }),
      () => MockHttpClient.json(200, itemJson)
    ]))))

  it.effect("honours Retry-After given as an HTTP date", () =>
    Effect.gen(function*() {
      const users = yield* client()
      const fiber = yield* Effect.fork(users.operation(getItem)({ params: { id: "a1" } }))
      yield* TestClock.adjust(Duration.seconds(9))
      assert.strictEqual(yield* attempts, 1)
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual(yield* attempts, 2)
    }).pipe(Effect.provide(scripted("GET", [
      // TestClock starts at the epoch: this date is ten seconds after it.
      () => MockHttpClient.json(429, {}, { "retry-after": "Thu, 01 Jan 1970 00:00:10 GMT" }),
      () => MockHttpClient.json(200, itemJson)
    ]))))

  it.effect("retries a GET on 503 with capped exponential backoff, then gives up with the typed error", () =>
    Effect.gen(function*() {
      const users = yield* client({ times: 3, baseDelay: Duration.millis(100), maxDelay: Duration.millis(150) })
      const fiber = yield* Effect.fork(Effect.flip(users.operation(getItem)({ params: { id: "a1" } })))
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
      const users = yield* client()
      const error = yield* Effect.flip(
        users.operation(createItem)({ params: {}, body: { id: "abc", secret: Redacted.make("s") } })
      )
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(scripted("POST", [() => MockHttpClient.json(503, {})]))))

  it.effect("retries a POST on 429, which the server rejected without processing", () =>
    Effect.gen(function*() {
      const users = yield* client()
      const fiber = yield* Effect.fork(
        users.operation(createItem)({ params: {}, body: { id: "abc", secret: Redacted.make("s") } })
      )
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual(yield* attempts, 2)
    }).pipe(Effect.provide(scripted("POST", [
      () => MockHttpClient.json(429, {}, { "retry-after": "1" }),
      () => MockHttpClient.json(201, itemJson)
    ]))))

  it.effect("fails at once when Retry-After is beyond maxRetryAfter", () =>
    Effect.gen(function*() {
      const users = yield* client({ maxRetryAfter: Duration.seconds(30) })
      const error = yield* Effect.flip(users.operation(getItem)({ params: { id: "a1" } }))
      assert.strictEqual(error._tag, "TooManyRequests")
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(scripted("GET", [() => MockHttpClient.json(429, {}, { "retry-after": "3600" })]))))

  it.effect("retry: false makes one attempt", () =>
    Effect.gen(function*() {
      const users = yield* client(false)
      yield* Effect.flip(users.operation(getItem)({ params: { id: "a1" } }))
      assert.strictEqual(yield* attempts, 1)
    }).pipe(Effect.provide(scripted("GET", [() => MockHttpClient.json(429, {}, { "retry-after": "1" })]))))
})
