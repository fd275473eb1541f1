/**
 * The retry policy: a rejected request (429) is always safe to repeat; a failure of the gateway
 * or the network (502, 503, 504, transport, timeout) is repeated only for idempotent methods,
 * because a POST or PATCH may already have been processed. Backoff is exponential with jitter,
 * capped, and the server's `Retry-After` (delay-seconds or a strict HTTP-date) is honoured as a floor.
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

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const day = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
const longDay = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
const month = `(${months.join("|")})`
const time = "(\\d{2}):(\\d{2}):(\\d{2})"
// Each form anchored at the start and followed by the end or a list comma: a header sent twice
// arrives joined as `"a, b"`, and only its first element counts.
const listEnd = "\\s*(?:,|$)"
// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
const imfFixdate = new RegExp(`^${day}, (\\d{2}) ${month} (\\d{4}) ${time} GMT${listEnd}`)
// Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
const rfc850 = new RegExp(`^${longDay}, (\\d{2})-${month}-(\\d{2}) ${time} GMT${listEnd}`)
// Obsolete asctime: `Sun Nov  6 08:49:37 1994`.
const asctime = new RegExp(`^${day} ${month} ([ \\d]\\d) ${time} (\\d{4})${listEnd}`)
const delaySeconds = new RegExp(`^(\\d+)${listEnd}`)

// The epoch ms of a calendar date and time, or undefined when it does not exist (31 Feb, 25:00).
const utc = (year: number, monthName: string, date: number, hours: number, minutes: number, seconds: number) => {
  const monthIndex = months.indexOf(monthName)
  const ms = Date.UTC(year, monthIndex, date, hours, minutes, seconds)
  const parsed = new Date(ms)
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === monthIndex && parsed.getUTCDate() === date &&
      parsed.getUTCHours() === hours && parsed.getUTCMinutes() === minutes && parsed.getUTCSeconds() === seconds
    ? ms
    : undefined
}

// RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
const fullYear = (twoDigits: number, now: number) => {
  const thisYear = new Date(now).getUTCFullYear()
  const candidate = Math.floor(thisYear / 100) * 100 + twoDigits
  return candidate > thisYear + 50 ? candidate - 100 : candidate
}

const httpDate = (text: string, now: number): number | undefined => {
  const imf = imfFixdate.exec(text)
  if (imf !== null) return utc(Number(imf[3]), imf[2], Number(imf[1]), Number(imf[4]), Number(imf[5]), Number(imf[6]))
  const obsolete = rfc850.exec(text)
  if (obsolete !== null) {
    const [, date, monthName, year, hours, minutes, seconds] = obsolete
    return utc(fullYear(Number(year), now), monthName, Number(date), Number(hours), Number(minutes), Number(seconds))
  }
  const asc = asctime.exec(text)
  if (asc !== null) return utc(Number(asc[6]), asc[1], Number(asc[2]), Number(asc[3]), Number(asc[4]), Number(asc[5]))
  return undefined
}

/**
 * Parses a `Retry-After` header, relative to `now` (epoch ms). Only RFC 9110's forms count:
 * delay-seconds (digits only) or an HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime
 * forms), a date in the past meaning no wait. A value joined from repeated headers (`"2, 2"`) is
 * read by its first element. Anything else (`-1`, `1.5`, a date in another format) is ignored:
 * `undefined`, so the backoff alone decides.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseRetryAfter = (value: string | undefined, now: number): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const text = value.trim()
  const seconds = delaySeconds.exec(text)
  if (seconds !== null) return Duration.seconds(Number(seconds[1]))
  const date = httpDate(text, now)
  return date === undefined ? undefined : Duration.millis(Math.max(0, date - now))
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
