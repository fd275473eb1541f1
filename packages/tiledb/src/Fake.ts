/**
 * A stateful, in-memory TileDB Cloud for tests and demos: users (signed up without credentials,
 * then reachable by HTTP Basic with their password), organizations and their members, API tokens
 * (requested, listed, revoked, and accepted as `X-TILEDB-REST-API-KEY` once issued), session
 * tokens, and AWS credentials per namespace (the secret key is stored, never returned). Missing
 * things are `404`, a taken name `409`, a wrong key or password `401`, each with TileDB's `Error`
 * body. It answers the same routes as TileDB, in-process as an `HttpClient` layer or on a loopback
 * port.
 *
 * @example
 * ```ts
 * import { Fake, TileDBUsers } from "@userkit/tiledb"
 * import { Layer, Redacted } from "effect"
 *
 * const TestTileDB = TileDBUsers.layer({ apiKey: Redacted.make(Fake.defaultApiKey) }).pipe(
 *   Layer.provide(Fake.layer())
 * )
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
import * as Redacted from "effect/Redacted"
import * as Api from "./Api.js"
import * as Models from "./Models.js"

/**
 * The API key the fake accepts unless told otherwise; it belongs to {@link defaultUsername}.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiKey = "userkit-fake-tiledb-key"

/**
 * The user present from the start, owner of {@link defaultOrganization}.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultUsername = "userkit-owner"

/**
 * The password of {@link defaultUsername}, for HTTP Basic.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPassword = "userkit-fake-password"

/**
 * The organization present from the start.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultOrganization = "userkit-org"

/**
 * Where the fake serves the API, as TileDB does (`basePath` in the spec): a client of a fake on
 * `http://127.0.0.1:<port>` uses the base URL `http://127.0.0.1:<port>/v1`.
 *
 * @since 0.1.0
 * @category constants
 */
export const basePath = "/v1"

/**
 * How to start the fake.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The API key of the first user. Default {@link defaultApiKey}. */
  readonly apiKey?: string
  /** The first user. Default {@link defaultUsername}. */
  readonly username?: string
  /** The first user's password. Default {@link defaultPassword}. */
  readonly password?: string
  /** Organizations present from the start, owned by the first user. Default [{@link defaultOrganization}]. */
  readonly organizations?: ReadonlyArray<string>
  /** Users present from the start, besides the first one. */
  readonly users?: ReadonlyArray<Models.UserRequest>
  /** Quotas to keep (see `FakeQuota`): requests over them are refused. Default: none. */
  readonly quota?: FakeQuota.FakeQuota | undefined
}

/**
 * A running fake TileDB.
 *
 * @since 0.1.0
 * @category models
 */
export interface TileDBFake extends FakeServer.FakeServer {
  /** The users it holds now, as `getUserWithUsername` answers them. */
  readonly users: Effect.Effect<ReadonlyArray<Models.User>>
  /** The secret key stored for a credential, to check what arrived (TileDB never returns it). */
  readonly secretAccessKey: (namespace: string, name: string) => Effect.Effect<Redacted.Redacted<string> | undefined>
}

// Every stored user has an id, so memberships can name it.
interface StoredUser extends Models.User {
  readonly id: string
}

interface StoredToken {
  readonly token: string
  readonly username: string
  readonly name: string
  readonly issued_at: Date
  readonly expires_at: Date
  readonly scope: ReadonlyArray<Models.TokenScope>
  readonly session: boolean
}

interface StoredCredentials {
  readonly view: Models.AWSAccessCredentials
  readonly secret: Redacted.Redacted<string> | undefined
}

interface Organization {
  readonly id: string
  readonly name: string
  readonly createdAt: Date
  readonly members: Map<string, Models.OrganizationUser>
}

const minutes = (n: number) => n * 60_000
const sessionLifetime = minutes(30)
const rememberedLifetime = minutes(60 * 24 * 30)

const ownerActions: ReadonlyArray<Models.NamespaceActions> = Models.knownNamespaceActions

const actionsOf = (role: Models.OrganizationRoles): ReadonlyArray<Models.NamespaceActions> => {
  switch (role) {
    case "owner":
      return ownerActions
    case "admin":
      return ownerActions.filter((action) => action !== "delete_organization")
    case "read_write_delete":
      return ["read", "write", "create", "delete", "edit"]
    case "read_write":
      return ["read", "write", "create", "edit"]
    default:
      return ["read"]
  }
}

const decodeBasic = (authorization: string | undefined): readonly [string, string] | undefined => {
  const match = /^basic\s+(\S+)$/i.exec(authorization ?? "")
  if (match === null) return undefined
  try {
    const text = new TextDecoder().decode(Uint8Array.from(atob(match[1]), (char) => char.charCodeAt(0)))
    const colon = text.indexOf(":")
    return colon < 0 ? undefined : [text.slice(0, colon), text.slice(colon + 1)]
  } catch {
    return undefined
  }
}

/**
 * Starts a fake TileDB with its own state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<TileDBFake> =>
  Effect.gen(function*() {
    const startedAt = new Date(yield* Clock.currentTimeMillis)
    const users = new Map<string, StoredUser>()
    const passwords = new Map<string, string>()
    const organizations = new Map<string, Organization>()
    const tokens = new Map<string, StoredToken>()
    const credentials = new Map<string, Map<string, StoredCredentials>>()
    let ids = 0
    let requests = 0
    const newId = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, "0")}`
    const newToken = () => `tiledb-fake-token-${String(++ids).padStart(6, "0")}`
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    const addUser = (request: Models.UserRequest): StoredUser => {
      const { password, ...fields } = request
      const user: StoredUser = { ...fields, id: fields.id ?? newId(), is_valid_email: false }
      users.set(user.username, user)
      if (password !== undefined) passwords.set(user.username, Redacted.value(password))
      return user
    }

    const firstUser = addUser({
      username: options.username ?? defaultUsername,
      password: Redacted.make(options.password ?? defaultPassword),
      name: "Org Owner",
      email: "owner@userkit.dev"
    })
    tokens.set(options.apiKey ?? defaultApiKey, {
      token: options.apiKey ?? defaultApiKey,
      username: firstUser.username,
      name: "default",
      issued_at: startedAt,
      expires_at: new Date(startedAt.getTime() + rememberedLifetime * 12),
      scope: ["*"],
      session: false
    })
    for (const name of options.organizations ?? [defaultOrganization]) {
      const id = newId()
      organizations.set(name, {
        id,
        name,
        createdAt: startedAt,
        members: new Map([[firstUser.username, {
          user_id: firstUser.id,
          organization_id: id,
          username: firstUser.username,
          ...(firstUser.name === undefined ? {} : { user_full_name: firstUser.name }),
          ...(firstUser.email === undefined ? {} : { user_email: firstUser.email }),
          organization_name: name,
          role: "owner",
          allowed_actions: actionsOf("owner")
        }]])
      })
    }
    for (const user of options.users ?? []) addUser(user)

    // The caller, from an issued token or from HTTP Basic with a stored password.
    const callerOf = (headers: Headers.Headers): StoredUser | undefined => {
      const key = headers["x-tiledb-rest-api-key"]
      if (key !== undefined) {
        const token = tokens.get(key)
        return token === undefined ? undefined : users.get(token.username)
      }
      const basic = decodeBasic(headers["authorization"])
      if (basic === undefined) return undefined
      const [username, password] = basic
      return passwords.get(username) === password ? users.get(username) : undefined
    }
    const caller = (headers: Headers.Headers) => {
      const user = callerOf(headers)
      return user === undefined ? FakeServer.fail(401, "invalid credentials") : Effect.succeed(user)
    }

    // A user by username or id, as TileDB's `/users/{username}` accepts either.
    const findUser = (usernameOrId: string) => {
      const user = users.get(usernameOrId) ?? [...users.values()].find((candidate) => candidate.id === usernameOrId)
      return user === undefined ? FakeServer.fail(404, `user ${usernameOrId} does not exist`) : Effect.succeed(user)
    }
    const withOrganizations = (user: Models.User): Models.User => {
      const memberships = [...organizations.values()].flatMap((organization) => {
        const member = organization.members.get(user.username)
        return member === undefined ? [] : [member]
      })
      return memberships.length === 0 ? user : { ...user, organizations: memberships }
    }
    // By name or id, as TileDB's `/organizations/{organization}` accepts either.
    const findOrganization = (name: string) => {
      const organization = organizations.get(name) ??
        [...organizations.values()].find((candidate) => candidate.id === name)
      return organization === undefined
        ? FakeServer.fail(404, `organization ${name} does not exist`)
        : Effect.succeed(organization)
    }
    const findMember = (organizationName: string, username: string) =>
      Effect.flatMap(findOrganization(organizationName), (organization) => {
        const member = organization.members.get(username)
        return member === undefined
          ? FakeServer.fail(404, `user ${username} is not in organization ${organizationName}`)
          : Effect.succeed({ organization, member })
      })
    const namespaceCredentials = (namespace: string) => {
      if (!users.has(namespace) && !organizations.has(namespace)) {
        return FakeServer.fail(404, `namespace ${namespace} does not exist`)
      }
      let stored = credentials.get(namespace)
      if (stored === undefined) {
        stored = new Map()
        credentials.set(namespace, stored)
      }
      return Effect.succeed(stored)
    }
    const findCredentials = (namespace: string, name: string) =>
      Effect.flatMap(namespaceCredentials(namespace), (stored) => {
        const entry = stored.get(name)
        return entry === undefined
          ? FakeServer.fail(404, `credentials ${name} do not exist in ${namespace}`)
          : Effect.succeed({ stored, entry })
      })
    // Only one credential of a namespace is its default.
    const clearDefault = (stored: Map<string, StoredCredentials>) => {
      for (const [name, entry] of stored) {
        if (entry.view.default === true) stored.set(name, { ...entry, view: { ...entry.view, default: false } })
      }
    }
    const tokenView = (token: StoredToken): Models.Token => ({
      name: token.name,
      issued_at: token.issued_at,
      expires_at: token.expires_at,
      scope: token.scope
    })
    const issueToken = (
      username: string,
      request: { readonly name: string; readonly lifetime: number; readonly expires?: Date | undefined },
      scope: ReadonlyArray<Models.TokenScope>,
      session: boolean
    ) =>
      Effect.map(now, (issuedAt): Models.Token => {
        const taken = (name: string) =>
          [...tokens.values()].some((token) => token.username === username && token.name === name)
        let name = request.name
        for (let n = 1; taken(name); n++) name = `${request.name}-${n}`
        const stored: StoredToken = {
          token: newToken(),
          username,
          name,
          issued_at: issuedAt,
          expires_at: request.expires ?? new Date(issuedAt.getTime() + request.lifetime),
          scope,
          session
        }
        tokens.set(stored.token, stored)
        return { ...tokenView(stored), token: Redacted.make(stored.token) }
      })

    const server = FakeServer.make({
      admit: options.quota?.admit,
      basePath,
      authorize: (headers) => callerOf(headers) !== undefined,
      errorBody: (status, message) => ({ code: status, message, request_id: `fake-request-${++requests}` }),
      api: Api.TileDBApi,
      handlers: {
        addAwsAccessCredentials: ({ body, param }) =>
          Effect.flatMap(namespaceCredentials(param("namespace")), (stored) => {
            const { secret_access_key, ...view } = body
            if (view.name === undefined) {
              return FakeServer.fail(400, "name is required")
            }
            if (stored.has(view.name)) {
              return FakeServer.fail(409, `credentials ${view.name} already exist`)
            }
            const name = view.name
            return Effect.map(now, (at) => {
              if (view.default === true) {
                clearDefault(stored)
              }
              stored.set(name, { view: { ...view, created_at: at, updated_at: at }, secret: secret_access_key })
            })
          }),
        addUserToOrganization: ({ body, param }) =>
          Effect.flatMap(findOrganization(param("organization")), (organization) => {
            if (body.username === undefined) {
              return FakeServer.fail(400, "username is required")
            }
            const user = users.get(body.username)
            if (user === undefined) {
              return FakeServer.fail(404, `user ${body.username} does not exist`)
            }
            if (organization.members.has(user.username)) {
              return FakeServer.fail(409, `user ${user.username} is already in ${param("organization")}`)
            }
            const role = body.role ?? "read_only"
            organization.members.set(user.username, {
              user_id: user.id,
              organization_id: organization.id,
              username: user.username,
              ...(user.name === undefined ? {} : { user_full_name: user.name }),
              ...(user.email === undefined ? {} : { user_email: user.email }),
              organization_name: param("organization"),
              role,
              allowed_actions: body.allowed_actions ?? actionsOf(role)
            })
            return Effect.void
          }),
        checkAwsAccessCredentials: ({ param }) =>
          Effect.map(namespaceCredentials(param("namespace")), (stored) => [...stored.values()].map((e) => e.view)),
        checkAwsAccessCredentialsByName: ({ param }) =>
          Effect.map(findCredentials(param("namespace"), param("name")), ({ entry }) => entry.view),
        confirmEmail: ({ headers }) =>
          Effect.map(caller(headers), (user) => {
            users.set(user.username, { ...user, is_valid_email: true })
          }),
        createUser: ({ body }) => {
          if (users.has(body.username)) {
            return FakeServer.fail(409, `username ${body.username} is taken`)
          }
          if (body.password === undefined) {
            return FakeServer.fail(400, "password is required")
          }
          addUser(body)
          return Effect.void
        },
        deleteAwsAccessCredentials: ({ param }) =>
          Effect.map(findCredentials(param("namespace"), param("name")), ({ stored }) => {
            stored.delete(param("name"))
          }),
        deleteUser: ({ param }) =>
          Effect.map(findUser(param("username")), (user) => {
            users.delete(user.username)
            passwords.delete(user.username)
            credentials.delete(user.username)
            for (const organization of organizations.values()) {
              organization.members.delete(user.username)
            }
            for (const [key, token] of tokens) {
              if (token.username === user.username) {
                tokens.delete(key)
              }
            }
          }),
        deleteUserFromOrganization: ({ param }) =>
          Effect.map(findMember(param("organization"), param("username")), ({ organization }) => {
            organization.members.delete(param("username"))
          }),
        getOrganizationUser: ({ param }) =>
          Effect.map(findMember(param("organization"), param("username")), ({ member }) => member),
        getOrganization: ({ headers, param }) =>
          Effect.flatMap(
            Effect.zip(caller(headers), findOrganization(param("organization"))),
            ([user, organization]) => {
              const own = organization.members.get(user.username)
              return own === undefined
                ? FakeServer.fail(403, `user ${user.username} is not in organization ${organization.name}`)
                : Effect.succeed({
                  id: organization.id,
                  name: organization.name,
                  created_at: organization.createdAt,
                  updated_at: organization.createdAt,
                  ...(own.role === undefined ? {} : { role: own.role }),
                  ...(own.allowed_actions === undefined ? {} : { allowed_actions: own.allowed_actions }),
                  // The spec shows members' emails and names to organization admins only.
                  users: own.role === "owner" || own.role === "admin"
                    ? [...organization.members.values()]
                    : [...organization.members.values()].map(({ user_email: _, user_full_name: __, ...member }) =>
                      member
                    ),
                  num_of_arrays: 0,
                  unpaid_subscription: false
                })
            }
          ),
        getSession: ({ headers, query }) =>
          Effect.flatMap(caller(headers), (user) =>
            issueToken(
              user.username,
              { name: "session", lifetime: query.rememberMe === true ? rememberedLifetime : sessionLifetime },
              ["*"],
              true
            )),
        getTokenScopes: () => Effect.succeed(Models.knownTokenScopes),
        getUser: ({ headers }) => Effect.map(caller(headers), withOrganizations),
        getUserWithUsername: ({ param }) => Effect.map(findUser(param("username")), withOrganizations),
        requestToken: ({ body, headers }) =>
          Effect.flatMap(caller(headers), (user) =>
            issueToken(
              user.username,
              { name: body.name ?? "token", lifetime: sessionLifetime, expires: body.expires },
              body.scope ?? ["*"],
              false
            )),
        resetUserPassword: ({ body, headers }) =>
          Effect.flatMap(caller(headers), (user) => {
            if (body.password === undefined) {
              return FakeServer.fail(400, "password is required")
            }
            passwords.set(user.username, Redacted.value(body.password))
            return Effect.void
          }),
        revokeToken: ({ headers, param }) =>
          Effect.flatMap(caller(headers), (user) => {
            const wanted = param("token")
            const found = [...tokens.values()].find((token) =>
              token.username === user.username && (token.token === wanted || token.name === wanted)
            )
            if (found === undefined) {
              return FakeServer.fail(404, "token not found")
            }
            tokens.delete(found.token)
            return Effect.void
          }),
        tokensGet: ({ headers }) =>
          Effect.map(caller(headers), (user) =>
            [...tokens.values()]
              .filter((token) => token.username === user.username && !token.session)
              .map(tokenView)),
        tokensSessionGet: ({ headers }) =>
          Effect.map(caller(headers), (user) =>
            [...tokens.values()]
              .filter((token) => token.username === user.username && token.session)
              .map(tokenView)),
        updateAwsAccessCredentials: ({ body, param }) =>
          Effect.flatMap(findCredentials(param("namespace"), param("name")), ({ entry, stored }) =>
            Effect.map(now, (at) => {
              const { name: _name, secret_access_key, ...changes } = body
              if (changes.default === true) {
                clearDefault(stored)
              }
              stored.set(param("name"), {
                view: { ...entry.view, ...changes, updated_at: at },
                secret: secret_access_key ?? entry.secret
              })
            })),
        updateUser: ({ body, param }) =>
          Effect.flatMap(findUser(param("username")), (user) => {
            const { password, username, ...changes } = body
            if (username !== user.username) {
              return FakeServer.fail(400, "the fake does not rename users")
            }
            users.set(user.username, { ...user, ...changes })
            if (password !== undefined) {
              passwords.set(user.username, Redacted.value(password))
            }
            return Effect.void
          }),
        updateUserInOrganization: ({ body, param }) =>
          Effect.map(findMember(param("organization"), param("username")), ({ member, organization }) => {
            const role = body.role ?? member.role ?? "read_only"
            const allowed = body.allowed_actions ?? (body.role === undefined ? member.allowed_actions : actionsOf(role))
            organization.members.set(param("username"), {
              ...member,
              role,
              ...(allowed === undefined ? {} : { allowed_actions: allowed })
            })
          })
      }
    })
    return {
      ...server,
      users: Effect.sync(() =>
        [...users.values()].map(withOrganizations)
      ),
      secretAccessKey: (namespace, name) => Effect.sync(() => credentials.get(namespace)?.get(name)?.secret)
    }
  })

/**
 * A fresh fake TileDB as an in-process `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(make(options), (fake) => fake.layer))
