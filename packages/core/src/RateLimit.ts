/**
 * Client-side rate limits: a vendor's documented quotas, per operation class, kept by one limiter
 * per client. Each class is paced by an `effect/RateLimiter` (one start every `interval / limit`),
 * so no window of `interval` ever holds more than `limit` starts, whatever its alignment; the price
 * is that bursts are spread out. After a throttle signal (429, and for TileDB 503) the class slows
 * down for a while (adaptive): its calls also pass a limiter `slowdown` times slower until the
 * cooldown has passed without another signal.
 *
 * Every vendor client keeps one limiter (its layer's `rateLimit` option, resolved over the
 * vendor's `Quotas` by {@link resolve}) and runs each ATTEMPT through it inside the retry, so a
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
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as RateLimiter from "effect/RateLimiter"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"

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
  /** How many times slower the class runs while throttled. Default 2. */
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
    adaptive: option.adaptive ?? defaults.adaptive
  }
}

/**
 * The limiter of a client layer: the vendor's quotas with the layer's `rateLimit` option applied
 * ({@link resolve}), living as long as the layer's scope.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromOption = (defaults: Quotas, option: Option | undefined): Effect.Effect<Limiter, never, Scope.Scope> =>
  make(resolve(defaults, option))

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
 * The minimum time between two starts that keeps a quota in every window.
 *
 * @since 0.2.0
 * @category utils
 */
export const spacing = (quota: Quota): Duration.Duration =>
  Duration.millis(Duration.toMillis(quota.interval) / quota.limit)

/**
 * A limiter: one per client, living as long as its scope.
 *
 * @since 0.2.0
 * @category models
 */
export interface Limiter {
  /** The quotas it keeps; `false` when it lets everything through. */
  readonly quotas: Quotas | false
  /** Runs an effect once its class admits it. */
  readonly run: <A, E, R>(operationClass: OperationClass, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /** Tells the limiter the vendor throttled this class: it slows down for the cooldown. */
  readonly throttled: (operationClass: OperationClass) => Effect.Effect<void>
  /** Whether the class is slowed down now. */
  readonly isThrottled: (operationClass: OperationClass) => Effect.Effect<boolean>
  /** A response status seen for an operation: a throttle status slows its class down. */
  readonly observe: (operation: string, status: number) => Effect.Effect<void>
  /**
   * What the client wiring needs, in one call: runs the operation within its class's pace and
   * observes the `status` of a failure that carries one. An operation with no class is not limited.
   */
  readonly limit: <A, E, R>(operation: string, effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
  /**
   * {@link Limiter.limit} for one operation, looked up once: what a client builds per endpoint.
   * For an operation that nothing limits it is the identity, so an unlimited call costs nothing.
   */
  readonly forOperation: (operation: string) => <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

const defaultSlowdown = 2
const defaultCooldown = Duration.seconds(30)

const paced = (quota: Quota) =>
  // One permit per spacing, never a burst: the token bucket of size 1 refills after each start.
  RateLimiter.make({ limit: 1, interval: spacing(quota), algorithm: "token-bucket" })

const statusOf = (error: unknown): number | undefined => {
  if (typeof error !== "object" || error === null) return undefined
  const status: unknown = Reflect.get(error, "status")
  return typeof status === "number" ? status : undefined
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

interface ClassLimiter {
  readonly base: RateLimiter.RateLimiter | undefined
  readonly slow: RateLimiter.RateLimiter | undefined
  readonly until: Ref.Ref<number>
}

/**
 * Makes a limiter for one client; `false` makes one that lets everything through at once.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (quotas: Quotas | false): Effect.Effect<Limiter, never, Scope.Scope> =>
  Effect.gen(function*() {
    if (quotas === false) return unlimited
    // Adaptive unless turned off: the vendors' quotas leave it at its defaults.
    const adaptive = quotas.adaptive === false ? undefined : quotas.adaptive ?? {}
    const cooldown = Duration.toMillis(adaptive?.cooldown ?? defaultCooldown)
    const classes = new Map<OperationClass, ClassLimiter>()
    for (const operationClass of operationClasses) {
      const quota = quotas.limits[operationClass]
      const slowQuota = quota === undefined
        ? quotas.throttledLimit
        : {
          limit: quota.limit,
          interval: Duration.times(Duration.decode(quota.interval), adaptive?.slowdown ?? defaultSlowdown)
        }
      classes.set(operationClass, {
        base: quota === undefined ? undefined : yield* paced(quota),
        slow: adaptive === undefined || slowQuota === undefined ? undefined : yield* paced(slowQuota),
        until: yield* Ref.make(0)
      })
    }
    const classLimiter = (operationClass: OperationClass): ClassLimiter | undefined => classes.get(operationClass)
    const isThrottled = (operationClass: OperationClass) => {
      const limiter = classLimiter(operationClass)
      if (limiter?.slow === undefined) return Effect.succeed(false)
      return Effect.zipWith(Ref.get(limiter.until), Clock.currentTimeMillis, (until, now) => now < until)
    }
    const run = <A, E, R>(operationClass: OperationClass, effect: Effect.Effect<A, E, R>) => {
      const limiter = classLimiter(operationClass)
      if (limiter === undefined) return effect
      const { base, slow } = limiter
      const admitted = base === undefined ? effect : base(effect)
      if (slow === undefined) return admitted
      return Effect.flatMap(isThrottled(operationClass), (throttled) => throttled ? slow(admitted) : admitted)
    }
    const throttled = (operationClass: OperationClass) => {
      const limiter = classLimiter(operationClass)
      if (limiter?.slow === undefined) return Effect.void
      return Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.set(limiter.until, now + cooldown))
    }
    const observe = (operation: string, status: number) => {
      const operationClass = quotas.classOf[operation]
      return operationClass !== undefined && quotas.throttleStatuses.includes(status)
        ? throttled(operationClass)
        : Effect.void
    }
    const forOperation = (operation: string) => {
      const operationClass = quotas.classOf[operation]
      const limiter = operationClass === undefined ? undefined : classLimiter(operationClass)
      if (operationClass === undefined || limiter === undefined) return unchanged
      if (limiter.base === undefined && limiter.slow === undefined) return unchanged
      const seen = (error: unknown) => {
        const status = statusOf(error)
        return status === undefined ? Effect.void : observe(operation, status)
      }
      return <A, E, R>(effect: Effect.Effect<A, E, R>) => run(operationClass, Effect.tapError(effect, seen))
    }
    const limiter: Limiter = {
      quotas,
      run,
      throttled,
      isThrottled,
      observe,
      limit: (operation, effect) => forOperation(operation)(effect),
      forOperation
    }
    return limiter
  })
