import { assert, describe, it } from "@effect/vitest"
import * as FakeQuota from "@userkit/core/FakeQuota"
import * as RateLimit from "@userkit/core/RateLimit"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"

const quotas: RateLimit.Quotas = {
  vendor: "Acme",
  limits: { read: { limit: 10, interval: "1 second" }, delete: { limit: 2, interval: "1 second" } },
  classOf: { getItem: "read", deleteItem: "delete", createItem: "create" },
  throttleStatuses: [429],
  throttledLimit: { limit: 1, interval: "1 second" },
  adaptive: { slowdown: 4, cooldown: "10 seconds" },
  margin: 0
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
    return [...(yield* Fiber.join(fiber))].sort((a, b) => a - b)
  })

const credential = (secret: string): RateLimit.Credential => ({ baseUrl: "https://api.acme.test/v1", secret })

describe("RateLimit: an exact sliding window with bursts", () => {
  it.effect("limit calls of one class complete without any clock adjustment", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      const times = yield* Effect.forEach([1, 2], () => limiter.limit("deleteItem", Clock.currentTimeMillis))
      assert.deepStrictEqual(times, [0, 0])
    }))

  it.effect("the limit + 1-th waits until the window frees, and not a millisecond less", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      yield* limiter.limit("deleteItem", Effect.void)
      yield* TestClock.adjust("300 millis")
      yield* limiter.limit("deleteItem", Effect.void)
      const third = yield* Effect.fork(limiter.limit("deleteItem", Clock.currentTimeMillis))
      yield* TestClock.adjust("699 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(third)))
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Fiber.join(third), 1000)
    }))

  it.effect("a call counts until a window after it ended: the vendor saw it somewhere in between", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      // Two deletes in flight for 500 ms; the third waits for one to end, then for a window.
      let started = 0
      const slow = limiter.limit(
        "deleteItem",
        Effect.zipRight(Effect.sync(() => started++), Effect.sleep("500 millis"))
      )
      const inFlight = yield* Effect.fork(Effect.all([slow, slow], { concurrency: "unbounded" }))
      while (started < 2) yield* Effect.yieldNow()
      const third = yield* Effect.fork(limiter.limit("deleteItem", Clock.currentTimeMillis))
      yield* TestClock.adjust("1499 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(third)))
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Fiber.join(third), 1500)
      yield* Fiber.join(inFlight)
    }))

  it.effect("the default margin widens every window by 25 ms", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, margin: undefined })
      assert.deepStrictEqual(yield* startTimes(limiter, "deleteItem", 5, "5 seconds"), [0, 0, 1025, 1025, 2050])
    }))

  it.effect("bursts of limit, then a window later the next burst", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      assert.deepStrictEqual(yield* startTimes(limiter, "deleteItem", 5, "10 seconds"), [0, 0, 1000, 1000, 2000])
    }))

  it.effect("serves waiters first come, first served", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, limits: { delete: { limit: 1, interval: "1 second" } } })
      const order: Array<number> = []
      yield* limiter.limit("deleteItem", Effect.void)
      const fibers = []
      for (let i = 0; i < 5; i++) {
        fibers.push(yield* Effect.fork(limiter.limit("deleteItem", Effect.sync(() => order.push(i)))))
        yield* Effect.yieldNow()
      }
      yield* TestClock.adjust("10 seconds")
      yield* Fiber.joinAll(fibers)
      assert.deepStrictEqual(order, [0, 1, 2, 3, 4])
    }))

  it.effect("an interrupted waiter gives its place up", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, limits: { delete: { limit: 1, interval: "1 second" } } })
      yield* limiter.limit("deleteItem", Effect.void)
      const first = yield* Effect.fork(limiter.limit("deleteItem", Clock.currentTimeMillis))
      yield* Effect.yieldNow()
      const second = yield* Effect.fork(limiter.limit("deleteItem", Clock.currentTimeMillis))
      yield* Effect.yieldNow()
      yield* TestClock.adjust("500 millis")
      yield* Fiber.interrupt(first)
      yield* TestClock.adjust("500 millis")
      assert.strictEqual(yield* Fiber.join(second), 1000)
    }))

  it.effect("keeps classes apart: reads are not held up by deletes", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      const deletes = yield* Effect.fork(startTimes(limiter, "deleteItem", 10, "0 millis"))
      const reads = yield* startTimes(limiter, "getItem", 10, "0 millis")
      assert.deepStrictEqual(new Set(reads), new Set([0]))
      yield* TestClock.adjust("10 seconds")
      assert.strictEqual(Math.max(...(yield* Fiber.join(deletes))), 4000)
    }))

  it.effect("false lets everything through at once", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(false)
      assert.deepStrictEqual(new Set(yield* startTimes(limiter, "deleteItem", 100, "0 millis")), new Set([0]))
    }))

  it.effect("an operation without a class, or a class without a quota, is not limited", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      assert.deepStrictEqual(new Set(yield* startTimes(limiter, "unknown", 20, "0 millis")), new Set([0]))
      assert.deepStrictEqual(new Set(yield* startTimes(limiter, "createItem", 20, "0 millis")), new Set([0]))
    }))
})

describe("RateLimit: adaptive for everyone waiting", () => {
  it.effect("a 429 lowers the limit of its class for the cooldown, queued calls included", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      // 10 reads take the window; 8 more wait in line at full pace.
      const queued = yield* Effect.fork(
        Effect.forEach(
          Array.from({ length: 18 }, (_, i) => i),
          () => limiter.limit("getItem", Clock.currentTimeMillis),
          { concurrency: "unbounded" }
        )
      )
      yield* TestClock.adjust("100 millis")
      yield* limiter.observe("getItem", 429)
      assert.isTrue(yield* limiter.isThrottled("read"))
      assert.isFalse(yield* limiter.isThrottled("delete"))
      yield* TestClock.adjust("10 seconds")
      const times = [...(yield* Fiber.join(queued))].sort((a, b) => a - b)
      // Four times slower: 2 a second (10 / 4) for those that were waiting already.
      assert.deepStrictEqual(times.slice(10), [1000, 1000, 2000, 2000, 3000, 3000, 4000, 4000])
      yield* TestClock.adjust("10 seconds")
      assert.isFalse(yield* limiter.isThrottled("read"))
      assert.deepStrictEqual(new Set(yield* startTimes(limiter, "getItem", 10, "0 millis")).size, 1)
    }))

  it.effect("a Retry-After is a floor for the whole class", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, adaptive: false })
      const refused = { _tag: "TooManyRequests", status: 429, retryAfter: Duration.seconds(5) }
      yield* Effect.flip(limiter.limit("getItem", Effect.fail(refused)))
      const next = yield* Effect.fork(limiter.limit("getItem", Clock.currentTimeMillis))
      yield* TestClock.adjust("4999 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(next)))
      yield* TestClock.adjust("1 millis")
      assert.strictEqual(yield* Fiber.join(next), 5000)
    }))

  it.effect("a status that is not a throttle signal changes nothing", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      yield* Effect.flip(limiter.limit("getItem", Effect.fail({ status: 503 })))
      assert.isFalse(yield* limiter.isThrottled("read"))
    }))

  it.effect("a class without a quota runs at throttledLimit once throttled (TileDB's 503)", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, throttleStatuses: [429, 503] })
      yield* limiter.observe("createItem", 503)
      assert.deepStrictEqual(yield* startTimes(limiter, "createItem", 3, "5 seconds"), [0, 1000, 2000])
    }))

  it.effect("a limit below the slowdown becomes one start per longer interval", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(quotas)
      yield* limiter.throttled("delete")
      assert.deepStrictEqual(yield* startTimes(limiter, "deleteItem", 3, "5 seconds"), [0, 2000, 4000])
    }))

  it.effect("adaptive: false never slows down", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, adaptive: false })
      yield* limiter.throttled("read")
      assert.isFalse(yield* limiter.isThrottled("read"))
    }))
})

describe("RateLimit: observable waits", () => {
  it.effect("a wait is a span event and attribute with its class, and a metric", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make({ ...quotas, vendor: "ObservedAcme" })
      yield* limiter.limit("deleteItem", Effect.void)
      yield* limiter.limit("deleteItem", Effect.void)
      const span = yield* Effect.makeSpanScoped("call")
      const fiber = yield* Effect.fork(Effect.withParentSpan(limiter.limit("deleteItem", Effect.void), span))
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(fiber)
      assert.strictEqual(span.attributes.get("userkit.rate_limit.wait_ms"), 1000)
      assert.strictEqual(span.attributes.get("userkit.rate_limit.class"), "delete")
      const events = "events" in span && Array.isArray(span.events) ? span.events : []
      assert.deepStrictEqual(events.map(([name, , attributes]) => [name, attributes]), [[
        "userkit.rate_limit.wait",
        { "userkit.rate_limit.wait_ms": 1000, "userkit.rate_limit.class": "delete" }
      ]])
      const waits = yield* Metric.value(
        RateLimit.waits.pipe(Metric.tagged("vendor", "ObservedAcme"), Metric.tagged("class", "delete"))
      )
      assert.strictEqual(waits.count, 1)
      assert.strictEqual(waits.sum, 1000)
    }).pipe(Effect.scoped))
})

describe("RateLimit: per credential", () => {
  it.effect("every client with the same vendor, origin and credential shares one window", () =>
    Effect.gen(function*() {
      const scope = yield* Scope.make()
      const first = yield* Scope.extend(RateLimit.fromOption(quotas, undefined, credential("k1")), scope)
      const second = yield* Scope.extend(RateLimit.fromOption(quotas, undefined, credential("k1")), scope)
      const other = yield* Scope.extend(RateLimit.fromOption(quotas, undefined, credential("k2")), scope)
      yield* first.limit("deleteItem", Effect.void)
      yield* second.limit("deleteItem", Effect.void)
      const third = yield* Effect.fork(second.limit("deleteItem", Clock.currentTimeMillis))
      // Another credential has its own window.
      assert.deepStrictEqual(yield* startTimes(other, "deleteItem", 2, "0 millis"), [0, 0])
      yield* TestClock.adjust("1 second")
      assert.strictEqual(yield* Fiber.join(third), 1000)
      const key = yield* RateLimit.keyOf(RateLimit.memory, "Acme", credential("k1"))
      assert.strictEqual(yield* RateLimit.sharing(`memory:${key}`), 2)
      yield* Scope.close(scope, Exit.void)
      assert.strictEqual(yield* RateLimit.sharing(`memory:${key}`), 0)
    }))

  it.effect("the key names the vendor and origin and a fingerprint, never the credential", () =>
    Effect.gen(function*() {
      const key = yield* RateLimit.keyOf(RateLimit.memory, "Acme", credential("sk_live_SECRET"))
      assert.match(key, /^Acme:https:\/\/api\.acme\.test:[0-9a-f]{32}$/)
      assert.notInclude(key, "SECRET")
      assert.notStrictEqual(key, yield* RateLimit.keyOf(RateLimit.memory, "Acme", credential("sk_live_OTHER")))
      assert.strictEqual(key, yield* RateLimit.keyOf(RateLimit.memory, "Acme", credential("sk_live_SECRET")))
    }))
})

describe("RateLimit options", () => {
  it("resolves a layer's option over the vendor's defaults", () => {
    assert.strictEqual(RateLimit.resolve(quotas, false), false)
    assert.strictEqual(RateLimit.resolve(quotas, undefined), quotas)
    const custom = RateLimit.resolve(quotas, {
      limits: { read: { limit: 1, interval: "1 minute" }, delete: false },
      margin: "5 millis"
    })
    assert.isTrue(custom !== false)
    if (custom === false) return
    assert.deepStrictEqual(custom.limits, { read: { limit: 1, interval: "1 minute" } })
    assert.deepStrictEqual(custom.classOf, quotas.classOf)
    assert.strictEqual(custom.margin, "5 millis")
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

  it.effect("a limited client never goes over the fake's quota, even with no margin", () =>
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
      assert.deepStrictEqual((yield* quota.counts).read, {
        limit: 10,
        intervalMillis: 1000,
        admitted: 50,
        refused: 0,
        maxInWindow: 10
      })
    }))
})
