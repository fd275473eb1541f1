/**
 * The TileDB Cloud Users service: the 22 operations of the REST v1 `user` API over any
 * `HttpClient`, authenticated by an API key (`X-TILEDB-REST-API-KEY`) or by HTTP Basic.
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
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as ConfigOptions from "@userkit/core/ConfigOptions"
import type * as Retry from "@userkit/core/Retry"
import * as Testing from "@userkit/core/Testing"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "./Api.js"
import type * as Errors from "./Errors.js"
import type * as Models from "./Models.js"

/**
 * The options of `getSession`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetSessionOptions {
  /** A token valid for 30 days instead of 30 minutes. TileDB's default is `false`. */
  readonly rememberMe?: boolean
}

/**
 * The operations of the TileDB Cloud Users API. A namespace is a username or an organization name.
 *
 * @since 0.1.0
 * @category models
 */
export interface TileDBUsersService {
  /** Stores AWS keys (or a service role) for a namespace. */
  readonly addAwsAccessCredentials: (
    namespace: string,
    awsAccessCredentials: Models.AWSAccessCredentialsRequest
  ) => Effect.Effect<void, Errors.TileDBInputError>
  /** Adds a user to an organization. */
  readonly addUserToOrganization: (
    organization: string,
    user: Models.OrganizationUser
  ) => Effect.Effect<void, Errors.TileDBInputError>
  /** Lists the AWS credentials of a namespace; secret keys are never returned. */
  readonly checkAwsAccessCredentials: (
    namespace: string
  ) => Effect.Effect<ReadonlyArray<Models.AWSAccessCredentials>, Errors.TileDBInputError>
  /** Reads one AWS credential of a namespace by name; the secret key is never returned. */
  readonly checkAwsAccessCredentialsByName: (
    namespace: string,
    name: string
  ) => Effect.Effect<Models.AWSAccessCredentials, Errors.TileDBInputError>
  /** Confirms the caller's email. */
  readonly confirmEmail: () => Effect.Effect<void, Errors.TileDBError>
  /** Signs a user up. Sent without credentials, as TileDB requires. */
  readonly createUser: (user: Models.UserRequest) => Effect.Effect<void, Errors.TileDBInputError>
  /** Deletes an AWS credential of a namespace; arrays that used it may become unreachable. */
  readonly deleteAwsAccessCredentials: (
    namespace: string,
    name: string
  ) => Effect.Effect<void, Errors.TileDBInputError>
  /** Deletes a user, by username or id. */
  readonly deleteUser: (username: string) => Effect.Effect<void, Errors.TileDBInputError>
  /** Removes a user from an organization. */
  readonly deleteUserFromOrganization: (
    organization: string,
    username: string
  ) => Effect.Effect<void, Errors.TileDBInputError>
  /** Reads a user's membership of an organization; `NotFound` when they are not a member. */
  readonly getOrganizationUser: (
    organization: string,
    username: string
  ) => Effect.Effect<Models.OrganizationUser, Errors.TileDBInputError>
  /** Issues a session token for the caller. */
  readonly getSession: (options?: GetSessionOptions) => Effect.Effect<Models.Token, Errors.TileDBInputError>
  /** Lists the token scopes the caller may request. */
  readonly getTokenScopes: () => Effect.Effect<ReadonlyArray<Models.TokenScope>, Errors.TileDBError>
  /** Reads the user the credentials belong to. */
  readonly getUser: () => Effect.Effect<Models.User, Errors.TileDBError>
  /** Reads a user by username or id; `NotFound` when there is none. */
  readonly getUserWithUsername: (username: string) => Effect.Effect<Models.User, Errors.TileDBInputError>
  /** Issues an API token; without a request, one of every scope that expires in 30 minutes. */
  readonly requestToken: (tokenRequest?: Models.TokenRequest) => Effect.Effect<Models.Token, Errors.TileDBInputError>
  /** Changes the caller's password. */
  readonly resetUserPassword: (user: Models.ResetUserPasswordRequest) => Effect.Effect<void, Errors.TileDBInputError>
  /** Revokes a token, by its name or by the token itself. */
  readonly revokeToken: (token: string) => Effect.Effect<void, Errors.TileDBInputError>
  /** Lists the caller's tokens, session tokens excepted. */
  readonly tokensGet: () => Effect.Effect<ReadonlyArray<Models.Token>, Errors.TileDBError>
  /** Lists the caller's session tokens. */
  readonly tokensSessionGet: () => Effect.Effect<ReadonlyArray<Models.Token>, Errors.TileDBError>
  /** Updates an AWS credential (keys or buckets) of a namespace. */
  readonly updateAwsAccessCredentials: (
    namespace: string,
    name: string,
    awsAccessCredentials: Models.AWSAccessCredentialsRequest
  ) => Effect.Effect<void, Errors.TileDBInputError>
  /** Updates a user, by username or id. The spec requires `username` in the body. */
  readonly updateUser: (username: string, user: Models.UserRequest) => Effect.Effect<void, Errors.TileDBInputError>
  /** Updates a user's role or actions in an organization. */
  readonly updateUserInOrganization: (
    organization: string,
    username: string,
    user: Models.OrganizationUser
  ) => Effect.Effect<void, Errors.TileDBInputError>
}

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
export interface CommonOptions {
  /** The API base URL, `/v1` included. Defaults to {@link defaultBaseUrl}. */
  readonly baseUrl?: string | undefined
  /** The retry policy, or `false` for none. */
  readonly retry?: Retry.Options | false | undefined
  /** A time limit on each attempt. */
  readonly timeout?: Duration.DurationInput | undefined
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

const authOf = (options: Options): Auth.Auth =>
  "apiKey" in options ? Auth.header(apiKeyHeader, options.apiKey) : Auth.basic(options.username, options.password)

/**
 * Builds the service over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<TileDBUsersService, never, HttpClient.HttpClient> =>
  Effect.map(
    Client.make(Api.TileDBApi, {
      baseUrl: options.baseUrl ?? defaultBaseUrl,
      auth: authOf(options),
      retry: options.retry,
      timeout: options.timeout
    }),
    (client) => {
      const e = Api.endpoints
      const addAwsAccessCredentials = client.operation(e.addAwsAccessCredentials)
      const addUserToOrganization = client.operation(e.addUserToOrganization)
      const checkAwsAccessCredentials = client.operation(e.checkAwsAccessCredentials)
      const checkAwsAccessCredentialsByName = client.operation(e.checkAwsAccessCredentialsByName)
      const confirmEmail = client.operation(e.confirmEmail)
      const createUser = client.operation(e.createUser)
      const deleteAwsAccessCredentials = client.operation(e.deleteAwsAccessCredentials)
      const deleteUser = client.operation(e.deleteUser)
      const deleteUserFromOrganization = client.operation(e.deleteUserFromOrganization)
      const getOrganizationUser = client.operation(e.getOrganizationUser)
      const getSession = client.operation(e.getSession)
      const getTokenScopes = client.operation(e.getTokenScopes)
      const getUser = client.operation(e.getUser)
      const getUserWithUsername = client.operation(e.getUserWithUsername)
      const requestToken = client.operation(e.requestToken)
      const resetUserPassword = client.operation(e.resetUserPassword)
      const revokeToken = client.operation(e.revokeToken)
      const tokensGet = client.operation(e.tokensGet)
      const tokensSessionGet = client.operation(e.tokensSessionGet)
      const updateAwsAccessCredentials = client.operation(e.updateAwsAccessCredentials)
      const updateUser = client.operation(e.updateUser)
      const updateUserInOrganization = client.operation(e.updateUserInOrganization)
      return TileDBUsers.of({
        addAwsAccessCredentials: (namespace, body) => addAwsAccessCredentials({ params: { namespace }, body }),
        addUserToOrganization: (organization, body) => addUserToOrganization({ params: { organization }, body }),
        checkAwsAccessCredentials: (namespace) => checkAwsAccessCredentials({ params: { namespace } }),
        checkAwsAccessCredentialsByName: (namespace, name) =>
          checkAwsAccessCredentialsByName({ params: { namespace, name } }),
        confirmEmail: () => confirmEmail({ params: {} }),
        createUser: (body) => createUser({ params: {}, body }),
        deleteAwsAccessCredentials: (namespace, name) => deleteAwsAccessCredentials({ params: { namespace, name } }),
        deleteUser: (username) => deleteUser({ params: { username } }),
        deleteUserFromOrganization: (organization, username) =>
          deleteUserFromOrganization({ params: { organization, username } }),
        getOrganizationUser: (organization, username) => getOrganizationUser({ params: { organization, username } }),
        getSession: (query = {}) => getSession({ params: {}, query }),
        getTokenScopes: () => getTokenScopes({ params: {} }),
        getUser: () => getUser({ params: {} }),
        getUserWithUsername: (username) => getUserWithUsername({ params: { username } }),
        // The fields of a TokenRequest are all optional: `{}` asks for TileDB's defaults, as no body does.
        requestToken: (body = {}) => requestToken({ params: {}, body }),
        resetUserPassword: (body) => resetUserPassword({ params: {}, body }),
        revokeToken: (token) => revokeToken({ params: { token } }),
        tokensGet: () => tokensGet({ params: {} }),
        tokensSessionGet: () => tokensSessionGet({ params: {} }),
        updateAwsAccessCredentials: (namespace, name, body) =>
          updateAwsAccessCredentials({ params: { namespace, name }, body }),
        updateUser: (username, body) => updateUser({ params: { username }, body }),
        updateUserInOrganization: (organization, username, body) =>
          updateUserInOrganization({ params: { organization, username }, body })
      })
    }
  )

/**
 * The service as a layer over any `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<TileDBUsers, never, HttpClient.HttpClient> =>
  Layer.effect(TileDBUsers, make(options))

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

const configOf = (options: LayerConfigOptions): Config.Config<Options> =>
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
  Layer.effect(TileDBUsers, Effect.flatMap(configOf(options), make))

/**
 * A stub of the service for testing code that uses it: give the methods the test needs; any other
 * method dies with a message naming it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (implementation: Partial<TileDBUsersService>): Layer.Layer<TileDBUsers> => {
  const missing = (method: keyof TileDBUsersService) => Testing.unimplemented("TileDBUsers", method)
  const i = implementation
  return Layer.succeed(
    TileDBUsers,
    TileDBUsers.of({
      addAwsAccessCredentials: i.addAwsAccessCredentials ?? missing("addAwsAccessCredentials"),
      addUserToOrganization: i.addUserToOrganization ?? missing("addUserToOrganization"),
      checkAwsAccessCredentials: i.checkAwsAccessCredentials ?? missing("checkAwsAccessCredentials"),
      checkAwsAccessCredentialsByName: i.checkAwsAccessCredentialsByName ?? missing("checkAwsAccessCredentialsByName"),
      confirmEmail: i.confirmEmail ?? missing("confirmEmail"),
      createUser: i.createUser ?? missing("createUser"),
      deleteAwsAccessCredentials: i.deleteAwsAccessCredentials ?? missing("deleteAwsAccessCredentials"),
      deleteUser: i.deleteUser ?? missing("deleteUser"),
      deleteUserFromOrganization: i.deleteUserFromOrganization ?? missing("deleteUserFromOrganization"),
      getOrganizationUser: i.getOrganizationUser ?? missing("getOrganizationUser"),
      getSession: i.getSession ?? missing("getSession"),
      getTokenScopes: i.getTokenScopes ?? missing("getTokenScopes"),
      getUser: i.getUser ?? missing("getUser"),
      getUserWithUsername: i.getUserWithUsername ?? missing("getUserWithUsername"),
      requestToken: i.requestToken ?? missing("requestToken"),
      resetUserPassword: i.resetUserPassword ?? missing("resetUserPassword"),
      revokeToken: i.revokeToken ?? missing("revokeToken"),
      tokensGet: i.tokensGet ?? missing("tokensGet"),
      tokensSessionGet: i.tokensSessionGet ?? missing("tokensSessionGet"),
      updateAwsAccessCredentials: i.updateAwsAccessCredentials ?? missing("updateAwsAccessCredentials"),
      updateUser: i.updateUser ?? missing("updateUser"),
      updateUserInOrganization: i.updateUserInOrganization ?? missing("updateUserInOrganization")
    })
  )
}
