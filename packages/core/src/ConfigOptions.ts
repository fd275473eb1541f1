/**
 * Layer options given either as plain values or as `Config`s, for the vendors' `layerConfig`: an
 * application picks its own variable names and sources (`Config.redacted("MYAPP_KEY")`,
 * `Config.nested`, a literal in a test), and an option left out falls back to the vendor's
 * documented environment variable.
 *
 * @example
 * ```ts
 * import * as ConfigOptions from "@userkit/core/ConfigOptions"
 * import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
 *
 * const apiKey = (given?: ConfigOptions.Configurable<string>) =>
 *   ConfigOptions.orElse(given, Config.string("VENDOR_API_KEY"))
 *
 * apiKey()                            // reads VENDOR_API_KEY
 * apiKey("literal")                   // always "literal"
 * apiKey(Config.string("MYAPP_KEY"))  // reads MYAPP_KEY
 * ```
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as RateLimit from "./RateLimit.js"
import type * as Retry from "./Retry.js"

/**
 * An option given as its value, or as a `Config` of the same type.
 *
 * @since 0.2.0
 * @category models
 */
export type Configurable<A> = A | Config.Config<A>

/**
 * Whether an option was given as a `Config` (rather than as its value).
 *
 * @since 0.2.0
 * @category guards
 */
export const isConfig = <A>(given: Configurable<A>): given is Config.Config<A> => Config.isConfig(given)

/**
 * The `Config` of an option given: the `Config` itself, or a value as a `Config` that always
 * succeeds with it.
 *
 * @since 0.2.0
 * @category constructors
 */
export const resolve = <A>(given: Configurable<A>): Config.Config<A> => isConfig(given) ? given : Config.succeed(given)

/**
 * The `Config` of one option: the `Config` given, the value given, or `fallback` when the option
 * was left out.
 *
 * @since 0.2.0
 * @category combinators
 */
export const orElse = <A>(given: Configurable<A> | undefined, fallback: Config.Config<A>): Config.Config<A> =>
  given === undefined ? fallback : resolve(given)

/**
 * The `Config` of an option without a fallback: `undefined` when it was left out.
 *
 * @since 0.2.0
 * @category combinators
 */
export const optional = <A>(given: Configurable<A> | undefined): Config.Config<A | undefined> =>
  orElse<A | undefined>(given, Config.succeed(undefined))

/**
 * A `Config` that may be absent, read as `undefined` when it is: an optional environment variable.
 *
 * @since 0.2.0
 * @category combinators
 */
export const orUndefined = <A>(config: Config.Config<A>): Config.Config<A | undefined> =>
  Config.map(Config.option(config), Option.getOrUndefined)

/**
 * The options every vendor's `layerConfig` takes besides its credentials. `baseUrl` falls back
 * to the vendor's own variable and `redisUrl` to `USERKIT_REDIS_URL`; `retry`, `timeout`,
 * `deadline`, `maxResponseBytes` and `rateLimit` have none ({@link withCommon}).
 *
 * @since 0.2.0
 * @category models
 */
export interface CommonOptions {
  /** The API's base URL. */
  readonly baseUrl?: Configurable<string> | undefined
  /** The retry policy, or `false` for none (see `Retry.Options` for the defaults). */
  readonly retry?: Configurable<Retry.Options | false> | undefined
  /** A time limit on each attempt (default 30 s), or `false` for none. */
  readonly timeout?: Configurable<Duration.DurationInput | false> | undefined
  /** A limit on the whole call, retries and their waits included. None by default. */
  readonly deadline?: Configurable<Duration.DurationInput> | undefined
  /** The most bytes of a success body read (default 32 MiB). */
  readonly maxResponseBytes?: Configurable<number> | undefined
  /** The client's rate limits: the vendor's documented quotas by default, `false` for none. */
  readonly rateLimit?: Configurable<RateLimit.Option> | undefined
  /**
   * A Redis that keeps the rate-limit windows for every process sharing it
   * (`@userkit/core/RateLimitRedis`); read from `USERKIT_REDIS_URL` when left out, and in the
   * process only when that is not set either.
   */
  readonly redisUrl?: Configurable<Redacted.Redacted<string>> | undefined
}

/**
 * A vendor's options as its `layerConfig` reads them: with the Redis of the rate-limit windows.
 *
 * @since 0.3.0
 * @category models
 */
export type WithStore<A> = A & { readonly redisUrl: Redacted.Redacted<string> | undefined }

/**
 * The retry, timeout and rate limits of {@link CommonOptions} added to a vendor's own options.
 * None has an environment variable (a left-out one stays `undefined`, the client's default) but
 * `redisUrl`, which reads `USERKIT_REDIS_URL` when set.
 *
 * @since 0.2.0
 * @category combinators
 */
export const withCommon = <A extends object>(
  options: CommonOptions,
  config: Config.Config<A>
): Config.Config<
  A & {
    readonly retry: Retry.Options | false | undefined
    readonly timeout: Duration.DurationInput | false | undefined
    readonly deadline: Duration.DurationInput | undefined
    readonly maxResponseBytes: number | undefined
    readonly rateLimit: RateLimit.Option | undefined
    readonly redisUrl: Redacted.Redacted<string> | undefined
  }
> =>
  Config.zipWith(
    Config.all({
      retry: optional(options.retry),
      timeout: optional(options.timeout),
      deadline: optional(options.deadline),
      maxResponseBytes: optional(options.maxResponseBytes),
      rateLimit: optional(options.rateLimit),
      redisUrl: orElse(options.redisUrl, orUndefined(Config.redacted("USERKIT_REDIS_URL")))
    }),
    config,
    (common, own) => ({ ...own, ...common })
  )

/**
 * Builds a vendor's service from its `Config`, keeping its rate limits in the Redis the config
 * names (`redisUrl`, `USERKIT_REDIS_URL`) when it names one: what each vendor's `layerConfig` runs.
 *
 * @since 0.3.0
 * @category constructors
 */
export const build = <O, A, E, R>(
  config: Config.Config<WithStore<O>>,
  make: (options: O) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | ConfigError.ConfigError, R | Scope.Scope> =>
  Effect.flatMap(config, (options) => RateLimit.withRedisUrl(options.redisUrl, make(options)))
