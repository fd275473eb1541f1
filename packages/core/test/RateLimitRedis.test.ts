import { assert, describe, it } from "@effect/vitest"
import * as ConfigOptions from "@userkit/core/ConfigOptions"
import * as Errors from "@userkit/core/Errors"
import * as RateLimit from "@userkit/core/RateLimit"
import * as RateLimitRedis from "@userkit/core/RateLimitRedis"
import * as Testing from "@userkit/core/Testing"
import * as Ports from "@userkit/testkit/Ports"
import * as Redis from "@userkit/testkit/Redis"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Logger from "effect/Logger"
import * as Metric from "effect/Metric"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"

const secret = "sk_live_DO-NOT-LEAK-4711"
const password = "hunter2-DO-NOT-LEAK"

const quotas: RateLimit.Quotas = {
  vendor: "Acme",
  limits: { delete: { limit: 2, interval: "1 second" } },
  classOf: { deleteItem: "delete" },
  throttleStatuses: [429],
  margin: 0
}

const rule: RateLimit.WindowRule = { limit: 3, windowMs: 500, slowLimit: 1, slowWindowMs: 500, retentionMs: 500 }

// Log lines, as a test's logger sees them.
const capturing = () => {
  const lines: Array<string> = []
  const logger = Logger.make(({ logLevel, message }) => {
    lines.push(`${logLevel.label} ${Array.isArray(message) ? message.join(" ") : String(message)}`)
  })
  return { lines, layer: Logger.replace(Logger.defaultLogger, logger) }
}

const shared = (store: RateLimit.Store): RateLimit.SharedWindows => {
  assert.isDefined(store.shared)
  return store.shared ?? { acquire: () => Effect.succeed(0), release: () => Effect.void, throttle: () => Effect.void }
}

Redis.describeWithRedis("RateLimitRedis, against a real Redis", () => {
  it.live("of many concurrent starts over two connections, exactly the limit starts", () =>
    Effect.gen(function*() {
      const prefix = Redis.testPrefix()
      const first = shared(yield* RateLimitRedis.make({ url: Redis.url, prefix }))
      const second = shared(yield* RateLimitRedis.make({ url: Redis.url, prefix }))
      const waits = yield* Effect.forEach(
        Array.from({ length: 20 }, (_, i) => i),
        (i) => (i % 2 === 0 ? first : second).acquire("Acme:origin:fp:delete", rule, `m${i}`),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(waits.filter((wait) => wait === 0).length, 3)
      for (const wait of waits.filter((wait) => wait > 0)) assert.isAtMost(wait, 500)
    }).pipe(Effect.scoped))

  it.live("a window that is not a whole number of milliseconds (a scaled quota) is kept, rounded up", () =>
    Effect.gen(function*() {
      const store = shared(yield* RateLimitRedis.make({ url: Redis.url, prefix: Redis.testPrefix() }))
      const fractional: RateLimit.WindowRule = {
        limit: 1,
        windowMs: 277.7,
        slowLimit: 1,
        slowWindowMs: 555.4,
        retentionMs: 555.4
      }
      assert.strictEqual(yield* store.acquire("Acme:origin:fp:delete", fractional, "first"), 0)
      yield* store.release("Acme:origin:fp:delete", "first")
      const wait = yield* store.acquire("Acme:origin:fp:delete", fractional, "second")
      assert.isAbove(wait, 0)
      assert.isAtMost(wait, 278)
    }).pipe(Effect.scoped))

  it.live("processes sharing a Redis agree on fingerprints; no key holds the credential, and keys expire", () =>
    Effect.gen(function*() {
      const prefix = Redis.testPrefix()
      const first = yield* RateLimitRedis.make({ url: Redis.url, prefix })
      const second = yield* RateLimitRedis.make({ url: Redis.url, prefix })
      assert.strictEqual(yield* first.fingerprint(secret), yield* second.fingerprint(secret))
      assert.notStrictEqual(yield* first.fingerprint(secret), yield* RateLimit.memory.fingerprint(secret))
      const limiter = yield* RateLimit.fromOption(quotas, undefined, { baseUrl: "https://api.acme.test", secret }).pipe(
        Effect.provideService(RateLimit.RateLimitStore, first)
      )
      yield* limiter.limit("deleteItem", Effect.void)
      const keys = yield* Effect.promise(() => Redis.keys(prefix))
      const windowKey = keys.find((key) => key.endsWith(":delete"))
      assert.isDefined(windowKey)
      assert.match(windowKey ?? "", /^userkit-test:[^ ]*Acme:https:\/\/api\.acme\.test:[0-9a-f]{32}:delete$/)
      for (const key of keys) assert.notInclude(key, secret)
      const ttl = yield* Effect.promise(() => Redis.pttl(windowKey ?? ""))
      assert.isAbove(ttl, 0)
      assert.isAtMost(ttl, RateLimitRedis.inFlightMillis + 1000)
    }).pipe(Effect.scoped))

  it.live("no credential in any Redis key or member, log line or span of a run that waits", () =>
    Effect.gen(function*() {
      const prefix = Redis.testPrefix()
      const store = yield* RateLimitRedis.make({ url: Redis.url, prefix })
      const limiter = yield* RateLimit.fromOption(
        { ...quotas, limits: { delete: { limit: 1, interval: "100 millis" } } },
        undefined,
        { baseUrl: "https://api.acme.test", secret }
      ).pipe(Effect.provideService(RateLimit.RateLimitStore, store))
      const refused = { _tag: "TooManyRequests", status: 429, retryAfter: Duration.millis(50) }
      const run = Effect.withSpan(
        Effect.all([
          Effect.flip(limiter.limit("deleteItem", Effect.fail(refused))),
          limiter.limit("deleteItem", Effect.logInfo("second call")),
          limiter.limit("deleteItem", Effect.void)
        ]),
        "calls"
      )
      const captured = yield* Testing.capture(run)
      assert.isTrue(Exit.isSuccess(captured.exit))
      // The waits were seen, and named nothing but their class.
      assert.isTrue(captured.spans.some((span) => span.attributes.has("userkit.rate_limit.wait_ms")))
      assert.notInclude(captured.text, secret)
      const keys = yield* Effect.promise(() => Redis.keys(prefix))
      assert.isAbove(keys.length, 1)
      const contents = yield* Effect.promise(() => Redis.dump(keys))
      assert.notInclude(JSON.stringify(keys), secret)
      assert.notInclude(contents, secret)
    }).pipe(Effect.scoped))

  it.live("a throttle signal in one process lowers the limit and sets the floor for the other", () =>
    Effect.gen(function*() {
      const prefix = Redis.testPrefix()
      const first = shared(yield* RateLimitRedis.make({ url: Redis.url, prefix }))
      const second = shared(yield* RateLimitRedis.make({ url: Redis.url, prefix }))
      const key = "Acme:origin:fp:delete"
      yield* first.throttle(key, 2_000, 300)
      const floored = yield* second.acquire(key, rule, "a")
      assert.isAbove(floored, 200)
      assert.isAtMost(floored, 300)
      yield* Effect.sleep(floored)
      // The lowered limit (1) now, not 3.
      assert.strictEqual(yield* second.acquire(key, rule, "b"), 0)
      assert.isAbove(yield* first.acquire(key, rule, "c"), 0)
    }).pipe(Effect.scoped))

  it.live("USERKIT_REDIS_URL (through ConfigOptions.build and withRedisUrl) puts a client's windows in Redis", () =>
    Effect.gen(function*() {
      const store = yield* RateLimit.withRedisUrl(
        Redacted.make(Redis.url),
        Effect.serviceOption(RateLimit.RateLimitStore)
      )
      assert.strictEqual(Option.getOrUndefined(store)?.name, "redis")
      const none = yield* RateLimit.withRedisUrl(undefined, Effect.serviceOption(RateLimit.RateLimitStore))
      assert.isTrue(Option.isNone(none))
      // What every vendor's layerConfig runs: the variable read through its Config.
      const configured = yield* ConfigOptions.build(
        ConfigOptions.withCommon({}, Config.succeed({})),
        () => Effect.serviceOption(RateLimit.RateLimitStore)
      ).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["USERKIT_REDIS_URL", Redis.url]]))))
      assert.strictEqual(Option.getOrUndefined(configured)?.name, "redis")
    }).pipe(Effect.scoped))
})

describe("RateLimitRedis, when Redis does not answer", () => {
  it.effect("calls go on with the in-process limiter, with exactly one warning and the metric", () =>
    Effect.gen(function*() {
      const port = yield* Ports.unused
      const { layer, lines } = capturing()
      const url = `redis://:${password}@127.0.0.1:${port}`
      const store = yield* RateLimitRedis.make({ url, salt: Redacted.make("deployment-salt") })
      const before = (yield* Metric.value(Metric.tagged(RateLimit.storeFallbacks, "store", "redis"))).count
      const limiter = yield* RateLimit.fromOption(quotas, undefined, { baseUrl: "https://api.acme.test", secret }).pipe(
        Effect.provideService(RateLimit.RateLimitStore, store)
      )
      const fiber = yield* Effect.fork(
        Effect.forEach([1, 2, 3], () => limiter.limit("deleteItem", Clock.currentTimeMillis), {
          concurrency: "unbounded"
        }).pipe(Effect.provide(layer))
      )
      yield* TestClock.adjust("1 second")
      // The quota is still kept, in the process: two at once, the third a window later.
      assert.deepStrictEqual([...(yield* Fiber.join(fiber))].sort(), [0, 0, 1000])
      assert.strictEqual(lines.filter((line) => line.startsWith("WARN")).length, 1)
      assert.include(lines[0] ?? "", "redis rate-limit store did not answer")
      const after = (yield* Metric.value(Metric.tagged(RateLimit.storeFallbacks, "store", "redis"))).count
      // Every start asked of the store: the two at once, and the third before and after its wait.
      assert.strictEqual(after - before, 4)
      for (const line of lines) {
        assert.notInclude(line, secret)
        assert.notInclude(line, password)
      }
    }).pipe(Effect.scoped))

  it.effect("without a salt the store keeps the windows in the process, with one warning", () =>
    Effect.gen(function*() {
      const port = yield* Ports.unused
      const { layer, lines } = capturing()
      const store = yield* RateLimitRedis.make({ url: `redis://127.0.0.1:${port}` }).pipe(Effect.provide(layer))
      assert.strictEqual(store, RateLimit.memory)
      assert.strictEqual(lines.length, 1)
      assert.match(lines[0] ?? "", /^WARN userkit: the redis rate-limit store did not answer/)
    }).pipe(Effect.scoped))

  it.effect("with onUnavailable: \"fail\" building the store fails typed, naming no password", () =>
    Effect.gen(function*() {
      const port = yield* Ports.unused
      const failure = yield* Effect.flip(
        RateLimitRedis.make({ url: `redis://:${password}@127.0.0.1:${port}`, onUnavailable: "fail" })
      )
      assert.instanceOf(failure, Errors.RateLimitUnavailable)
      assert.notInclude(JSON.stringify(failure), password)
    }).pipe(Effect.scoped))

  it.effect("with onUnavailable: \"fail\" a call the store cannot start fails with RateLimitUnavailable, unsent", () =>
    Effect.gen(function*() {
      const down: RateLimit.Store = {
        name: "redis",
        fingerprint: RateLimit.memory.fingerprint,
        shared: {
          acquire: () => Effect.fail({ description: "connection refused" }),
          release: () => Effect.fail({ description: "connection refused" }),
          throttle: () => Effect.fail({ description: "connection refused" })
        },
        onUnavailable: "fail"
      }
      const limiter = yield* RateLimit.fromOption(quotas, undefined, { baseUrl: "https://api.acme.test", secret }).pipe(
        Effect.provideService(RateLimit.RateLimitStore, down)
      )
      let sent = 0
      const failure = yield* Effect.flip(limiter.limit("deleteItem", Effect.sync(() => sent++)))
      assert.strictEqual(failure._tag, "RateLimitUnavailable")
      assert.strictEqual(sent, 0)
    }).pipe(Effect.scoped))
})
