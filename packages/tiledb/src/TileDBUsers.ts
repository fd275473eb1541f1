/**
 * The TileDB Cloud Users service: the 22 operations of the REST v1 `user` API and the Organization
 * API's `getOrganization` (an organization's members) over any `HttpClient`, authenticated by an API key (`X-TILEDB-REST-API-KEY`) or by HTTP Basic.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { TileDBUsers } from "@userkit/tiledb"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const users = yield* TileDBUsers.TileDBUsers
 *   return yield* users.getUserWithUsername("ada")
 * })
 *
 * program.pipe(
 *   Effect.provide(TileDBUsers.layer({ apiKey: Redacted.make("…") })),
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
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Api from "./Api.js"
import * as Quotas from "./Quotas.js"

/**
 * The options of `getSession`.
 *
 * @since 0.1.0
 * @category models
 */
export type GetSessionOptions = Api.GetSessionOptions

/**
 * The operations of the TileDB Cloud Users API, one method per operation of its declaration
 * ({@link Api.TileDBApi}). A namespace is a username or an organization name.
 *
 * @since 0.1.0
 * @category models
 */
export interface TileDBUsersService extends CoreApi.Service<typeof Api.TileDBApi> {}

/**
 * The TileDB Users service tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class TileDBUsers extends Context.Tag("@userkit/tiledb/TileDBUsers")<TileDBUsers, TileDBUsersService>() {}

/**
 * TileDB Cloud's API base URL.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.tiledb.com/v1"

/**
 * The header that carries an API key.
 *
 * @since 0.1.0
 * @category constants
 */
export const apiKeyHeader = "X-TILEDB-REST-API-KEY"

/**
 * Options every way of authenticating shares.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommonOptions extends Client.CallOptions {
  /** The API base URL, `/v1` included. Defaults to {@link defaultBaseUrl}. */
  readonly baseUrl?: string | undefined
  /**
   * The client's rate limits: TileDB publishes none, so by default nothing is limited until TileDB
   * answers 503 (or 429); then that class is paced ({@link Quotas.quotas}) for a while. `false`
   * for none; or limits per class.
   */
  readonly rateLimit?: RateLimit.Option | undefined
}

/**
 * Authentication by API key (a token from TileDB Cloud's settings page or from `requestToken`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ApiKeyOptions extends CommonOptions {
  readonly apiKey: Redacted.Redacted<string>
}

/**
 * Authentication by username and password (HTTP Basic).
 *
 * @since 0.1.0
 * @category models
 */
export interface BasicAuthOptions extends CommonOptions {
  readonly username: string
  readonly password: Redacted.Redacted<string>
}

/**
 * The options of {@link make} and {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export type Options = ApiKeyOptions | BasicAuthOptions

// What TileDB counts a client's requests by: its key, or its user (the password included, so that
// two passwords of one user are told apart only by their hash).
const secretOf = (options: Options): string =>
  "apiKey" in options
    ? `apiKey:${Redacted.value(options.apiKey)}`
    : `basic:${options.username}:${Redacted.value(options.password)}`

const authOf = (options: Options): Auth.Auth =>
  "apiKey" in options ? Auth.header(apiKeyHeader, options.apiKey) : Auth.basic(options.username, options.password)

/**
 * Builds the service over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<TileDBUsersService, never, HttpClient.HttpClient | Scope.Scope> => {
  const baseUrl = options.baseUrl ?? defaultBaseUrl
  return Effect.flatMap(
    RateLimit.fromOption(Quotas.quotas, options.rateLimit, { baseUrl, secret: secretOf(options) }),
    (rateLimit) =>
      CoreApi.service(Api.TileDBApi, {
        baseUrl,
        auth: authOf(options),
        ...Client.callOptions(options),
        rateLimit
      })
  )
}

/**
 * The service as a layer over any `HttpClient`, with its own rate limiter: two layers (two keys)
 * are limited separately.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<TileDBUsers, never, HttpClient.HttpClient> =>
  Layer.scoped(TileDBUsers, make(options))

/**
 * Turns `TILEDB_REST_HOST` into a base URL. TileDB's own clients take a host without the API
 * version (`https://api.tiledb.com`) and add `/v1` to every path, so: `https://` is added when no
 * scheme is given, trailing slashes are dropped, and `/v1` is appended unless the URL already
 * ends with it (`https://api.tiledb.com` and `https://api.tiledb.com/v1/` both give
 * `https://api.tiledb.com/v1`).
 *
 * @since 0.1.0
 * @category config
 */
export const hostUrl = (host: string): string => {
  const trimmed = host.trim().replace(/\/+$/, "")
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`
  return /\/v1$/i.test(withScheme) ? withScheme : `${withScheme}/v1`
}

/**
 * The options of {@link layerConfig}: each one a value or a `Config` of the same type. Left out,
 * `baseUrl` reads `TILEDB_REST_HOST` when set ({@link hostUrl}); the credentials are the `apiKey`
 * given, or the `username` and `password` given (either one left out read from
 * `TILEDB_REST_USERNAME` or `TILEDB_REST_PASSWORD`), or else the environment: `TILEDB_REST_TOKEN`,
 * or `TILEDB_REST_USERNAME` and `TILEDB_REST_PASSWORD`.
 *
 * @since 0.2.0
 * @category models
 */
export type LayerConfigOptions =
  & ConfigOptions.CommonOptions
  & (
    | {
      readonly apiKey: ConfigOptions.Configurable<Redacted.Redacted<string>>
      readonly username?: undefined
      readonly password?: undefined
    }
    | {
      readonly username?: ConfigOptions.Configurable<string> | undefined
      readonly password?: ConfigOptions.Configurable<Redacted.Redacted<string>> | undefined
      readonly apiKey?: undefined
    }
  )

type Credentials = Pick<ApiKeyOptions, "apiKey"> | Pick<BasicAuthOptions, "username" | "password">

// An environment variable that is absent or empty is unset, as in TileDB's Python client.
const fromEnv = <A>(config: Config.Config<A>, text: (a: A) => string): Config.Config<A | undefined> =>
  Config.map(ConfigOptions.orUndefined(config), (a) => (a === undefined || text(a).trim() === "" ? undefined : a))

const missingCredentials = (username: string | undefined, password: Redacted.Redacted<string> | undefined) =>
  ConfigError.MissingData(
    ["TILEDB_REST_TOKEN"],
    "TileDB credentials are missing: set TILEDB_REST_TOKEN, or TILEDB_REST_USERNAME and TILEDB_REST_PASSWORD" +
      (username !== undefined ? " (TILEDB_REST_PASSWORD is unset)" : "") +
      (password !== undefined ? " (TILEDB_REST_USERNAME is unset)" : "") +
      ", or give layerConfig an apiKey, or a username and a password"
  )

// The token wins when both ways are set, as in TileDB's Python client.
const credentialsFromEnv: Config.Config<Credentials> = Config.all({
  token: fromEnv(Config.redacted("TILEDB_REST_TOKEN"), Redacted.value),
  username: fromEnv(Config.string("TILEDB_REST_USERNAME"), (username) => username),
  password: fromEnv(Config.redacted("TILEDB_REST_PASSWORD"), Redacted.value)
}).pipe(
  Config.mapOrFail(({ password, token, username }): Either.Either<Credentials, ConfigError.ConfigError> =>
    token !== undefined
      ? Either.right({ apiKey: token })
      : username !== undefined && password !== undefined
      ? Either.right({ username, password })
      : Either.left(missingCredentials(username, password))
  )
)

const credentialsOf = (options: LayerConfigOptions): Config.Config<Credentials> =>
  options.apiKey !== undefined
    ? Config.map(ConfigOptions.resolve(options.apiKey), (apiKey) => ({ apiKey }))
    : options.username !== undefined || options.password !== undefined
    ? Config.all({
      username: ConfigOptions.orElse(options.username, Config.string("TILEDB_REST_USERNAME")),
      password: ConfigOptions.orElse(options.password, Config.redacted("TILEDB_REST_PASSWORD"))
    })
    : credentialsFromEnv

const hostFromEnv: Config.Config<string | undefined> = Config.map(
  fromEnv(Config.string("TILEDB_REST_HOST"), (host) => host),
  (host) => host === undefined ? undefined : hostUrl(host)
)

const configOf = (options: LayerConfigOptions): Config.Config<ConfigOptions.WithStore<Options>> =>
  ConfigOptions.withCommon(
    options,
    Config.zipWith(
      ConfigOptions.orElse(options.baseUrl, hostFromEnv),
      credentialsOf(options),
      (baseUrl, credentials) => ({ baseUrl, ...credentials })
    )
  )

/**
 * The options read from the environment: `TILEDB_REST_TOKEN` (an API key), or
 * `TILEDB_REST_USERNAME` and `TILEDB_REST_PASSWORD`; the token wins when both are set, as in
 * TileDB's Python client. `TILEDB_REST_HOST` is optional ({@link hostUrl}); empty values count as
 * unset. The same as {@link layerConfig} with no options.
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<Options> = configOf({})

/**
 * The service configured through `Config`: each option a value or a `Config`, the left-out ones
 * read from TileDB's environment variables ({@link LayerConfigOptions}).
 *
 * @example
 * ```ts
 * // The API key from MYAPP_TILEDB_KEY, the host from TILEDB_REST_HOST (or the default).
 * TileDBUsers.layerConfig({ apiKey: Config.redacted("MYAPP_TILEDB_KEY") })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: LayerConfigOptions = {}
): Layer.Layer<TileDBUsers, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(TileDBUsers, ConfigOptions.build(configOf(options), make))

/**
 * A stub of the service for testing code that uses it: give the methods the test needs; any other
 * method dies with a message naming it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (implementation: Partial<TileDBUsersService>): Layer.Layer<TileDBUsers> =>
  Stub.layer(TileDBUsers, { effects: CoreApi.names(Api.TileDBApi) }, implementation)
