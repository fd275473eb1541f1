/**
 * A stateful, in-memory Rockset for tests and demos: users keyed by email, `Conflict` on a
 * duplicate create, `NotFound` on a missing user, `Unauthorized` on a wrong key, notification
 * preferences stored. It answers the same routes as Rockset, in-process as an `HttpClient` layer
 * or on a loopback port.
 *
 * @example
 * ```ts
 * import { Fake, RocksetUsers } from "@userkit/rockset"
 * import { Effect, Layer, Redacted } from "effect"
 *
 * const TestRockset = RocksetUsers.layer({ apiKey: Redacted.make(Fake.defaultApiKey) }).pipe(
 *   Layer.provide(Fake.layer())
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as FakeQuota from "@userkit/core/FakeQuota"
import * as FakeServer from "@userkit/core/FakeServer"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Api from "./Api.js"
import type * as Models from "./Models.js"

/**
 * The API key the fake accepts unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiKey = "userkit-fake-rockset-key"

/**
 * The email of the user the default key belongs to.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultCurrentUser = "owner@userkit.dev"

/**
 * How to start the fake.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The only key accepted. Default {@link defaultApiKey}. */
  readonly apiKey?: string
  /** The user the key belongs to (`getCurrentUser`). Default {@link defaultCurrentUser}. */
  readonly currentUser?: string
  /** Users present from the start, besides the current user. */
  readonly users?: ReadonlyArray<Models.User>
  /** Quotas to keep (see `FakeQuota`): requests over them are refused. Default: none. */
  readonly quota?: FakeQuota.FakeQuota | undefined
}

/**
 * A running fake Rockset.
 *
 * @since 0.1.0
 * @category models
 */
export interface RocksetFake extends FakeServer.FakeServer {
  /** The users it holds now. */
  readonly users: Effect.Effect<ReadonlyArray<Models.User>>
}

const errorTypes: Readonly<Record<number, string>> = {
  400: "INVALIDINPUT",
  401: "AUTHEXCEPTION",
  403: "FORBIDDEN",
  404: "NOTFOUND",
  405: "METHODNOTALLOWED",
  409: "ALREADYEXISTS",
  429: "RATELIMITEXCEEDED",
  503: "NOT_READY"
}

/**
 * Starts a fake Rockset with its own state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<RocksetFake> =>
  Effect.sync(() => {
    const apiKey = options.apiKey ?? defaultApiKey
    const currentEmail = options.currentUser ?? defaultCurrentUser
    const users = new Map<string, Models.User>()
    // Case-insensitive in ASCII only: a look-alike (KELVIN SIGN for K) is another user, not a spelling.
    const keyOf = (email: string) => email.replace(/[A-Z]/g, (letter) => letter.toLowerCase())
    users.set(keyOf(currentEmail), {
      email: currentEmail,
      first_name: "Org",
      last_name: "Owner",
      roles: ["admin"],
      state: "ACTIVE",
      created_at: "2024-01-01T00:00:00Z"
    })
    for (const user of options.users ?? []) users.set(keyOf(user.email), user)
    let preferences: ReadonlyArray<Models.UnsubscribePreference> = []
    let traces = 0

    const find = (email: string) => {
      const user = users.get(keyOf(email))
      return user === undefined ? FakeServer.fail(404, `user ${email} not found`) : Effect.succeed(user)
    }

    const server = FakeServer.make({
      admit: options.quota?.admit,
      authorize: (headers) => (headers["authorization"] ?? "").toLowerCase() === `apikey ${apiKey}`.toLowerCase(),
      errorBody: (status, message) => ({
        message,
        type: errorTypes[status] ?? "INTERNALERROR",
        trace_id: `fake-trace-${++traces}`
      }),
      api: Api.RocksetApi,
      handlers: {
        create: ({ body }) =>
          users.has(keyOf(body.email))
            ? FakeServer.fail(409, `user ${body.email} already exists`)
            : Effect.map(Clock.currentTimeMillis, (now) => {
              const user: Models.User = {
                ...body,
                state: "NEW",
                created_at: new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z")
              }
              users.set(keyOf(body.email), user)
              return { data: user }
            }),
        delete: ({ param }) =>
          Effect.map(find(param("user")), (user) => {
            users.delete(keyOf(user.email))
            return { data: user }
          }),
        get: ({ param }) => find(param("user")),
        getCurrentUser: () => find(currentEmail),
        list: () => Effect.sync(() => ({ data: [...users.values()] })),
        listUnsubscribePreferences: () => Effect.sync(() => ({ data: preferences })),
        update: ({ body, param }) =>
          Effect.map(find(param("user")), (user) => {
            const updated: Models.User = { ...user, ...body }
            users.set(keyOf(user.email), updated)
            return updated
          }),
        updateUnsubscribePreferences: ({ body }) =>
          Effect.sync(() => {
            preferences = body.data ?? []
            return { data: preferences }
          })
      }
    })
    return { ...server, users: Effect.sync(() => [...users.values()]) }
  })

/**
 * A fresh fake Rockset as an in-process `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(make(options), (fake) => fake.layer))
