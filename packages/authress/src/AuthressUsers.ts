/**
 * The Authress Users service: the four operations of the Users API, and every user as a lazy
 * `Stream`, over any `HttpClient`. Requests carry `Authorization: Bearer <jwt>`, the JWT minted
 * from a service-client access key (see `ServiceClientToken`) or given ready.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { AuthressUsers } from "@userkit/authress"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const users = yield* AuthressUsers.AuthressUsers
 *   return yield* users.getUser("oauth|ada")
 * })
 *
 * program.pipe(
 *   Effect.provide(AuthressUsers.layer({
 *     baseUrl: "https://auth.example.com",
 *     accessKey: Redacted.make("sc_client.keyId.accountId.MC4CAQAw…")
 *   })),
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
import * as Pagination from "@userkit/core/Pagination"
import * as RateLimit from "@userkit/core/RateLimit"
import * as Stub from "@userkit/core/Stub"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Stream from "effect/Stream"
import * as Api from "./Api.js"
import type * as Errors from "./Errors.js"
import * as Models from "./Models.js"
import * as Quotas from "./Quotas.js"
import * as ServiceClientToken from "./ServiceClientToken.js"

/**
 * The options of the users stream: those of `getUsers` but the cursor, which the stream follows.
 *
 * @since 0.1.0
 * @category models
 */
export type StreamOptions = Omit<Models.GetUsersOptions, "cursor"> & {
  /** At most this many pages; one more is a `PaginationError` (`TooManyPages`). No limit by default. */
  readonly maxPages?: number | undefined
}

/**
 * The operations of the Authress Users API, one method per operation of its declaration
 * ({@link Api.AuthressApi}), and every user as a lazy stream.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuthressUsersService extends CoreApi.Service<typeof Api.AuthressApi> {
  /**
   * Every user, page after page, each page fetched only when the consumer reaches it: taking
   * five users from a thousand-page listing makes one request. Ends after a page without a next
   * cursor (absent or `""`); fails with `PaginationError` on a cursor already followed or a page
   * repeating the previous one (see `Pagination.cursor`).
   */
  readonly getUsersStream: (
    options?: StreamOptions
  ) => Stream.Stream<Models.UserIdentity, Errors.GetUsersError | Pagination.PaginationError>
}

/**
 * The Authress Users service tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class AuthressUsers extends Context.Tag("@userkit/authress/AuthressUsers")<
  AuthressUsers,
  AuthressUsersService
>() {}

/**
 * What every way of authenticating shares.
 *
 * @since 0.1.0
 * @category models
 */
export interface BaseOptions extends Client.CallOptions {
  /** The account's API URL (`https://<accountId>.api.authress.io`) or its custom domain. */
  readonly baseUrl: string
  /**
   * The client's rate limits: by default conservative per-class limits ({@link Quotas.quotas};
   * Authress publishes none), slowed down after a 429; `false` for none; or other limits per class.
   */
  readonly rateLimit?: RateLimit.Option | undefined
}

/**
 * Authenticates with a service-client access key, which signs its own JWTs.
 *
 * @since 0.1.0
 * @category models
 */
export interface AccessKeyOptions extends BaseOptions {
  /** `clientId.keyId.accountId.privateKey`, as Authress shows it when the key is created. */
  readonly accessKey: Redacted.Redacted<string>
  readonly token?: undefined
}

/**
 * Authenticates with a ready JWT, or an Effect that yields a current one for every request.
 *
 * @since 0.1.0
 * @category models
 */
export interface TokenOptions extends BaseOptions {
  readonly token: Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>>
  readonly accessKey?: undefined
}

/**
 * The options of {@link make} and {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export type Options = AccessKeyOptions | TokenOptions

/**
 * Reads an API URL the way Authress's own SDK does: `https://` added when no scheme is given
 * (`http://` for `localhost`), trailing slashes removed.
 *
 * @since 0.1.0
 * @category config
 */
export const apiUrl = (url: string): string => {
  const trimmed = url.trim().replace(/\/+$/, "")
  if (/^https?:\/\//i.test(trimmed)) return trimmed
  return /^localhost\b/i.test(trimmed) ? `http://${trimmed}` : `https://${trimmed}`
}

// What the quota is counted by: the access key, or a fixed token. A token from an Effect changes
// with every renewal, so its clients share the window of the account (the base URL) instead.
const secretOf = (options: Options): string | undefined =>
  options.accessKey !== undefined
    ? `accessKey:${Redacted.value(options.accessKey)}`
    : Redacted.isRedacted(options.token)
    ? `token:${Redacted.value(options.token)}`
    : undefined

const bearer = (options: Options, baseUrl: string): Effect.Effect<Auth.Auth, ServiceClientToken.InvalidAccessKey> =>
  options.accessKey !== undefined
    ? Effect.map(ServiceClientToken.make({ accessKey: options.accessKey, baseUrl }), Auth.bearer)
    : Effect.succeed(Auth.bearer(options.token))

/**
 * What building the service can fail with: `InvalidAccessKey` with an access key, nothing with a
 * token.
 *
 * @since 0.1.0
 * @category models
 */
export type MakeError<O extends Options> = O extends TokenOptions ? never : ServiceClientToken.InvalidAccessKey

/**
 * Builds the service over the `HttpClient` in context. An access key is checked and imported
 * here, so a malformed one fails the construction with `InvalidAccessKey`.
 *
 * @since 0.1.0
 * @category constructors
 */
export function make<O extends Options>(
  options: O
): Effect.Effect<AuthressUsersService, MakeError<O>, HttpClient.HttpClient | Scope.Scope>
export function make(
  options: Options
): Effect.Effect<AuthressUsersService, ServiceClientToken.InvalidAccessKey, HttpClient.HttpClient | Scope.Scope> {
  const baseUrl = apiUrl(options.baseUrl)
  return Effect.flatMap(bearer(options, baseUrl), (auth) =>
    Effect.map(
      Effect.flatMap(
        RateLimit.fromOption(Quotas.quotas, options.rateLimit, { baseUrl, secret: secretOf(options) }),
        (rateLimit) =>
          CoreApi.service(Api.AuthressApi, {
            baseUrl,
            auth,
            ...Client.callOptions(options),
            rateLimit
          })
      ),
      (operations) =>
        AuthressUsers.of({
          ...operations,
          getUsersStream: ({ maxPages, ...query } = {}) =>
            Pagination.cursor({ vendor: "Authress", operation: "getUsers", maxPages }, (cursor) =>
              Effect.map(
                operations.getUsers(cursor === undefined ? query : { ...query, cursor }),
                (page) => ({ items: page.users, next: Models.nextCursor(page) })
              ))
        })
    ))
}

/**
 * The service as a layer over any `HttpClient`. With an access key, a malformed key fails the
 * layer with `InvalidAccessKey`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = <O extends Options>(
  options: O
): Layer.Layer<AuthressUsers, MakeError<O>, HttpClient.HttpClient> => Layer.scoped(AuthressUsers, make(options))

/**
 * The options of {@link layerConfig}: each one a value or a `Config` of the same type. Left out,
 * `baseUrl` reads `AUTHRESS_API_URL` (scheme optional, {@link apiUrl}), and the credentials are
 * the `token` given or else the access key: `accessKey`, or `AUTHRESS_ACCESS_KEY`.
 *
 * @since 0.2.0
 * @category models
 */
export type LayerConfigOptions =
  & ConfigOptions.CommonOptions
  & (
    | {
      readonly accessKey?: ConfigOptions.Configurable<Redacted.Redacted<string>> | undefined
      readonly token?: undefined
    }
    | { readonly token: ConfigOptions.Configurable<TokenOptions["token"]>; readonly accessKey?: undefined }
  )

const credentialsOf = (
  options: LayerConfigOptions
): Config.Config<Pick<AccessKeyOptions, "accessKey"> | Pick<TokenOptions, "token">> =>
  options.token !== undefined
    ? Config.map(ConfigOptions.resolve(options.token), (token) => ({ token }))
    : Config.map(
      ConfigOptions.orElse(options.accessKey, Config.redacted("AUTHRESS_ACCESS_KEY")),
      (accessKey) => ({ accessKey })
    )

const configOf = (options: LayerConfigOptions): Config.Config<ConfigOptions.WithStore<Options>> =>
  ConfigOptions.withCommon(
    options,
    Config.zipWith(
      ConfigOptions.orElse(options.baseUrl, Config.map(Config.string("AUTHRESS_API_URL"), apiUrl)),
      credentialsOf(options),
      (baseUrl, credentials) => ({ baseUrl, ...credentials })
    )
  )

/**
 * The options read from the environment: `AUTHRESS_API_URL` and `AUTHRESS_ACCESS_KEY`, both
 * required. The same as {@link layerConfig} with no options.
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<Options> = configOf({})

/**
 * The service configured through `Config`: each option a value or a `Config`, the left-out ones
 * read from Authress's environment variables ({@link LayerConfigOptions}). A malformed access key
 * fails the layer with `InvalidAccessKey`.
 *
 * @example
 * ```ts
 * // The URL from AUTHRESS_API_URL, the key from MYAPP_AUTHRESS_KEY.
 * AuthressUsers.layerConfig({ accessKey: Config.redacted("MYAPP_AUTHRESS_KEY") })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: LayerConfigOptions = {}
): Layer.Layer<
  AuthressUsers,
  ConfigError.ConfigError | ServiceClientToken.InvalidAccessKey,
  HttpClient.HttpClient
> => Layer.scoped(AuthressUsers, ConfigOptions.build(configOf(options), make))

/**
 * A stub of the service for testing code that uses it: give the methods the test needs; any other
 * method dies with a message naming it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (implementation: Partial<AuthressUsersService>): Layer.Layer<AuthressUsers> =>
  Stub.layer(AuthressUsers, { effects: CoreApi.names(Api.AuthressApi), streams: ["getUsersStream"] }, implementation)
