/**
 * The retry policy: a rejected request (429) is always safe to repeat; a failure of the gateway
 * or the network (502, 503, 504, transport, timeout) is repeated only for idempotent methods,
 * because a POST or PATCH may already have been processed. Backoff is exponential with jitter,
 * capped, and the server's `Retry-After` (seconds or HTTP date) is honoured as a floor.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"

/**
 * Retry options; every field has a default.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Retries after the first attempt. Default 3. */
  readonly times?: number
  /** The first backoff delay, doubled each retry, with ±20% jitter. Default 200 ms. */
  readonly baseDelay?: Duration.DurationInput
  /** The backoff cap. Default 5 s. */
  readonly maxDelay?: Duration.DurationInput
  /**
   * The longest `Retry-After` worth waiting for. A server asking for more fails the call at once
   * with its typed error (which carries `retryAfter`), rather than holding the fiber. Default 60 s.
   */
  readonly maxRetryAfter?: Duration.DurationInput
  /**
   * Also retry POST and PATCH on gateway and network failures. Off by default: those requests may
   * have been processed, and a retry could create a user twice.
   */
  readonly retryNonIdempotent?: boolean
}

/**
 * The shape of a failure the policy looks at.
 *
 * @since 0.1.0
 * @category models
 */
export interface Failure {
  readonly _tag: string
  readonly status?: number
  readonly reason?: string
  readonly retryAfter?: Duration.Duration | undefined
}

const gatewayStatuses: ReadonlySet<number> = new Set([502, 503, 504])

/**
 * Whether a failure may be retried, for a request whose method is (or is not) idempotent.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (failure: Failure, idempotent: boolean): boolean => {
  if (failure.status === 429) return true
  if (!idempotent) return false
  switch (failure._tag) {
    case "TimeoutError":
      return true
    case "TransportError":
      return failure.reason === "Transport" || failure.reason === "ResponseBody"
    default:
      return failure.status !== undefined && gatewayStatuses.has(failure.status)
  }
}

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP date, relative to `now` (epoch ms).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseRetryAfter = (value: string | undefined, now: number): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Duration.seconds(Number(text))
  const date = Date.parse(text)
  if (Number.isNaN(date)) return undefined
  return Duration.millis(Math.max(0, date - now))
}

/**
 * The schedule of the policy, for failures of a request with the given idempotency.
 *
 * @since 0.1.0
 * @category constructors
 */
export const schedule = <E extends Failure>(options: Options, idempotent: boolean): Schedule.Schedule<unknown, E> => {
  const maxDelay = Duration.decode(options.maxDelay ?? Duration.seconds(5))
  const maxRetryAfter = Duration.decode(options.maxRetryAfter ?? Duration.seconds(60))
  const mayRetry = idempotent || options.retryNonIdempotent === true
  return Schedule.exponential(options.baseDelay ?? Duration.millis(200), 2).pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(options.times ?? 3)),
    Schedule.intersect(Schedule.identity<E>()),
    Schedule.modifyDelay(([, failure], delay) => {
      const backoff = Duration.min(delay, maxDelay)
      return failure.retryAfter === undefined ? backoff : Duration.max(backoff, failure.retryAfter)
    }),
    Schedule.whileInput((failure: E) =>
      isRetryable(failure, mayRetry) &&
      (failure.retryAfter === undefined || Duration.lessThanOrEqualTo(failure.retryAfter, maxRetryAfter))
    )
  )
}

/**
 * Builds the policy once (per endpoint), as a function applying it to a call; `false` turns
 * retries off. A call that succeeds pays for no schedule: the schedule starts only on a retryable
 * failure, which it receives as its first input.
 *
 * @since 0.1.0
 * @category constructors
 */
export const policy = (options: Options | false, idempotent: boolean) => {
  if (options === false) return <A, E extends Failure, R>(effect: Effect.Effect<A, E, R>) => effect
  const mayRetry = idempotent || options.retryNonIdempotent === true
  const retrying = schedule<Failure>(options, idempotent)
  return <A, E extends Failure, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.catchAll(effect, (first) => {
      if (!isRetryable(first, mayRetry)) return Effect.fail(first)
      let replayed = false
      const again = Effect.suspend(() => {
        if (replayed) return effect
        replayed = true
        return Effect.fail(first)
      })
      return Effect.retry(again, retrying)
    })
}
