/**
 * Client-side rate limits: a vendor's documented quotas, per operation class, kept per credential
 * as an exact sliding window. For each (credential, class) the limiter keeps the calls in flight
 * and the times calls ended, and lets a call start when fewer than `limit` are in flight or ended
 * within the last `interval + margin`, whatever the window's alignment: a call counts from its
 * start until a window after it ended, and the vendor saw it somewhere in between, so no window
 * ever holds more than the quota at the vendor, whatever the latency. A call the quota allows
 * starts at once (a burst of `limit` goes out together); the `limit + 1`-th waits until the window
 * frees. The margin ({@link defaultMargin}) covers clock rounding. Waiters are served in order
 * (FIFO); a waiter that is interrupted gives its place up.
 *
 * After a throttle signal (429, and for TileDB 503) the class's limit is lowered for a cooldown
 * (adaptive), for every call of the class, those already waiting included; a `Retry-After` is a
 * floor for the whole class: no call of it starts before it has passed.
 *
 * Every client whose vendor, base URL origin and credential are the same shares one window in the
 * process, however many layers were built: the key is a keyed hash (HMAC-SHA-256) of the
 * credential, never the credential. With a {@link RateLimitStore} over Redis
 * (`@userkit/core/RateLimitRedis`) every process sharing the Redis shares the window too.
 *
 * Every vendor client keeps its limits by its layer's `rateLimit` option, resolved over the
 * vendor's `Quotas` by {@link resolve}, and runs each ATTEMPT through them inside the retry, so a
 * retried attempt also waits its turn and every throttle status is seen. An application sets
 * limits through that option, not by wrapping a client's calls in a limiter of its own (which would
 * keep the quota twice):
 *
 * @example
 * ```ts
 * import * as AstronomerUsers from "@userkit/astronomer/AstronomerUsers"
 * import * as Redacted from "effect/Redacted"
 *
 * // Astronomer's documented quotas, but deletes at 2 a second (not 5): another program shares the token.
 * AstronomerUsers.layer({
 *   token: Redacted.make("…"),
 *   rateLimit: { limits: { delete: { limit: 2, interval: "1 second" } } }
 * })
 * ```
 *
 * @since 0.2.0
 */
import type * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberId from "effect/FiberId"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as MetricBoundaries from "effect/MetricBoundaries"
import * as Option_ from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Errors from "./Errors.js"
import type * as RateLimitRedis from "./RateLimitRedis.js"

/**
 * The classes a vendor's quotas are counted by. Each vendor maps its operations onto them as its
 * documentation groups them (Rockset counts deletes among metadata updates: `write`).
 *
 * @since 0.2.0
 * @category models
 */
export type OperationClass = "read" | "write" | "create" | "delete"

/**
 * Every operation class.
 *
 * @since 0.2.0
 * @category constants
 */
export const operationClasses: ReadonlyArray<OperationClass> = ["read", "write", "create", "delete"]

/**
 * At most `limit` calls per `interval`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Quota {
  readonly limit: number
  readonly interval: Duration.DurationInput
}

/**
 * How a class slows down after a throttle signal.
 *
 * @since 0.2.0
 * @category models
 */
export interface Adaptive {
  /**
   * How many times lower the class's limit is while throttled (10 a second becomes 5 a second); a
   * limit below it becomes one start per `interval × slowdown / limit`. Default 2.
   */
  readonly slowdown?: number | undefined
  /** How long the slowdown lasts after the last signal. Default 30 seconds. */
  readonly cooldown?: Duration.DurationInput | undefined
}

/**
 * A vendor's quotas, as data: the limit of each class (a class without one is not limited until
 * throttled), which class each operation counts against, and which statuses mean "slow down".
 *
 * @since 0.2.0
 * @category models
 */
export interface Quotas {
  readonly vendor: string
  readonly limits: { readonly [C in OperationClass]?: Quota | undefined }
  /** Operation name (the service method) → its class. */
  readonly classOf: Readonly<Record<string, OperationClass>>
  /** The statuses the vendor throttles with: 429, and for TileDB 503. */
  readonly throttleStatuses: ReadonlyArray<number>
  /** The pace of a class that has no quota, once it has been throttled. */
  readonly throttledLimit?: Quota | undefined
  /** The adaptive behaviour, or `false` to never slow down. */
  readonly adaptive?: Adaptive | false | undefined
  /**
   * Added to every window, for the latency between the client and the vendor (see
   * {@link defaultMargin}).
   */
  readonly margin?: Duration.DurationInput | undefined
}

/**
 * One class of a vendor's quotas as the vendor documents it: its limit (none: not limited until
 * throttled), and the operations that count against it where their method does not say so.
 *
 * @since 0.2.0
 * @category models
 */
export interface ClassQuotas<Operation extends string> {
  readonly limit?: number | undefined
  readonly interval?: Duration.DurationInput | undefined
  /** The operations that count against it besides those its method puts there (see {@link declare}). */
  readonly operations?: ReadonlyArray<Operation> | undefined
}

/**
 * Declares a vendor's {@link Quotas} over its API record, class by class, so that each vendor's
 * file is its data only and every operation named is one of the API's. An operation no class
 * names counts as a read when it is a `GET`, a delete when it is a `DELETE` and there is a delete
 * class, and a write otherwise. Throttled by 429 unless `throttle.statuses` says otherwise.
 *
 * @since 0.2.0
 * @category constructors
 */
export const declare = <Ops extends { readonly [name: string]: { readonly method: string } }>(
  api: { readonly vendor: string; readonly operations: Ops },
  classes: { readonly [C in OperationClass]?: ClassQuotas<keyof Ops & string> | undefined },
  throttle: { readonly statuses?: ReadonlyArray<number> | undefined; readonly limit?: Quota | undefined } = {}
): Quotas => {
  const limits: { [C in OperationClass]?: Quota } = {}
  const classOf: Record<string, OperationClass> = {}
  for (const operationClass of operationClasses) {
    const declared = classes[operationClass]
    if (declared === undefined) continue
    if (declared.limit !== undefined) {
      limits[operationClass] = { limit: declared.limit, interval: declared.interval ?? "1 second" }
    }
    for (const operation of declared.operations ?? []) classOf[operation] = operationClass
  }
  // An operation no class names is limited like its kind, never not at all.
  for (const [name, { method }] of Object.entries(api.operations)) {
    classOf[name] ??= method === "GET" ? "read" : method === "DELETE" && classes.delete ? "delete" : "write"
  }
  return {
    vendor: api.vendor,
    limits,
    classOf,
    throttleStatuses: throttle.statuses ?? [429],
    throttledLimit: throttle.limit
  }
}

/**
 * What a layer accepts as its `rateLimit` option: `false` for no limits, or changes to the
 * vendor's defaults (a class set to `false` is not limited).
 *
 * @since 0.2.0
 * @category models
 */
export type Option =
  | false
  | {
    readonly limits?: { readonly [C in OperationClass]?: Quota | false | undefined } | undefined
    readonly throttledLimit?: Quota | undefined
    readonly adaptive?: Adaptive | false | undefined
    /** Added to every window for latency; default {@link defaultMargin}. */
    readonly margin?: Duration.DurationInput | undefined
  }

/**
 * The vendor's defaults with a layer's `rateLimit` option applied; `false` when limiting is off.
 *
 * @since 0.2.0
 * @category constructors
 */
export const resolve = (defaults: Quotas, option: Option | undefined): Quotas | false => {
  if (option === false) return false
  if (option === undefined) return defaults
  const limits: { [C in OperationClass]?: Quota } = {}
  for (const operationClass of operationClasses) {
    const custom = option.limits?.[operationClass]
    const quota = custom === undefined ? defaults.limits[operationClass] : custom === false ? undefined : custom
    if (quota !== undefined) limits[operationClass] = quota
  }
  return {
    ...defaults,
    limits,
    throttledLimit: option.throttledLimit ?? defaults.throttledLimit,
    adaptive: option.adaptive ?? defaults.adaptive,
    margin: option.margin ?? defaults.margin
  }
}

/**
 * The same quotas, `factor` times faster (intervals divided by it): for fakes and demos that must
 * finish in seconds while keeping the vendor's proportions.
 *
 * @since 0.2.0
 * @category combinators
 */
export const scale = (quotas: Quotas, factor: number): Quotas => {
  const faster = (quota: Quota): Quota => ({
    limit: quota.limit,
    interval: Duration.millis(Duration.toMillis(quota.interval) / factor)
  })
  const limits: { [C in OperationClass]?: Quota } = {}
  for (const operationClass of operationClasses) {
    const quota = quotas.limits[operationClass]
    if (quota !== undefined) limits[operationClass] = faster(quota)
  }
  const adaptive = quotas.adaptive
  return {
    ...quotas,
    limits,
    throttledLimit: quotas.throttledLimit === undefined ? undefined : faster(quotas.throttledLimit),
    adaptive: adaptive === false ? false : {
      ...adaptive,
      cooldown: Duration.millis(Duration.toMillis(adaptive?.cooldown ?? defaultCooldown) / factor)
    }
  }
}

/**
 * The average time between two starts at a quota's full rate (`interval / limit`).
 *
 * @since 0.2.0
 * @category utils
 */
export const spacing = (quota: Quota): Duration.Duration =>
  Duration.millis(Duration.toMillis(quota.interval) / quota.limit)

/**
 * The margin added to every window by default: 25 ms. A call counts until a window after it
 * ended, so the time a request takes to reach the vendor needs no margin: measured at a server in
 * another process on 127.0.0.1, with 300 to 600 calls in flight on a loaded 2-core machine (start
 * to arrival from under 1 ms to over 400 ms), no window ever held more than the quota. With no
 * margin at all, though, one did: a sixth call in a window of five, because the client's clock
 * counts whole milliseconds and the server's does not. The margin covers that rounding and the
 * few milliseconds by which a vendor's own servers' clocks may differ, and costs a 1-second quota
 * 2.5% of its rate at full load. (Counted from each call's start instead, the spread of the
 * latency would need the margin: up to 1.1 s on that machine.)
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultMargin: Duration.Duration = Duration.millis(25)

const defaultSlowdown = 2
const defaultCooldown = Duration.seconds(30)

// ---------------------------------------------------------------------------------------------
// Stores

/**
 * What a shared store is asked for one window (one credential's class).
 *
 * @since 0.3.0
 * @category models
 */
export interface WindowRule {
  /** At most this many starts in `windowMs`; 0: not limited unless throttled. */
  readonly limit: number
  readonly windowMs: number
  /** The limit while throttled; 0: not limited. */
  readonly slowLimit: number
  readonly slowWindowMs: number
  /** How long a start is kept: the longest window. */
  readonly retentionMs: number
}

/**
 * A shared store did not answer. Its description never holds a key or a credential.
 *
 * @since 0.3.0
 * @category errors
 */
export interface StoreFailure {
  readonly description: string
}

/**
 * The windows kept outside the process (Redis): every process that shares the store and the
 * credential shares them.
 *
 * @since 0.3.0
 * @category models
 */
export interface SharedWindows {
  /**
   * Starts a call, named `member`, when the window has room: 0 when it started (it then counts
   * until a window after its {@link SharedWindows.release}), otherwise the milliseconds to wait
   * before asking again.
   */
  readonly acquire: (key: string, rule: WindowRule, member: string) => Effect.Effect<number, StoreFailure>
  /** The call `member` ended: it counts for a window from now on. */
  readonly release: (key: string, member: string) => Effect.Effect<void, StoreFailure>
  /** A throttle signal: the lowered limit for `cooldownMs`, and no start at all for `floorMs`. */
  readonly throttle: (key: string, cooldownMs: number, floorMs: number) => Effect.Effect<void, StoreFailure>
}

/**
 * Where the windows are kept: in the process (the default), or shared (`@userkit/core/RateLimitRedis`).
 *
 * @since 0.3.0
 * @category models
 */
export interface Store {
  /** For logs and metrics: `"memory"` or `"redis"`. */
  readonly name: string
  /** The keyed hash of a credential that names its windows. */
  readonly fingerprint: (credential: string) => Effect.Effect<string>
  /** The shared windows; `undefined` keeps them in the process only. */
  readonly shared: SharedWindows | undefined
  /** When the shared windows do not answer: keep the quota in the process and warn once, or fail typed. */
  readonly onUnavailable: "fallback" | "fail"
}

/**
 * The store the vendor clients keep their windows in; the in-process {@link memory} store when
 * none is provided.
 *
 * @since 0.3.0
 * @category tags
 */
export class RateLimitStore extends Context.Tag("@userkit/core/RateLimit/RateLimitStore")<RateLimitStore, Store>() {}

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes).subarray(0, 16), (byte) => byte.toString(16).padStart(2, "0")).join("")

/**
 * A credential's fingerprint: HMAC-SHA-256 (WebCrypto) under `key`, its first 128 bits in hex.
 * Without the key, the fingerprint tells nothing of the credential.
 *
 * @since 0.3.0
 * @category constructors
 */
export const fingerprinter = (key: Uint8Array<ArrayBuffer>): (credential: string) => Effect.Effect<string> => {
  const imported = globalThis.crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
  return (credential) =>
    Effect.promise(() =>
      imported.then((hmacKey) =>
        globalThis.crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(credential)).then(hex)
      )
    )
}

/**
 * The in-process store: windows in memory, fingerprints keyed by a random key made once per
 * process (so they mean nothing outside it).
 *
 * @since 0.3.0
 * @category constructors
 */
export const memory: Store = {
  name: "memory",
  fingerprint: fingerprinter(globalThis.crypto.getRandomValues(new Uint8Array(32))),
  shared: undefined,
  onUnavailable: "fallback"
}

/**
 * The in-process store as a layer (what a client uses when no store is provided).
 *
 * @since 0.3.0
 * @category layers
 */
export const layerMemory: Layer.Layer<RateLimitStore> = Layer.succeed(RateLimitStore, memory)

// ---------------------------------------------------------------------------------------------
// The window of one (credential, class), shared by every limiter of the process with that key

interface Window {
  // Calls started and not ended: each counts in every window until it ends.
  inFlight: number
  // When calls ended, ascending; those before `head` have left every window.
  ends: Array<number>
  head: number
  // The longest window any limiter of this key keeps: how long an end is kept.
  retentionMs: number
  // FIFO: the first waiter is the one asking for a start.
  readonly waiters: Array<Deferred.Deferred<undefined>>
  // The first waiter's, while only a call ending can free a slot.
  ended: Deferred.Deferred<undefined> | undefined
  slowUntil: number
  floorUntil: number
}

interface Entry {
  users: number
  readonly windows: Map<OperationClass, Window>
}

const newEntry = (): Entry => ({ users: 0, windows: new Map() })

const windowOf = (entry: Entry, operationClass: OperationClass, retentionMs: number): Window => {
  let window = entry.windows.get(operationClass)
  if (window === undefined) {
    window = {
      inFlight: 0,
      ends: [],
      head: 0,
      retentionMs,
      waiters: [],
      ended: undefined,
      slowUntil: 0,
      floorUntil: 0
    }
    entry.windows.set(operationClass, window)
  }
  window.retentionMs = Math.max(window.retentionMs, retentionMs)
  return window
}

// One registry per clock: a TestClock is a time line of its own, and windows of two time lines
// must not mix.
const registry = new WeakMap<Clock.Clock, Map<string, Entry>>()

const sharedEntry = (clock: Clock.Clock, key: string): Effect.Effect<Entry, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => {
      let entries = registry.get(clock)
      if (entries === undefined) {
        entries = new Map()
        registry.set(clock, entries)
      }
      let entry = entries.get(key)
      if (entry === undefined) {
        entry = newEntry()
        entries.set(key, entry)
      }
      entry.users++
      return entry
    }),
    (entry) =>
      Effect.sync(() => {
        entry.users--
        if (entry.users === 0) registry.get(clock)?.delete(key)
      })
  )

/**
 * The number of clients of the process that share the window of `key`, under the current clock
 * (0 once the last one's scope has closed): for tests and diagnostics.
 *
 * @since 0.3.0
 * @category utils
 */
export const sharing = (key: string): Effect.Effect<number> =>
  Effect.map(Effect.clock, (clock) => registry.get(clock)?.get(key)?.users ?? 0)

const prune = (window: Window, now: number) => {
  const ends = window.ends
  const bound = now - window.retentionMs
  let head = window.head
  while (head < ends.length && (ends[head] ?? 0) <= bound) head++
  if (head > 32 && head * 2 > ends.length) {
    window.ends = ends.slice(head)
    head = 0
  }
  window.head = head
}

// The index of the first end after `bound` (ends are ascending).
const firstAfter = (ends: ReadonlyArray<number>, from: number, bound: number): number => {
  let low = from
  let high = ends.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((ends[middle] ?? 0) > bound) high = middle
    else low = middle + 1
  }
  return low
}

interface Rule {
  readonly limit: number
  readonly windowMs: number
}

interface ClassRules {
  readonly base: Rule | undefined
  readonly slow: Rule | undefined
  readonly cooldownMs: number
  readonly retentionMs: number
}

// A call counts from its start until `windowMs` after it ended: the vendor saw it somewhere in
// between, so a call started after that is a window after it at the vendor, whatever the latency.
// 0 when a call may start now (it is then in flight), the milliseconds until it may, or Infinity
// when only a call in flight ending can free a slot.
const tryStart = (window: Window, rules: ClassRules, now: number): number => {
  if (now < window.floorUntil) return window.floorUntil - now
  prune(window, now)
  const rule = now < window.slowUntil && rules.slow !== undefined ? rules.slow : rules.base
  if (rule !== undefined) {
    const free = rule.limit - window.inFlight
    if (free <= 0) return Number.POSITIVE_INFINITY
    const ends = window.ends
    const inWindow = ends.length - firstAfter(ends, window.head, now - rule.windowMs)
    // At least 1 ms: with fractional times (a TestClock's) the sum can round to 0, which is no wait.
    if (inWindow >= free) return Math.max(1, (ends[ends.length - free] ?? now) + rule.windowMs - now)
  }
  window.inFlight++
  return 0
}

const turnGiven = Exit.succeed(undefined)

const end = (window: Window, now: number) => {
  window.inFlight--
  const last = window.ends[window.ends.length - 1]
  // Never before the last end: a clock set back must not let a call leave the window early.
  window.ends.push(last !== undefined && last > now ? last : now)
  const ended = window.ended
  if (ended !== undefined) {
    window.ended = undefined
    Deferred.unsafeDone(ended, turnGiven)
  }
}

const leave = (window: Window, ticket: Deferred.Deferred<undefined>) => {
  const index = window.waiters.indexOf(ticket)
  if (index < 0) return
  window.waiters.splice(index, 1)
  const next = window.waiters[0]
  if (index === 0 && next !== undefined) Deferred.unsafeDone(next, turnGiven)
}

const ruleOf = (quota: Quota, marginMs: number): Rule => ({
  limit: Math.max(1, Math.floor(quota.limit)),
  windowMs: Math.max(1, Duration.toMillis(quota.interval)) + marginMs
})

// The lowered limit of a throttled class: `slowdown` times fewer starts per interval, or one per
// a longer interval when the limit is below the slowdown.
const slowed = (quota: Quota, slowdown: number): Quota =>
  quota.limit >= slowdown
    ? { limit: Math.floor(quota.limit / slowdown), interval: quota.interval }
    : { limit: 1, interval: Duration.millis(Duration.toMillis(quota.interval) * slowdown / quota.limit) }

const rulesOf = (quotas: Quotas): Map<OperationClass, ClassRules> => {
  const adaptive = quotas.adaptive === false ? undefined : quotas.adaptive ?? {}
  const cooldownMs = Duration.toMillis(adaptive?.cooldown ?? defaultCooldown)
  const marginMs = Duration.toMillis(quotas.margin ?? defaultMargin)
  const rules = new Map<OperationClass, ClassRules>()
  for (const operationClass of operationClasses) {
    const quota = quotas.limits[operationClass]
    const slowQuota = adaptive === undefined
      ? undefined
      : quota === undefined
      ? quotas.throttledLimit
      : slowed(quota, adaptive.slowdown ?? defaultSlowdown)
    const base = quota === undefined ? undefined : ruleOf(quota, marginMs)
    const slow = slowQuota === undefined ? undefined : ruleOf(slowQuota, marginMs)
    if (base === undefined && slow === undefined) continue
    const retentionMs = Math.max(base?.windowMs ?? 0, slow?.windowMs ?? 0)
    rules.set(operationClass, { base, slow, cooldownMs, retentionMs })
  }
  return rules
}

/**
 * How long calls waited for their turn, in milliseconds, tagged `vendor` and `class` (only calls
 * that waited are counted).
 *
 * @since 0.3.0
 * @category metrics
 */
export const waits: Metric.Metric.Histogram<number> = Metric.histogram(
  "userkit.rate_limit.wait_ms",
  MetricBoundaries.exponential({ start: 1, factor: 2, count: 18 }),
  "How long a call waited for its turn in a rate limit, in milliseconds"
)

/**
 * Starts asked of the shared store that were decided in the process instead, because the store
 * did not answer, tagged `store`.
 *
 * @since 0.3.0
 * @category metrics
 */
export const storeFallbacks: Metric.Metric.Counter<number> = Metric.counter("userkit.rate_limit.store_fallback", {
  description: "Starts decided in the process because the shared rate-limit store did not answer",
  incremental: true
})

// A store warns once in the life of the process, however many calls fall back.
const warned = new WeakSet<Store>()

// ---------------------------------------------------------------------------------------------
// Limiters

/**
 * A limiter: what a client keeps its quotas with.
 *
 * @since 0.2.0
 * @category models
 */
export interface Limiter {
  /** The quotas it keeps; `false` when it lets everything through. */
  readonly quotas: Quotas | false
  /** Runs an effect once its class admits it. */
  readonly run: <A, E, R>(
    operationClass: OperationClass,
    effect: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | Errors.RateLimitUnavailable, R>
  /**
   * Tells the limiter the vendor throttled this class: its limit is lowered for the cooldown, and
   * with `retryAfter` no call of the class starts before it has passed.
   */
  readonly throttled: (operationClass: OperationClass, retryAfter?: Duration.DurationInput) => Effect.Effect<void>
  /** Whether the class's limit is lowered now. */
  readonly isThrottled: (operationClass: OperationClass) => Effect.Effect<boolean>
  /** A response status seen for an operation (and its `Retry-After`): a throttle status slows its class down. */
  readonly observe: (operation: string, status: number, retryAfter?: Duration.DurationInput) => Effect.Effect<void>
  /**
   * What the client wiring needs, in one call: runs the operation within its class's window and
   * observes the `status` (and `retryAfter`) of a failure that carries one. An operation with no
   * class is not limited.
   */
  readonly limit: <A, E, R>(
    operation: string,
    effect: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | Errors.RateLimitUnavailable, R>
  /**
   * {@link Limiter.limit} for one operation, looked up once: what a client builds per endpoint.
   * For an operation that nothing limits it is the identity, so an unlimited call costs nothing.
   */
  readonly forOperation: (
    operation: string
  ) => <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | Errors.RateLimitUnavailable, R>
}

const statusOf = (error: unknown): number | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const status: unknown = Reflect.get(error, "status")
  return typeof status === "number" ? status : undefined
}

const retryAfterOf = (error: object): Duration.Duration | undefined => {
  const retryAfter: unknown = Reflect.get(error, "retryAfter")
  return Duration.isDuration(retryAfter) ? retryAfter : undefined
}

const unchanged = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => effect

/**
 * The limiter that lets everything through at once (`rateLimit: false`).
 *
 * @since 0.2.0
 * @category constants
 */
export const unlimited: Limiter = {
  quotas: false,
  run: (_, effect) => effect,
  throttled: () => Effect.void,
  isThrottled: () => Effect.succeed(false),
  observe: () => Effect.void,
  limit: (_, effect) => effect,
  forOperation: () => unchanged
}

interface ClassLimits {
  readonly rules: ClassRules
  readonly window: Window
  readonly endLocal: Effect.Effect<void>
  readonly storeKey: string
  readonly storeRule: WindowRule
  readonly waited: Metric.Metric.Histogram<number>
}

// A call's start, as its waiting learns it: whether it started, its entry in a shared store, and
// what it waits on while only a call in flight ending can free a slot.
interface Call {
  started: boolean
  member: string | undefined
  ended: Deferred.Deferred<undefined> | undefined
}

// Names this process's entries in a shared store.
const processTag = Array.from(
  globalThis.crypto.getRandomValues(new Uint8Array(8)),
  (byte) => byte.toString(16).padStart(2, "0")
).join("")
let sequence = 0

const limiterOver = (quotas: Quotas, entry: Entry, clock: Clock.Clock, store: Store, key: string): Limiter => {
  const rules = rulesOf(quotas)
  const shared = store.shared
  const classes = new Map<OperationClass, ClassLimits>()
  for (const [operationClass, classRules] of rules) {
    const window = windowOf(entry, operationClass, classRules.retentionMs)
    classes.set(operationClass, {
      rules: classRules,
      window,
      endLocal: Effect.sync(() => end(window, clock.unsafeCurrentTimeMillis())),
      storeKey: `${key}:${operationClass}`,
      storeRule: {
        limit: classRules.base?.limit ?? 0,
        windowMs: classRules.base?.windowMs ?? 0,
        slowLimit: classRules.slow?.limit ?? 0,
        slowWindowMs: classRules.slow?.windowMs ?? 0,
        retentionMs: classRules.retentionMs
      },
      waited: Metric.tagged(Metric.tagged(waits, "vendor", quotas.vendor), "class", operationClass)
    })
  }

  const unavailable = (failure: StoreFailure, operation: string) =>
    Effect.fail(
      new Errors.RateLimitUnavailable({
        vendor: quotas.vendor,
        operation,
        message: `${quotas.vendor}.${operation}: the ${store.name} rate-limit store did not answer`,
        description: failure.description
      })
    )

  const fallBack = (failure: StoreFailure) => {
    const counted = Metric.increment(Metric.tagged(storeFallbacks, "store", store.name))
    if (warned.has(store)) return counted
    warned.add(store)
    return Effect.zipRight(
      counted,
      Effect.logWarning(
        `userkit: the ${store.name} rate-limit store did not answer (${failure.description}); ` +
          "keeping quotas in this process only until it answers again"
      )
    )
  }

  // Asks for a start: the milliseconds to wait (0: started, and `call` says so).
  const attempt = (
    limits: ClassLimits,
    operation: string,
    call: Call
  ): Effect.Effect<number, Errors.RateLimitUnavailable> => {
    const { rules: classRules, storeKey, storeRule, window } = limits
    const local = Effect.sync(() => {
      const wait = tryStart(window, classRules, clock.unsafeCurrentTimeMillis())
      if (wait === 0) call.started = true
      // Taken now, in the same step as the check, so that no call can end unseen in between.
      else if (wait === Number.POSITIVE_INFINITY) call.ended = window.ended ??= Deferred.unsafeMake(FiberId.none)
      return wait
    })
    if (shared === undefined) return local
    return Effect.suspend(() => {
      const now = clock.unsafeCurrentTimeMillis()
      if (now < window.floorUntil) return Effect.succeed(window.floorUntil - now)
      const member = `${processTag}:${sequence++}`
      return Effect.matchEffect(shared.acquire(storeKey, storeRule, member), {
        onFailure: (failure) =>
          store.onUnavailable === "fail" ? unavailable(failure, operation) : Effect.zipRight(fallBack(failure), local),
        onSuccess: (wait) => {
          if (wait === 0) {
            // Counted here too, so that a fall-back to the process's window starts from what was sent.
            window.inFlight++
            call.started = true
            call.member = member
          }
          return Effect.succeed(wait)
        }
      })
    })
  }

  // Waits `wait` ms, or, when only a call in flight ending can free a slot, until one ends.
  const pause = (call: Call, wait: number): Effect.Effect<void> =>
    Number.isFinite(wait) || call.ended === undefined ? Effect.sleep(Duration.millis(wait)) : Deferred.await(call.ended)

  const observeWait = (operationClass: OperationClass, started: number) =>
    Effect.suspend(() => {
      const waited = clock.unsafeCurrentTimeMillis() - started
      const limits = classes.get(operationClass)
      if (waited <= 0 || limits === undefined) return Effect.void
      return Effect.zipRight(
        Metric.update(limits.waited, waited),
        Effect.map(Effect.option(Effect.currentSpan), (span) => {
          if (Option_.isNone(span)) return
          const attributes = { "userkit.rate_limit.wait_ms": waited, "userkit.rate_limit.class": operationClass }
          span.value.attribute("userkit.rate_limit.wait_ms", waited)
          span.value.attribute("userkit.rate_limit.class", operationClass)
          span.value.event("userkit.rate_limit.wait", clock.unsafeCurrentTimeNanos(), attributes)
        })
      )
    })

  // In line behind the class's earlier waiters; the first in line asks for a start until it gets
  // one, then hands the turn on. An interrupted waiter leaves the line (handing the turn on).
  const queued = (operationClass: OperationClass, limits: ClassLimits, operation: string, call: Call) =>
    Effect.suspend(() => {
      const { window } = limits
      const started = clock.unsafeCurrentTimeMillis()
      const ticket = Deferred.unsafeMake<undefined>(FiberId.none)
      window.waiters.push(ticket)
      if (window.waiters.length === 1) Deferred.unsafeDone(ticket, turnGiven)
      const turn: Effect.Effect<void, Errors.RateLimitUnavailable> = Effect.flatMap(
        attempt(limits, operation, call),
        // Done when the call started, never on a wait that merely rounds to 0.
        (wait) => call.started ? Effect.void : Effect.zipRight(pause(call, wait), turn)
      )
      return Effect.zipRight(
        Effect.ensuring(Effect.zipRight(Deferred.await(ticket), turn), Effect.sync(() => leave(window, ticket))),
        observeWait(operationClass, started)
      )
    })

  // The end of a call that started: it counts for a window from now (in Redis too).
  const ending = (limits: ClassLimits, call: Call): Effect.Effect<void> =>
    Effect.suspend(() => {
      if (!call.started) return Effect.void
      call.started = false
      end(limits.window, clock.unsafeCurrentTimeMillis())
      const member = call.member
      return shared === undefined || member === undefined
        ? Effect.void
        : Effect.ignore(shared.release(limits.storeKey, member))
    })

  const admitted = <A, E, R>(
    operationClass: OperationClass,
    operation: string,
    effect: Effect.Effect<A, E, R>
  ): Effect.Effect<A, E | Errors.RateLimitUnavailable, R> => {
    const limits = classes.get(operationClass)
    if (limits === undefined) return effect
    const { endLocal, rules: classRules, window } = limits
    // Uninterruptible between the start and the finalizer that ends it, so that no start is lost.
    return Effect.uninterruptibleMask((restore) =>
      Effect.suspend(() => {
        // The hot path: a free slot starts the call at once, with no fiber, Ref or queue.
        if (
          shared === undefined && window.waiters.length === 0 &&
          tryStart(window, classRules, clock.unsafeCurrentTimeMillis()) === 0
        ) return Effect.ensuring(restore(effect), endLocal)
        const call: Call = { started: false, member: undefined, ended: undefined }
        return Effect.zipRight(
          Effect.onExit(restore(queued(operationClass, limits, operation, call)), (exit) =>
            Exit.isFailure(exit) ? ending(limits, call) : Effect.void),
          Effect.ensuring(restore(effect), ending(limits, call))
        )
      })
    )
  }

  const throttled = (operationClass: OperationClass, retryAfter?: Duration.DurationInput) =>
    Effect.suspend(() => {
      const limits = classes.get(operationClass)
      if (limits === undefined) return Effect.void
      const { rules: classRules, storeKey, window } = limits
      const now = clock.unsafeCurrentTimeMillis()
      const cooldownMs = classRules.slow === undefined ? 0 : classRules.cooldownMs
      const floorMs = retryAfter === undefined ? 0 : Math.max(0, Duration.toMillis(retryAfter))
      window.slowUntil = Math.max(window.slowUntil, now + cooldownMs)
      window.floorUntil = Math.max(window.floorUntil, now + floorMs)
      if (shared === undefined || (cooldownMs === 0 && floorMs === 0)) return Effect.void
      // The signal is kept in the process whatever the store does; a store that does not answer
      // is reported by the next start, typed or with the warning.
      return Effect.ignore(shared.throttle(storeKey, cooldownMs, floorMs))
    })

  const isThrottled = (operationClass: OperationClass) =>
    Effect.sync(() => {
      const limits = classes.get(operationClass)
      return limits?.rules.slow !== undefined && clock.unsafeCurrentTimeMillis() < limits.window.slowUntil
    })

  const observe = (operation: string, status: number, retryAfter?: Duration.DurationInput) => {
    const operationClass = quotas.classOf[operation]
    return operationClass !== undefined && quotas.throttleStatuses.includes(status)
      ? throttled(operationClass, retryAfter)
      : Effect.void
  }

  const forOperation = (operation: string) => {
    const operationClass = quotas.classOf[operation]
    if (operationClass === undefined || !classes.has(operationClass)) return unchanged
    const seen = (error: unknown) => {
      const status = statusOf(error)
      return status === undefined || typeof error !== "object" || error === null
        ? Effect.void
        : observe(operation, status, retryAfterOf(error))
    }
    return <A, E, R>(effect: Effect.Effect<A, E, R>) =>
      admitted(operationClass, operation, Effect.tapError(effect, seen))
  }

  return {
    quotas,
    run: (operationClass, effect) => admitted(operationClass, operationClass, effect),
    throttled,
    isThrottled,
    observe,
    limit: (operation, effect) => forOperation(operation)(effect),
    forOperation
  }
}

/**
 * Makes a limiter of its own (shared with no other client), in the process, over the current
 * clock; `false` makes one that lets everything through at once. What a vendor client uses is
 * {@link fromOption}, which shares the window of its credential.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (quotas: Quotas | false): Effect.Effect<Limiter> =>
  quotas === false
    ? Effect.succeed(unlimited)
    : Effect.map(Effect.clock, (clock) => limiterOver(quotas, newEntry(), clock, memory, quotas.vendor))

/**
 * Who a client's quotas are counted for: the vendor's base URL and the credential the vendor
 * counts by (an API key, `username:password`, a service client's access key), or `undefined` when
 * there is no stable one (a token from an Effect): then every such client of that vendor and origin
 * shares one window, the safe side.
 *
 * @since 0.3.0
 * @category models
 */
export interface Credential {
  readonly baseUrl: string
  readonly secret: string | undefined
}

const originOf = (baseUrl: string): string => {
  try {
    return new URL(baseUrl).origin
  } catch {
    return "invalid-url"
  }
}

/**
 * The key of a credential's windows: the vendor, the base URL's origin and the store's
 * fingerprint of the credential (never the credential itself).
 *
 * @since 0.3.0
 * @category constructors
 */
export const keyOf = (store: Store, vendor: string, credential: Credential): Effect.Effect<string> =>
  Effect.map(
    store.fingerprint(credential.secret === undefined ? "" : `credential:${credential.secret}`),
    (fingerprint) => `${vendor}:${originOf(credential.baseUrl)}:${fingerprint}`
  )

/**
 * The limiter of a client layer: the vendor's quotas with the layer's `rateLimit` option applied
 * ({@link resolve}), over the window of its credential in the {@link RateLimitStore} provided (in
 * the process by default), shared with every other client of the process with the same key until
 * the last one's scope closes.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromOption = (
  defaults: Quotas,
  option: Option | undefined,
  credential: Credential
): Effect.Effect<Limiter, never, Scope.Scope> => {
  const quotas = resolve(defaults, option)
  if (quotas === false) return Effect.succeed(unlimited)
  return Effect.gen(function*() {
    const store = Option_.getOrElse(yield* Effect.serviceOption(RateLimitStore), () => memory)
    const key = yield* keyOf(store, quotas.vendor, credential)
    const clock = yield* Effect.clock
    const entry = yield* sharedEntry(clock, `${store.name}:${key}`)
    return limiterOver(quotas, entry, clock, store, key)
  })
}

type RedisModule = typeof RateLimitRedis

const isRedisModule = (loaded: unknown): loaded is RedisModule =>
  typeof loaded === "object" && loaded !== null && typeof Reflect.get(loaded, "make") === "function"

// Loaded by name at run time only, so that an application that never sets a Redis URL neither
// loads nor bundles `ioredis`.
const redisModule = "@userkit/core/RateLimitRedis"

/**
 * Runs `effect` (a vendor client's construction) with its windows in the Redis at `url`
 * (`@userkit/core/RateLimitRedis`, loaded on demand, falling back to the process's windows with a
 * warning when Redis does not answer), or as it is when `url` is `undefined`. What each vendor's
 * `layerConfig` does with `USERKIT_REDIS_URL`.
 *
 * @since 0.3.0
 * @category layers
 */
export const withRedisUrl = <A, E, R>(
  url: Redacted.Redacted<string> | undefined,
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R | Scope.Scope> => {
  if (url === undefined) return effect
  const store = Effect.flatMap(
    Effect.promise(() =>
      import(/* @vite-ignore */ redisModule).then((loaded: unknown) => loaded, (error: unknown) => error)
    ),
    (loaded) =>
      isRedisModule(loaded)
        // With the default `onUnavailable: "fallback"`, making the store does not fail.
        ? Effect.orDie(loaded.make({ url }))
        : Effect.as(
          Effect.logWarning(
            `userkit: USERKIT_REDIS_URL is set but ${redisModule} could not be loaded (is ioredis installed?); ` +
              "keeping quotas in this process only"
          ),
          memory
        )
  )
  return Effect.flatMap(store, (chosen) => Effect.provideService(effect, RateLimitStore, chosen))
}
