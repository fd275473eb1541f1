/**
 * The rate-limit windows in Redis, shared by every process that uses the same Redis (two pods, a
 * CLI run beside a service): a {@link RateLimit.RateLimitStore} over `ioredis` 5.
 *
 * Each (credential, class) is a sorted set of calls, updated by one atomic Lua script per start:
 * drop what left every window, count the calls in the window (those in flight count in every
 * window until they end), and add this one if there is room, else answer how long until there is;
 * a second script marks a call's end. The clock is Redis's `TIME`, not each process's,
 * and every key expires after its longest window. A throttle signal is two expiring keys (the
 * lowered limit's cooldown and the `Retry-After` floor) that the script reads, so every process
 * slows down. Within a process, waiters still queue in order and only the first asks Redis.
 *
 * Keys are `<prefix><vendor>:<origin>:<fingerprint>:<class>`: the fingerprint is HMAC-SHA-256 of
 * the credential under the `salt` option, or, without it, under a random salt the first process
 * stores at `<prefix>salt` (and every other one reads), so processes sharing the Redis agree on
 * keys and no key reveals a credential. Whoever can read that Redis can read the stored salt: give
 * `salt` (a secret of the deployment) to keep weak credentials (a TileDB password) out of reach of
 * a guess against the keys.
 *
 * When Redis does not answer, calls go on with the process's own window and one warning is logged
 * (with the `userkit.rate_limit.store_fallback` metric), or, with `onUnavailable: "fail"`, they
 * fail with `RateLimitUnavailable` (and so does building the layer when Redis is down then).
 *
 * This module (and `ioredis`, an optional peer dependency of `@userkit/core`) is loaded only by an
 * application that uses it, or, through `USERKIT_REDIS_URL`, by a vendor's `layerConfig`.
 *
 * @example
 * ```ts
 * import * as AstronomerUsers from "@userkit/astronomer/AstronomerUsers"
 * import * as RateLimitRedis from "@userkit/core/RateLimitRedis"
 * import * as Layer from "effect/Layer"
 * import * as Redacted from "effect/Redacted"
 *
 * const Astronomer = AstronomerUsers.layer({ token: Redacted.make("…") }).pipe(
 *   Layer.provide(RateLimitRedis.layer({ url: "redis://127.0.0.1:6379" }))
 * )
 * ```
 *
 * @since 0.3.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { Redis } from "ioredis"
import * as Errors from "./Errors.js"
import * as RateLimit from "./RateLimit.js"

/**
 * How to reach Redis and what to do when it does not answer.
 *
 * @since 0.3.0
 * @category models
 */
export interface Options {
  /** `redis://[[user]:password@]host[:port][/db]` (or `rediss://`); may hold a password, so may be `Redacted`. */
  readonly url: string | Redacted.Redacted<string>
  /** Before every key, so that applications (and tests) sharing a Redis keep apart. Default `userkit:rate-limit:`. */
  readonly prefix?: string | undefined
  /** The key of the credentials' fingerprints, the same in every process; default: a random one kept in Redis. */
  readonly salt?: Redacted.Redacted<string> | undefined
  /** `"fallback"` (default): keep quotas in the process and warn once; `"fail"`: fail with `RateLimitUnavailable`. */
  readonly onUnavailable?: "fallback" | "fail" | undefined
  /** How long connecting and each command may take before Redis counts as not answering. Default 1 second. */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The default key prefix.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultPrefix = "userkit:rate-limit:"

// KEYS: the calls, the lowered-limit flag, the floor. ARGV: limit, window, lowered limit, its
// window, retention (all ms; a limit of 0 is none), this call's member, how long a call in flight
// may count before it is taken as ended, and how soon to ask again when only such a call can end.
// A call in flight has a score in the future (so it counts in every window); its release sets
// the score to when it ended.
const acquireScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local floor = redis.call('PTTL', KEYS[3])
if floor > 0 then return floor end
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 1 then
  limit = tonumber(ARGV[3])
  window = tonumber(ARGV[4])
end
local retention = tonumber(ARGV[5])
local inFlight = tonumber(ARGV[7])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - retention)
if limit > 0 then
  local since = '(' .. string.format('%d', now - window)
  local count = redis.call('ZCOUNT', KEYS[1], since, '+inf')
  if count >= limit then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], since, '+inf', 'WITHSCORES', 'LIMIT', count - limit, 1)
    local score = tonumber(oldest[2])
    if score > now then return tonumber(ARGV[8]) end
    return math.max(1, score + window - now)
  end
end
redis.call('ZADD', KEYS[1], now + inFlight, ARGV[6])
redis.call('PEXPIRE', KEYS[1], inFlight + retention)
return 0
`

// KEYS: the calls. ARGV: the member of a call that ended.
const releaseScript = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0
`

/**
 * How long a call in flight counts in Redis before it is taken as ended: longer than the default
 * attempt timeout, so that only a process that died during a call leaves an entry this long.
 *
 * @since 0.3.0
 * @category constants
 */
export const inFlightMillis = 60_000

// KEYS: the lowered-limit flag, the floor. ARGV: their durations in ms (0: leave as it is); a
// longer one already set is kept.
const throttleScript = `
for i = 1, 2 do
  local ms = tonumber(ARGV[i])
  if ms > 0 and redis.call('PTTL', KEYS[i]) < ms then redis.call('SET', KEYS[i], '1', 'PX', ms) end
end
return 0
`

const randomHex = (bytes: number) =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, "0"))
    .join("")

// What a failure says, with the URL's password taken out should a client library ever repeat it.
const describe = (error: unknown, password: string | undefined): string => {
  const text = error instanceof Error ? error.message : String(error)
  return password === undefined || password === "" ? text : text.split(password).join("***")
}

const passwordOf = (url: string): string | undefined => {
  try {
    const password = new URL(url).password
    return password === "" ? undefined : decodeURIComponent(password)
  } catch {
    return undefined
  }
}

const warnOnce = (message: string) =>
  Effect.zipRight(
    Metric.increment(Metric.tagged(RateLimit.storeFallbacks, "store", "redis")),
    Effect.logWarning(message)
  )

/**
 * The store, connected for the scope's life. Connecting fails only with `onUnavailable: "fail"`;
 * otherwise a Redis that does not answer leaves the quotas in the process, with one warning.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<RateLimit.Store, Errors.RateLimitUnavailable, Scope.Scope> =>
  Effect.gen(function*() {
    const url = Redacted.isRedacted(options.url) ? Redacted.value(options.url) : options.url
    const password = passwordOf(url)
    const prefix = options.prefix ?? defaultPrefix
    const onUnavailable = options.onUnavailable ?? "fallback"
    const timeoutMs = Duration.toMillis(options.timeout ?? Duration.seconds(1))
    const client = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const redis = new Redis(url, {
          lazyConnect: true,
          // A command while disconnected fails at once (the call falls back), never queues.
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: timeoutMs,
          commandTimeout: timeoutMs,
          retryStrategy: (times) => Math.min(times * 200, 2_000)
        })
        // Failures are reported where they matter (a start that falls back, or fails typed).
        redis.on("error", () => {})
        return redis
      }),
      (redis) => Effect.sync(() => redis.disconnect())
    )
    const unavailable = (error: unknown) =>
      new Errors.RateLimitUnavailable({
        vendor: "userkit",
        operation: "connect",
        message: "userkit: the redis rate-limit store did not answer",
        description: describe(error, password)
      })
    const connected = yield* Effect.either(Effect.tryPromise({ try: () => client.connect(), catch: unavailable }))
    if (connected._tag === "Left" && onUnavailable === "fail") return yield* Effect.fail(connected.left)
    const storedSalt = Effect.tryPromise({
      try: async () => {
        await client.set(`${prefix}salt`, randomHex(32), "NX")
        return await client.get(`${prefix}salt`) ?? ""
      },
      catch: unavailable
    })
    const salt = yield* Effect.either(
      options.salt !== undefined
        ? Effect.succeed(Redacted.value(options.salt))
        : connected._tag === "Left"
        ? Effect.fail(connected.left)
        : storedSalt
    )
    if (salt._tag === "Left") {
      if (onUnavailable === "fail") return yield* Effect.fail(salt.left)
      // Without the shared salt no key can be agreed on: the process keeps its own windows.
      yield* warnOnce(
        `userkit: the redis rate-limit store did not answer (${salt.left.description}); ` +
          "keeping quotas in this process only (give `salt` to use Redis once it answers)"
      )
      return RateLimit.memory
    }
    const fingerprint = RateLimit.fingerprinter(new TextEncoder().encode(salt.right))
    const storeFailure = (error: unknown): RateLimit.StoreFailure => ({ description: describe(error, password) })
    const evaluate = (script: string, keys: ReadonlyArray<string>, args: ReadonlyArray<string | number>) =>
      Effect.tryPromise({
        try: () => client.eval(script, keys.length, ...keys, ...args),
        catch: storeFailure
      })
    const shared: RateLimit.SharedWindows = {
      acquire: (key, rule, member) =>
        Effect.flatMap(
          // Redis counts whole milliseconds (PEXPIRE refuses a fraction): a scaled quota's window
          // of 277.7 ms is kept as 278, the longer and so the safe side.
          evaluate(acquireScript, [`${prefix}${key}`, `${prefix}${key}:slow`, `${prefix}${key}:floor`], [
            rule.limit,
            Math.ceil(rule.windowMs),
            rule.slowLimit,
            Math.ceil(rule.slowWindowMs),
            Math.ceil(rule.retentionMs),
            member,
            inFlightMillis,
            // Asked again this soon when only a call in flight (in any process) can end.
            Math.max(5, Math.min(50, Math.floor(Math.min(rule.windowMs, rule.slowWindowMs || rule.windowMs) / 4)))
          ]),
          (answer) =>
            typeof answer === "number"
              ? Effect.succeed(answer)
              : Effect.fail(storeFailure(new Error("unexpected answer from the rate-limit script")))
        ),
      release: (key, member) => Effect.asVoid(evaluate(releaseScript, [`${prefix}${key}`], [member])),
      throttle: (key, cooldownMs, floorMs) =>
        Effect.asVoid(
          evaluate(throttleScript, [`${prefix}${key}:slow`, `${prefix}${key}:floor`], [
            Math.ceil(cooldownMs),
            Math.ceil(floorMs)
          ])
        )
    }
    const store: RateLimit.Store = { name: "redis", fingerprint, shared, onUnavailable }
    return store
  })

/**
 * The store as a layer, for the vendor layers it is provided to (`Layer.provide`).
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<RateLimit.RateLimitStore, Errors.RateLimitUnavailable> =>
  Layer.scoped(RateLimit.RateLimitStore, make(options))
