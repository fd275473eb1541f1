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
const month = `(?<month>${months.join("|")})`
const time = "(?<hours>\\d{2}):(?<minutes>\\d{2}):(?<seconds>\\d{2})"
// Each form anchored at the start and followed by the end or a list comma: a header sent twice
// arrives joined as `"a, b"`, and only its first element counts.
const listEnd = "\\s*(?:,|$)"
const delaySeconds = new RegExp(`^(\\d+)${listEnd}`)
const httpDates = [
  // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
  new RegExp(`^${day}, (?<date>\\d{2}) ${month} (?<year>\\d{4}) ${time} GMT${listEnd}`),
  // Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`.
  new RegExp(`^${longDay}, (?<date>\\d{2})-${month}-(?<year>\\d{2}) ${time} GMT${listEnd}`),
  // Obsolete asctime: `Sun Nov  6 08:49:37 1994`.
  new RegExp(`^${day} ${month} (?<date>[ \\d]\\d) ${time} (?<year>\\d{4})${listEnd}`)
]

// RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
const fullYear = (year: string, now: number) => {
  if (year.length === 4) return Number(year)
  const thisYear = new Date(now).getUTCFullYear()
  const candidate = Math.floor(thisYear / 100) * 100 + Number(year)
  return candidate > thisYear + 50 ? candidate - 100 : candidate
}

// The epoch ms of an HTTP-date, or undefined when the text is none or names no real moment
// (31 February, 25:00).
const httpDate = (text: string, now: number): number | undefined => {
  for (const form of httpDates) {
    const fields = form.exec(text)?.groups
    if (fields === undefined) continue
    const wanted = [
      fullYear(fields.year, now),
      months.indexOf(fields.month),
      Number(fields.date),
      Number(fields.hours),
      Number(fields.minutes),
      Number(fields.seconds)
    ]
    const [year, monthIndex, date, hours, minutes, seconds] = wanted
    const moment = new Date(Date.UTC(year, monthIndex, date, hours, minutes, seconds))
    const actual = [
      moment.getUTCFullYear(),
      moment.getUTCMonth(),
      moment.getUTCDate(),
      moment.getUTCHours(),
      moment.getUTCMinutes(),
      moment.getUTCSeconds()
    ]
    return actual.every((value, i) => value === wanted[i]) ? moment.getTime() : undefined
  }
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
