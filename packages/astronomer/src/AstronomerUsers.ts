/**
 * The Astronomer Users service: the eight operations of the Astro Core API's `User` tag over any
 * `HttpClient`, plus lazy `Stream`s of every organization and workspace user.
 *
 * @example
 * ```ts
 * import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
 * import { AstronomerUsers } from "@userkit/astronomer"
 * import * as Effect from "effect/Effect"
 * import * as Redacted from "effect/Redacted"
 * import * as Stream from "effect/Stream"
 *
 * const program = Effect.gen(function*() {
 *   const users = yield* AstronomerUsers.AstronomerUsers
 *   const page = yield* users.listOrgUsers("org-id", { limit: 50, sorts: ["createdAt:asc", "username:desc"] })
 *   const everyone = yield* Stream.runCollect(users.listOrgUsersStream("org-id"))
 *   return { page, everyone }
 * })
 *
 * program.pipe(
 *   Effect.provide(AstronomerUsers.layer({ token: Redacted.make("…") })),
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
import type * as Models from "./Models.js"
import * as Quotas from "./Quotas.js"

/**
 * The operations of the Astronomer Users API, one method per operation of its declaration
 * ({@link Api.AstronomerApi}), and the two listings as lazy streams. Ids are sent as single path
 * segments, whatever characters they hold.
 *
 * @since 0.1.0
 * @category models
 */
export interface AstronomerUsersService extends CoreApi.Service<typeof Api.AstronomerApi> {
  /**
   * Every user of an organization, fetched a page at a time (`limit` per page, default 20) from
   * `offset` (default 0) until the first page's `totalCount` is reached. A page is requested only
   * when needed. Fails with `PaginationError` on a page from another offset, a repeated page, a
   * changed `totalCount` or an empty page before the total, and past `maxPages` pages when it is
   * given (see `Pagination.offset`).
   */
  readonly listOrgUsersStream: (
    organizationId: string,
    options?: StreamOptions<Models.ListOrgUsersOptions>
  ) => Stream.Stream<Models.User, Errors.AstronomerFailure<"listOrgUsers"> | Pagination.PaginationError>
  /** Every user of a workspace, fetched lazily as above. */
  readonly listWorkspaceUsersStream: (
    organizationId: string,
    workspaceId: string,
    options?: StreamOptions<Models.ListWorkspaceUsersOptions>
  ) => Stream.Stream<Models.User, Errors.AstronomerFailure<"listWorkspaceUsers"> | Pagination.PaginationError>
}

/**
 * The Astronomer Users service tag.
 *
 * @since 0.1.0
 * @category tags
 */
export class AstronomerUsers extends Context.Tag("@userkit/astronomer/AstronomerUsers")<
  AstronomerUsers,
  AstronomerUsersService
>() {}

/**
 * The Astro Core API's public base URL.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://api.astronomer.io/v1alpha1"

/**
 * The page size the API uses when none is given, and the streams' default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPageSize = 20

/**
 * The options of a listing's stream: the listing's query, and at most `maxPages` pages (one more
 * is a `PaginationError`, `TooManyPages`; no limit by default).
 *
 * @since 0.2.0
 * @category models
 */
export type StreamOptions<Query> = Query & { readonly maxPages?: number | undefined }

/**
 * The options of {@link make} and {@link layer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Client.CallOptions {
  /** An Astro API token (organization, workspace or deployment token) or a user token. */
  readonly token: Redacted.Redacted<string>
  /** Defaults to {@link defaultBaseUrl}; any base URL, e.g. a proxy or a fake on loopback. */
  readonly baseUrl?: string | undefined
  /**
   * The client's rate limits: by default Astronomer's documented quotas ({@link Quotas.quotas}),
   * slowed down after a 429; `false` for none; or other limits per class.
   */
  readonly rateLimit?: RateLimit.Option | undefined
}

type PageOptions = StreamOptions<{ readonly offset?: number | undefined; readonly limit?: number | undefined }>

// Both listings page the same way; only how a page is fetched differs.
const usersStream = <E>(
  operation: string,
  options: PageOptions | undefined,
  fetchPage: (offset: number, limit: number) => Effect.Effect<Models.UsersPaginated, E>
): Stream.Stream<Models.User, E | Pagination.PaginationError> =>
  Pagination.offset(
    {
      vendor: "Astronomer",
      operation,
      limit: options?.limit ?? defaultPageSize,
      start: options?.offset,
      maxPages: options?.maxPages
    },
    (offset, limit) =>
      Effect.map(
        fetchPage(offset, limit),
        (page) => ({ items: page.users, total: page.totalCount, offset: page.offset })
      )
  )

// What of a stream's options goes into each page's query.
const queryOf = <Query extends object>(
  options: StreamOptions<Query> | undefined
): Omit<Query, "maxPages"> | undefined => {
  if (options === undefined) return undefined
  const { maxPages: _, ...query } = options
  return query
}

/**
 * The two streams, over any implementation of the two listings (the client's, or a test stub's).
 *
 * @since 0.1.0
 * @category constructors
 */
export const streams = (
  listings: Pick<AstronomerUsersService, "listOrgUsers" | "listWorkspaceUsers">
): Pick<AstronomerUsersService, "listOrgUsersStream" | "listWorkspaceUsersStream"> => ({
  listOrgUsersStream: (organizationId, options) =>
    usersStream(
      "listOrgUsers",
      options,
      (offset, limit) => listings.listOrgUsers(organizationId, { ...queryOf(options), offset, limit })
    ),
  listWorkspaceUsersStream: (organizationId, workspaceId, options) =>
    usersStream(
      "listWorkspaceUsers",
      options,
      (offset, limit) =>
        listings.listWorkspaceUsers(organizationId, workspaceId, { ...queryOf(options), offset, limit })
    )
})

/**
 * Builds the service over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<AstronomerUsersService, never, HttpClient.HttpClient | Scope.Scope> => {
  const baseUrl = options.baseUrl ?? defaultBaseUrl
  const credential = { baseUrl, secret: Redacted.value(options.token) }
  return Effect.map(
    Effect.flatMap(
      RateLimit.fromOption(Quotas.quotas, options.rateLimit, credential),
      (rateLimit) =>
        CoreApi.service(Api.AstronomerApi, {
          baseUrl,
          auth: Auth.bearer(options.token),
          ...Client.callOptions(options),
          rateLimit
        })
    ),
    (operations) => AstronomerUsers.of({ ...operations, ...streams(operations) })
  )
}

/**
 * The service as a layer over any `HttpClient`, with its own rate limiter: two layers (two
 * tokens) are limited separately.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<AstronomerUsers, never, HttpClient.HttpClient> =>
  Layer.scoped(AstronomerUsers, make(options))

/**
 * The options of {@link layerConfig}: each one a value or a `Config` of the same type. Left out,
 * `token` reads `ASTRO_API_TOKEN`, and `baseUrl` reads `ASTRO_API_URL` when set (a full base URL
 * such as `https://api.astronomer.io/v1alpha1`; {@link defaultBaseUrl} otherwise).
 *
 * @since 0.2.0
 * @category models
 */
export interface LayerConfigOptions extends ConfigOptions.CommonOptions {
  readonly token?: ConfigOptions.Configurable<Redacted.Redacted<string>> | undefined
}

const configOf = (options: LayerConfigOptions): Config.Config<ConfigOptions.WithStore<Options>> =>
  ConfigOptions.withCommon(
    options,
    Config.all({
      token: ConfigOptions.orElse(options.token, Config.redacted("ASTRO_API_TOKEN")),
      baseUrl: ConfigOptions.orElse(
        options.baseUrl,
        ConfigOptions.orUndefined(Config.map(Config.string("ASTRO_API_URL"), (url) => url.trim()))
      )
    })
  )

/**
 * The options read from the environment: `ASTRO_API_TOKEN` (required) and `ASTRO_API_URL`
 * (optional). The same as {@link layerConfig} with no options.
 *
 * @since 0.1.0
 * @category config
 */
export const config: Config.Config<Options> = configOf({})

/**
 * The service configured through `Config`: each option a value or a `Config`, the left-out ones
 * read from Astronomer's environment variables ({@link LayerConfigOptions}).
 *
 * @example
 * ```ts
 * // The token from MYAPP_ASTRO_TOKEN, the URL from ASTRO_API_URL (or the default).
 * AstronomerUsers.layerConfig({ token: Config.redacted("MYAPP_ASTRO_TOKEN") })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: LayerConfigOptions = {}
): Layer.Layer<AstronomerUsers, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.scoped(AstronomerUsers, ConfigOptions.build(configOf(options), make))

/**
 * A stub of the service for testing code that uses it: give the methods the test needs; any other
 * method dies with a message naming it. A stream not given is derived from its listing when the
 * listing is given, so a stubbed `listOrgUsers` also drives `listOrgUsersStream`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerTest = (implementation: Partial<AstronomerUsersService>): Layer.Layer<AstronomerUsers> => {
  const derived = streams(Stub.service(AstronomerUsers, methods, implementation))
  return Stub.layer(AstronomerUsers, methods, {
    ...(implementation.listOrgUsers === undefined ? {} : { listOrgUsersStream: derived.listOrgUsersStream }),
    ...(implementation.listWorkspaceUsers === undefined
      ? {}
      : { listWorkspaceUsersStream: derived.listWorkspaceUsersStream }),
    ...implementation
  })
}

const methods: Stub.Methods<AstronomerUsersService> = {
  effects: CoreApi.names(Api.AstronomerApi),
  streams: ["listOrgUsersStream", "listWorkspaceUsersStream"]
}
