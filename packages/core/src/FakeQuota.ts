/**
 * Quotas kept by a fake vendor, the way the vendor keeps them: each request counts against its
 * operation's class, and a request that would exceed the class's limit within any window of its
 * interval is refused (429 by default, with the vendor's error body). Every class keeps a count
 * of what it admitted, what it refused and the most requests it ever saw in one window, so a test
 * can prove that no request went over.
 *
 * @since 0.2.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FakeServer from "./FakeServer.js"
import * as RateLimit from "./RateLimit.js"

/**
 * How a fake keeps quotas.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** The status a refused request gets. Default 429; TileDB's capacity signal is 503. */
  readonly status?: number | undefined
  /** `false` only counts, never refuses: for proving that an unlimited client goes over. Default `true`. */
  readonly enforce?: boolean | undefined
}

/**
 * What one class saw.
 *
 * @since 0.2.0
 * @category models
 */
export interface ClassCount {
  readonly limit: number
  readonly intervalMillis: number
  readonly admitted: number
  readonly refused: number
  /** The most requests admitted within one window of the interval. */
  readonly maxInWindow: number
}

/**
 * The quotas of a running fake.
 *
 * @since 0.2.0
 * @category models
 */
export interface FakeQuota {
  /** Counts a request for an operation, failing with the refusal once its class is over quota. */
  readonly admit: (operation: string) => Effect.Effect<void, FakeServer.FakeError>
  /** What each limited class has seen so far. */
  readonly counts: Effect.Effect<{ readonly [C in RateLimit.OperationClass]?: ClassCount }>
}

interface Window {
  readonly limit: number
  readonly intervalMillis: number
  // Start times of the admitted requests still inside the window, oldest first.
  readonly starts: Array<number>
  admitted: number
  refused: number
  maxInWindow: number
}

/**
 * Keeps a vendor's quotas (for example `RateLimit.scale(Quotas.quotas, 100)`) in a fake.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (quotas: RateLimit.Quotas, options: Options = {}): FakeQuota => {
  const status = options.status ?? 429
  const enforce = options.enforce ?? true
  const windows = new Map<RateLimit.OperationClass, Window>()
  for (const operationClass of RateLimit.operationClasses) {
    const quota = quotas.limits[operationClass]
    if (quota === undefined) continue
    windows.set(operationClass, {
      limit: quota.limit,
      intervalMillis: Duration.toMillis(quota.interval),
      starts: [],
      admitted: 0,
      refused: 0,
      maxInWindow: 0
    })
  }
  const admit = (operation: string) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const operationClass = quotas.classOf[operation]
      const window = operationClass === undefined ? undefined : windows.get(operationClass)
      if (window === undefined) return Effect.void
      while (window.starts.length > 0 && (window.starts[0] ?? 0) <= now - window.intervalMillis) window.starts.shift()
      if (enforce && window.starts.length >= window.limit) {
        window.refused++
        return FakeServer.fail(
          status,
          `rate limit exceeded: ${window.limit} ${operationClass} requests per ${window.intervalMillis} ms`
        )
      }
      window.starts.push(now)
      window.admitted++
      window.maxInWindow = Math.max(window.maxInWindow, window.starts.length)
      return Effect.void
    })
  return {
    admit,
    counts: Effect.sync(() => {
      const counts: { [C in RateLimit.OperationClass]?: ClassCount } = {}
      for (const [operationClass, { admitted, intervalMillis, limit, maxInWindow, refused }] of windows) {
        counts[operationClass] = { limit, intervalMillis, admitted, refused, maxInWindow }
      }
      return counts
    })
  }
}
