/**
 * The Rockset Users service: the eight operations of the Users API over any `HttpClient`.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { RocksetUsers } from "@userkit/rockset"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const users = yield* RocksetUsers.RocksetUsers
 *   return yield* users.get("ada@example.com")
 * })
 *
 * program.pipe(
 *   Effect.provide(RocksetUsers.layer({ apiKey: Redacted.make("…"), region: "usw2a1" })),
 *   Effect.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as CoreApi from "@userkit/core/Api"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as ConfigOptions from "@userkit/core/ConfigOptions"
import * as RateLimit from "@userkit/core/RateLimit"
import * as Stub from "@userkit/core/Stub"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Api from "./Api.js"
import * as Quotas from "./Quotas.js"

/**
 * The operations of the Rockset Users API, one method per operation of its declaration
 * ({@link Api.RocksetApi}). Users are identified by email.
 *
 * @since 0.1.0
 * @category models
 */
export interface RocksetUsersService extends CoreApi.Service<typeof Api.RocksetApi> {}

/**
 * The Rockset Users service tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class RocksetUsers extends Context.Tag("@userkit/rockset/RocksetUsers")<RocksetUsers, RocksetUsersService>() {}

/**
 * A Rockset region.
 *
 * @since 0.1.0
 * @category models
 */
export type Region = "usw2a1" | "use1a1" | "euc1a1" | "apt2a1" | "rs2"

/**
 * The API host of each region.
 *
 * @since 0.1.0
 * @category constants
 */
export const regionUrls: { readonly [R in Region]: string } = {
  usw2a1: "https://api.usw2a1.rockset.com",
  use1a1: "https://api.use1a1.rockset.com",
  euc1a1: "https://api.euc1a1.rockset.com",
  apt2a1: "https://api.apt2a1.rockset.com",
  rs2: "https://api.rs2.usw2.rockset.com"
}

/**
 * The options of {@link make} and {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Client.CallOptions {
  readonly apiKey: Redacted.Redacted<string>
  /** Defaults to `usw2a1`. Ignored when `baseUrl` is given. */
  readonly region?: Region | undefined
  /** Any base URL, e.g. a proxy or a fake on loopback. */
  readonly baseUrl?: string | undefined
  /**
   * The client's rate limits, per organization: by default Rockset's documented quotas
   * ({@link Quotas.quotas}), slowed down after a 429; `false` for none; or other limits per class.
   */
  readonly rateLimit?: RateLimit.Option | undefined
}

/**
 * Builds the service over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<RocksetUsersService, never, HttpClient.HttpClient | Scope.Scope> => {
  const baseUrl = options.baseUrl ?? regionUrls[options.region ?? "usw2a1"]
  return Effect.flatMap(
    RateLimit.fromOption(Quotas.quotas, options.rateLimit, { baseUrl, secret: Redacted.value(options.apiKey) }),
    (rateLimit) =>
      CoreApi.service(Api.RocksetApi, {
        baseUrl,
        auth: Auth.header("Authorization", options.apiKey, "ApiKey"),
        ...Client.callOptions(options),
        rateLimit
      })
  )
}

/**
 * The service as a layer over any `HttpClient`, with its own rate limiter: two layers (two API
 * keys) are limited separately.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<RocksetUsers, never, HttpClient.HttpClient> =>
  Layer.scoped(RocksetUsers, make(options))

/**
 * Reads `ROCKSET_APISERVER` the way Rockset's own clients do: a host with or without a scheme,
 * `https://` added when none is given.
 *
 * @since 0.1.0
 * @category config
 */
export const apiServerUrl = (apiServer: string): string => {
  const trimmed = apiServer.trim().replace(/\/+$/, "")
  return /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
}

/**
 * The options of {@link layerConfig}: each one a value or a `Config` of the same type. Left out,
 * `apiKey` reads `ROCKSET_APIKEY`, and `baseUrl` reads `ROCKSET_APISERVER` when set ({@link
 * apiServerUrl}) unless a `region` is given; the region default is `usw2a1`.
 *
 * @since 0.2.0
 * @category models
 */
export interface LayerConfigOptions extends ConfigOptions.CommonOptions {
  readonly apiKey?: ConfigOptions.Configurable<Redacted.Redacted<string>> | undefined
  readonly region?: ConfigOptions.Configurable<Region> | undefined
}

const configOf = (options: LayerConfigOptions): Config.Config<ConfigOptions.WithStore<Options>> =>
  ConfigOptions.withCommon(
    options,
    Config.all({
      apiKey: ConfigOptions.orElse(options.apiKey, Config.redacted("ROCKSET_APIKEY")),
      region: ConfigOptions.optional(options.region),
      baseUrl: ConfigOptions.orElse(
        options.baseUrl,
        options.region === undefined
          ? ConfigOptions.orUndefined(Config.map(Config.string("ROCKSET_APISERVER"), apiServerUrl))
          : Config.succeed(undefined)
      )
    })
  )

/**
 * The options read from the environment: `ROCKSET_APIKEY` (required) and `ROCKSET_APISERVER`
 * (optional; the region default otherwise). The same as {@link layerConfig} with no options.
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<Options> = configOf({})

/**
 * The service configured through `Config`: each option a value or a `Config`, the left-out ones
 * read from Rockset's environment variables ({@link LayerConfigOptions}).
 *
 * @example
 * ```ts
 * // The key from MYAPP_KEY, the host from ROCKSET_APISERVER (or the usw2a1 default).
 * RocksetUsers.layerConfig({ apiKey: Config.redacted("MYAPP_KEY"), retry: { times: 5 } })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: LayerConfigOptions = {}
): Layer.Layer<RocksetUsers, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(RocksetUsers, ConfigOptions.build(configOf(options), make))

/**
 * A stub of the service for testing code that uses it: give the methods the test needs; any other
 * method dies with a message naming it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (implementation: Partial<RocksetUsersService>): Layer.Layer<RocksetUsers> =>
  Stub.layer(RocksetUsers, { effects: CoreApi.names(Api.RocksetApi) }, implementation)
