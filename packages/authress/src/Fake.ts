/**
 * A stateful, in-memory Authress for tests and demos: users and tenants, real cursor pagination
 * with opaque cursors, `NotFound` for a missing user or tenant, a 202 delete that removes the
 * user, and `Unauthorized` for any bearer token it cannot verify. It answers the same routes as
 * Authress, in-process as an `HttpClient` layer or on a loopback port.
 *
 * Tokens are checked the way Authress checks them: a JWT minted from the fake's access key is
 * accepted when its Ed25519 signature verifies against the key's public key, its header and
 * audience match the key, and it has not expired (by Effect's `Clock`). Static tokens can be
 * allowed too (`tokens`), for code that authenticates with a ready JWT.
 *
 * @example
 * ```ts
 * import { AuthressUsers, Fake } from "@userkit/authress"
 * import { Layer, Redacted } from "effect"
 *
 * const TestAuthress = AuthressUsers.layer({
 *   baseUrl: "https://fake.api.authress.io",
 *   accessKey: Redacted.make(Fake.defaultAccessKey)
 * }).pipe(Layer.provide(Fake.layer({ users: [{ userId: "oauth|ada", name: "Ada" }] })))
 * ```
 *
 * @since 0.1.0
 */
import type * as Headers from "@effect/platform/Headers"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as FakeQuota from "@userkit/core/FakeQuota"
import * as FakeServer from "@userkit/core/FakeServer"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Api from "./Api.js"
import { decodeTextBase64Url, encodeTextBase64Url } from "./internal/base64.js"
import * as Models from "./Models.js"
import * as ServiceClientToken from "./ServiceClientToken.js"

/**
 * The access key whose tokens the fake accepts unless told otherwise. It belongs to no real
 * Authress account.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultAccessKey =
  "sc_userkit_fake.fakekey.acc-userkit-fake.MC4CAQAwBQYDK2VwBCIEIFoacEXa4CPwDw4q97p5+bzDJlI6WEX7w90SjX8DaS6y"

/**
 * How to start the fake.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The access key whose signed tokens are accepted. Default {@link defaultAccessKey}. */
  readonly accessKey?: string
  /** Bearer tokens accepted as they are. */
  readonly tokens?: ReadonlyArray<string>
  /** Users present from the start, listed in this order. */
  readonly users?: ReadonlyArray<Models.UserIdentity>
  /** Tenants present from the start, each with the ids of the users linked to it. */
  readonly tenants?: Readonly<Record<string, ReadonlyArray<string>>>
  /** Quotas to keep (see `FakeQuota`): requests over them are refused. Default: none. */
  readonly quota?: FakeQuota.FakeQuota | undefined
}

/**
 * A running fake Authress.
 *
 * @since 0.1.0
 * @category models
 */
export interface AuthressFake extends FakeServer.FakeServer {
  /** The users it holds now, in listing order. */
  readonly users: Effect.Effect<ReadonlyArray<Models.UserIdentity>>
  /** The tenant a user is linked to. */
  readonly tenantOf: (userId: string) => Effect.Effect<string | undefined>
  /** Adds a user at the end of the listing, or replaces the one with the same id. */
  readonly putUser: (user: Models.UserIdentity) => Effect.Effect<void>
  /** Adds a tenant. */
  readonly putTenant: (tenantId: string) => Effect.Effect<void>
}

const errorCodes: Readonly<Record<number, string>> = {
  400: "InvalidRequest",
  401: "Unauthorized",
  403: "Forbidden",
  404: "NotFound",
  405: "MethodNotAllowed"
}

// The cursor is opaque to clients; inside it is the position after which the next page starts,
// which stays right when users are deleted between pages.
const CursorJson = Schema.parseJson(Schema.Struct({ after: Schema.Int }))
const encodeCursor = (after: number) => encodeTextBase64Url(Schema.encodeSync(CursorJson)({ after }))
const decodeCursor = (cursor: string): Option.Option<number> =>
  Option.flatMap(
    Option.fromNullable(decodeTextBase64Url(cursor)),
    (text) => Option.map(Schema.decodeUnknownOption(CursorJson)(text), ({ after }) => after)
  )

const bearerToken = (headers: Headers.Headers): string | undefined => {
  const match = /^Bearer\s+(\S+)$/i.exec(headers["authorization"] ?? "")
  return match === null ? undefined : match[1]
}

const matches = (user: Models.UserIdentity, filter: string): boolean => {
  const needle = filter.toLowerCase()
  return [user.userId, user.name, user.email, user.picture].some((field) =>
    field !== undefined && field.toLowerCase().includes(needle)
  )
}

/**
 * Starts a fake Authress with its own state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<AuthressFake> =>
  Effect.gen(function*() {
    const key = yield* ServiceClientToken.parse(Redacted.make(options.accessKey ?? defaultAccessKey))
    const publicKey = yield* ServiceClientToken.importVerifyingKey(key)
    const audience = ServiceClientToken.claims(key, 0).aud
    const staticTokens = new Set(options.tokens ?? [])

    let sequence = 0
    const users = new Map<string, { readonly user: Models.UserIdentity; readonly position: number }>()
    const tenants = new Set<string>()
    const tenantOfUser = new Map<string, string>()
    const putUser = (user: Models.UserIdentity) => {
      const existing = users.get(user.userId)
      users.set(user.userId, { user, position: existing?.position ?? ++sequence })
    }
    for (const user of options.users ?? []) putUser(user)
    for (const [tenantId, members] of Object.entries(options.tenants ?? {})) {
      tenants.add(tenantId)
      for (const userId of members) tenantOfUser.set(userId, tenantId)
    }
    let errors = 0

    // Checked for every authenticated route before the request is decoded: the token's shape and
    // claims, then its signature against the key's public half, then its expiry by the Clock.
    const authorize = (headers: Headers.Headers): Effect.Effect<void, FakeServer.FakeError> => {
      const token = bearerToken(headers)
      if (token === undefined) return FakeServer.fail(401, "no bearer token")
      if (staticTokens.has(token)) return Effect.void
      const claimsMatch = Option.match(ServiceClientToken.decode(token), {
        onNone: () => false,
        onSome: ({ claims, header }) =>
          header.kid === key.keyId && claims.aud === audience && claims.sub === key.clientId &&
          claims.client_id === key.clientId
      })
      if (!claimsMatch) return FakeServer.fail(401, "the token was not issued for this account")
      return Effect.flatMap(ServiceClientToken.verify(token, publicKey), (decoded) =>
        Option.match(decoded, {
          onNone: () => FakeServer.fail(401, "the token's signature does not verify"),
          onSome: ({ claims }) =>
            Effect.flatMap(
              Clock.currentTimeMillis,
              (now) => claims.exp * 1000 > now ? Effect.void : FakeServer.fail(401, "the token has expired")
            )
        }))
    }

    const findUser = (userId: string) => {
      const entry = users.get(userId)
      return entry === undefined ? FakeServer.fail(404, `user ${userId} does not exist`) : Effect.succeed(entry)
    }

    const listUsers = (query: Models.GetUsersOptions, headers: Headers.Headers) => {
      const after = query.cursor === undefined ? Option.some(0) : decodeCursor(query.cursor)
      if (Option.isNone(after)) return FakeServer.fail(400, "the cursor is invalid")
      const limit = query.limit ?? Models.maxLimit
      const selected = [...users.values()]
        .filter(({ position, user }) =>
          position > after.value &&
          (query.filter === undefined || matches(user, query.filter)) &&
          (query.tenantId === undefined || tenantOfUser.get(user.userId) === query.tenantId)
        )
      const page = selected.slice(0, limit)
      const last = page.at(-1)
      const cursor = selected.length > limit && last !== undefined ? encodeCursor(last.position) : undefined
      const href = (pageCursor: string | undefined) => {
        const search = new URLSearchParams()
        for (const [name, value] of Object.entries({ ...query, cursor: pageCursor })) {
          if (value !== undefined) search.set(name, String(value))
        }
        const text = search.toString()
        return `http://${headers["host"] ?? "localhost"}/v1/users${text === "" ? "" : `?${text}`}`
      }
      const collection: Models.UserIdentityCollection = {
        users: page.map(({ user }) => user),
        pagination: cursor === undefined ? {} : { next: { cursor } },
        links: cursor === undefined
          ? { self: { href: href(query.cursor) } }
          : { self: { href: href(query.cursor) }, next: { href: href(cursor) } }
      }
      return Effect.succeed(collection)
    }

    const server = FakeServer.make({
      admit: options.quota?.admit,
      authorize,
      errorBody: (status, message) => ({
        title: message,
        errorCode: errorCodes[status] ?? "Error",
        errorId: `fake-error-${++errors}`
      }),
      api: Api.AuthressApi,
      handlers: {
        deleteUser: ({ param }) =>
          Effect.map(findUser(param("userId")), ({ user }) => {
            users.delete(user.userId)
            tenantOfUser.delete(user.userId)
          }),
        getUser: ({ param }) => Effect.map(findUser(param("userId")), ({ user }) => user),
        getUsers: ({ headers, query }) => listUsers(query, headers),
        linkTenantUser: ({ body, param }) => {
          const tenantId = param("tenantId")
          if (!tenants.has(tenantId)) return FakeServer.fail(404, `tenant ${tenantId} does not exist`)
          // Users belong to one tenant at most: linking moves them.
          return Effect.map(findUser(body.userId), ({ user }) => {
            tenantOfUser.set(user.userId, tenantId)
          })
        }
      }
    })
    const fake: AuthressFake = {
      ...server,
      users: Effect.sync(() => [...users.values()].map(({ user }) => user)),
      tenantOf: (userId) => Effect.sync(() => tenantOfUser.get(userId)),
      putUser: (user) => Effect.sync(() => putUser(user)),
      putTenant: (tenantId) =>
        Effect.sync(() => {
          tenants.add(tenantId)
        })
    }
    return fake
  }).pipe(Effect.orDieWith((error) => new Error(`Fake Authress: options.accessKey: ${error.message}`)))

/**
 * A fresh fake Authress as an in-process `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(make(options), (fake) => fake.layer))
