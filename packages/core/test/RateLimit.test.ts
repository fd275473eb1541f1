import { assert, describe, it } from "@effect/vitest"
import * as FakeQuota from "@userkit/core/FakeQuota"
import * as RateLimit from "@userkit/core/RateLimit"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"

const quotas: RateLimit.Quotas = {
  vendor: "Acme",
  limits: { read: { limit: 10, interval: "1 second" }, delete: { limit: 2, interval: "1 second" } },
  classOf: { getItem: "read", deleteItem: "delete", createItem: "create" },
  throttleStatuses: [429],
  throttledLimit: { limit: 1, interval: "1 second" },
  adaptive: { slowdown: 4, cooldown: "10 seconds" }
}

// Runs `count` calls at once through the limiter; answers the TestClock time each one started at.
const startTimes = (limiter: RateLimit.Limiter, operation: string, count: number, advance: Duration.DurationInput) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(
      Effect.forEach(
        Array.from({ length: count }, (_, i) => i),
        () => limiter.limit(operation, Clock.currentTimeMillis),
        { concurrency: "unbounded" }
      )
    )
    yield* TestClock.adjust(advance)
    return yield* Fiber.join(fiber)
  })

const gaps = (times: ReadonlyArray<number>) => {
  const sorted = [...times].sort((a, b) => a - b)
  return sorted.slice(1).map((time, i) => time - (sorted[i] ?? 0))
}

describe("RateLimit", () => {
  it.scoped("paces a class to one start every interval / limit", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      const times = yield* startTimes(limiter, "deleteItem", 5, "10 seconds")
      assert.deepStrictEqual([...times].sort((a, b) => a - b), [0, 500, 1000, 1500, 2000])
    }))

  it.scoped("keeps classes apart: reads are not held up by deletes", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      const deletes = yield* Effect.fork(startTimes(limiter, "deleteItem", 10, "0 millis"))
      const reads = yield* startTimes(limiter, "getItem", 10, "1 second")
      assert.strictEqual(Math.max(...reads), 900)
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(Math.max(...(yield* Fiber.join(deletes))), 4500)
    }))

  it.scoped("false lets everything through at once", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(false)
      const times = yield* startTimes(limiter, "deleteItem", 100, "0 millis")
      assert.deepStrictEqual(new Set(times), new Set([0]))
    }))

  it.scoped("an operation without a class, or a class without a quota, is not limited", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      assert.deepStrictEqual(new Set(yield* startTimes(limiter, "unknown", 20, "0 millis")), new Set([0]))
      assert.deepStrictEqual(new Set(yield* startTimes(limiter, "createItem", 20, "0 millis")), new Set([0]))
    }))

  it.scoped("slows a class down after a 429 and recovers after the cooldown", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      const refused = { _tag: "TooManyRequests", status: 429 }
      yield* Effect.flip(limiter.limit("getItem", Effect.fail(refused)))
      assert.isTrue(yield* limiter.isThrottled("read"))
      assert.isFalse(yield* limiter.isThrottled("delete"))
      const slowed = yield* startTimes(limiter, "getItem", 4, "10 seconds")
      // Four times slower: 400 ms apart instead of 100 ms (the refused call took the read at 0).
      assert.deepStrictEqual([...slowed].sort((a, b) => a - b), [100, 400, 800, 1200])
      yield* TestClock.adjust("10 seconds")
      assert.isFalse(yield* limiter.isThrottled("read"))
      assert.deepStrictEqual(gaps(yield* startTimes(limiter, "getItem", 4, "1 second")), [100, 100, 100])
    }))

  it.scoped("a status that is not a throttle signal changes nothing", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      yield* Effect.flip(limiter.limit("getItem", Effect.fail({ status: 503 })))
      assert.isFalse(yield* limiter.isThrottled("read"))
    }))

  it.scoped("a class without a quota runs at throttledLimit once throttled (TileDB's 503)", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, throttleStatuses: [429, 503] })
      yield* limiter.observe("createItem", 503)
      assert.deepStrictEqual(gaps(yield* startTimes(limiter, "createItem", 3, "5 seconds")), [1000, 1000])
    }))

  it.scoped("adaptive: false never slows down", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, adaptive: false })
      yield* limiter.throttled("read")
      assert.isFalse(yield* limiter.isThrottled("read"))
    }))

  it("resolves a layer's option over the vendor's defaults", () => {
    assert.strictEqual(RateLimit.resolve(quotas, false), false)
    assert.strictEqual(RateLimit.resolve(quotas, undefined), quotas)
    const custom = RateLimit.resolve(quotas, { limits: { read: { limit: 1, interval: "1 minute" }, delete: false } })
    assert.isTrue(custom !== false)
    if (custom === false) return
    assert.deepStrictEqual(custom.limits, { read: { limit: 1, interval: "1 minute" } })
    assert.deepStrictEqual(custom.classOf, quotas.classOf)
  })

  it("scales quotas, keeping their proportions", () => {
    const fast = RateLimit.scale(quotas, 10)
    assert.strictEqual(Duration.toMillis(RateLimit.spacing(fast.limits.read ?? { limit: 1, interval: 0 })), 10)
    assert.strictEqual(fast.limits.read?.limit, 10)
  })
})

describe("FakeQuota", () => {
  it.effect("refuses what goes over a class's limit in any window, and counts", () =>
    Effect.gen(function*() {
      const quota = FakeQuota.make(quotas)
      for (let i = 0; i < 2; i++) yield* quota.admit("deleteItem")
      const refusal = yield* Effect.flip(quota.admit("deleteItem"))
      assert.strictEqual(refusal.status, 429)
      yield* TestClock.adjust("999 millis")
      yield* Effect.flip(quota.admit("deleteItem"))
      yield* TestClock.adjust("1 millis")
      yield* quota.admit("deleteItem")
      yield* quota.admit("createItem")
      assert.deepStrictEqual((yield* quota.counts).delete, {
        limit: 2,
        intervalMillis: 1000,
        admitted: 3,
        refused: 2,
        maxInWindow: 2
      })
    }))

  it.effect("counts without refusing when not enforcing, so going over shows", () =>
    Effect.gen(function*() {
      const quota = FakeQuota.make(quotas, { enforce: false })
      for (let i = 0; i < 5; i++) yield* quota.admit("deleteItem")
      assert.strictEqual((yield* quota.counts).delete?.maxInWindow, 5)
    }))

  it.scoped("a paced client never goes over the fake's quota", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      const quota = FakeQuota.make(quotas)
      const fiber = yield* Effect.fork(Effect.forEach(
        Array.from({ length: 50 }, (_, i) => i),
        () => limiter.limit("getItem", quota.admit("getItem")),
        { concurrency: "unbounded" }
      ))
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.join(fiber)
      const counts = yield* quota.counts
      assert.deepStrictEqual(counts.read, {
        limit: 10,
        intervalMillis: 1000,
        admitted: 50,
        refused: 0,
        maxInWindow: 10
      })
    }))
})

describe("RateLimit per client", () => {
  it.scoped("two limiters (two layers, two keys) are limited separately", () =>
    Effect.gen(function*() {
      const first = yield* RateLimit.make(quotas)
      const second = yield* RateLimit.make(quotas)
      const fiber = yield* Effect.fork(Effect.all([
        startTimes(first, "deleteItem", 2, "0 millis"),
        startTimes(second, "deleteItem", 2, "0 millis")
      ], { concurrency: "unbounded" }))
      yield* TestClock.adjust("1 second")
      const [a, b] = yield* Fiber.join(fiber)
      assert.deepStrictEqual([[...a].sort(), [...b].sort()], [[0, 500], [0, 500]])
    }))
})
