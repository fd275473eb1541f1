/**
 * A process of the rate-limit acceptance test over Redis: runs its share of every run's calls to
 * the counting server ({@link QuotaServer}) through a limiter whose windows are in Redis, then
 * exits (1 on a failure). Bundled and started by {@link QuotaWindowSuite}, four at once.
 *
 * @since 0.3.0
 */
import * as RateLimit from "@userkit/core/RateLimit"
import * as RateLimitRedis from "@userkit/core/RateLimitRedis"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as QuotaServer from "./QuotaServer.js"

/**
 * What a driver process is given, as JSON in its first argument.
 *
 * @since 0.3.0
 * @category models
 */
export interface Input {
  readonly serverUrl: string
  readonly redisUrl: string
  readonly prefix: string
  readonly quotas: RateLimit.Quotas
  readonly runs: ReadonlyArray<string>
  /** How many calls of each class this process makes in each run. */
  readonly counts: { readonly [C in RateLimit.OperationClass]?: number }
}

/**
 * The driver's work.
 *
 * @since 0.3.0
 * @category programs
 */
export const drive = (input: Input): Effect.Effect<void, unknown> =>
  Effect.gen(function*() {
    const store = yield* RateLimitRedis.make({
      url: input.redisUrl,
      prefix: input.prefix,
      salt: Redacted.make(input.prefix),
      onUnavailable: "fail",
      // The machine may be loaded: a slow Redis is not a missing one here.
      timeout: "10 seconds"
    })
    const failed = yield* Effect.forEach(input.runs, (run) =>
      Effect.flatMap(
        RateLimit.fromOption(input.quotas, undefined, { baseUrl: input.serverUrl, secret: run }).pipe(
          Effect.provideService(RateLimit.RateLimitStore, store)
        ),
        (limiter) =>
          QuotaServer.callRun(
            [limiter],
            input.quotas,
            input.serverUrl,
            run,
            (operationClass) => input.counts[operationClass] ?? 0
          )
      ), { concurrency: "unbounded" })
    const failures = failed.flat()
    if (failures.length > 0) return yield* Effect.fail(new Error(`calls failed: ${failures.join(", ")}`))
  }).pipe(Effect.scoped)
