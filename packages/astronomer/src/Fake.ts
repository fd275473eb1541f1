/**
 * A stateful, in-memory Astronomer for tests and demos: organizations with their workspaces,
 * users with organization and workspace roles, search, sorting by the `sorts` criteria, offset
 * pagination with `totalCount`, `NotFound` for an unknown organization, workspace or user,
 * `Unauthorized` for a wrong token. It answers the same routes as Astronomer, in-process as an
 * `HttpClient` layer or on a loopback port.
 *
 * The listings document no 404, so for an organization or workspace it does not know the fake
 * answers them with `Forbidden`, as a token scoped to another organization would be.
 *
 * @example
 * ```ts
 * import { AstronomerUsers, Fake } from "@userkit/astronomer"
 * import * as Layer from "effect/Layer"
 * import * as Redacted from "effect/Redacted"
 *
 * const TestAstronomer = AstronomerUsers.layer({ token: Redacted.make(Fake.defaultToken) }).pipe(
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
import { defaultBaseUrl } from "./AstronomerUsers.js"
import * as Models from "./Models.js"

/**
 * The token the fake accepts unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultToken = "userkit-fake-astronomer-token"

/**
 * The organization the fake starts with when no organizations are given.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultOrganizationId = "org-userkit"

/**
 * The workspace of {@link defaultOrganizationId}.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultWorkspaceId = "ws-userkit"

/**
 * The id of the user the token belongs to, unless told otherwise.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSelfUserId = "usr-self"

/**
 * The path the API lives under (`/v1alpha1`), as on Astronomer's host.
 *
 * @since 0.1.0
 * @category constants
 */
export const basePath = new URL(defaultBaseUrl).pathname

/**
 * The base URL of a served fake.
 *
 * @deprecated Every served fake gives it ready: `listening.baseUrl`.
 * @since 0.1.0
 * @category constructors
 */
export const baseUrl = (listening: FakeServer.Listening): string => listening.baseUrl

/**
 * A user the fake starts with. Fields left out get plausible values.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeedUser {
  readonly id: string
  readonly username: string
  readonly fullName?: string
  readonly avatarUrl?: string
  readonly status?: string
  readonly createdAt?: Date
  readonly updatedAt?: Date
  readonly invites?: ReadonlyArray<Models.Invite>
}

/**
 * A member of an organization or workspace, by user id.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeedMember<Role> {
  readonly userId: string
  readonly role: Role
}

/**
 * An organization the fake starts with, its members and its workspaces.
 *
 * @since 0.1.0
 * @category models
 */
export interface SeedOrganization {
  readonly id: string
  readonly members?: ReadonlyArray<SeedMember<Models.OrganizationRole>>
  readonly workspaces?: ReadonlyArray<{
    readonly id: string
    readonly members?: ReadonlyArray<SeedMember<Models.WorkspaceRole>>
  }>
}

/**
 * How to start the fake.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The only token accepted. Default {@link defaultToken}. */
  readonly token?: string
  /** The user the token belongs to. Default: {@link defaultSelfUserId}, `self@userkit.dev`. */
  readonly self?: SeedUser
  /**
   * Whether the token's user exists from the start. When `false`, `getSelfUser` answers 404
   * until it is called with `createIfNotExist: true`. Default `true`.
   */
  readonly selfExists?: boolean
  /** Users present from the start, besides the token's user. */
  readonly users?: ReadonlyArray<SeedUser>
  /**
   * Organizations present from the start. Default: {@link defaultOrganizationId}, whose owner is
   * the token's user, with one workspace ({@link defaultWorkspaceId}) it owns.
   */
  readonly organizations?: ReadonlyArray<SeedOrganization>
  /** Quotas to keep (see `FakeQuota`): requests over them are refused. Default: none. */
  readonly quota?: FakeQuota.FakeQuota | undefined
}

/**
 * A running fake Astronomer.
 *
 * @since 0.1.0
 * @category models
 */
export interface AstronomerFake extends FakeServer.FakeServer {
  /** The token it accepts. */
  readonly token: string
}

interface UserRecord {
  readonly id: string
  readonly username: string
  readonly fullName: string
  readonly avatarUrl: string
  readonly status: string
  readonly createdAt: Date
  updatedAt: Date
  readonly invites: ReadonlyArray<Models.Invite>
}

interface OrganizationRecord {
  readonly id: string
  /** User id → organization role, in the order users joined. */
  readonly members: Map<string, Models.OrganizationRole>
  /** Workspace id → (user id → workspace role). */
  readonly workspaces: Map<string, Map<string, Models.WorkspaceRole>>
}

const epoch = Date.parse("2024-01-01T00:00:00.000Z")

const userRecord = (seed: SeedUser, index: number): UserRecord => {
  const createdAt = seed.createdAt ?? new Date(epoch + index * 60_000)
  return {
    id: seed.id,
    username: seed.username,
    fullName: seed.fullName ?? seed.username,
    avatarUrl: seed.avatarUrl ?? `https://avatars.userkit.dev/${encodeURIComponent(seed.id)}.png`,
    status: seed.status ?? "ACTIVE",
    createdAt,
    updatedAt: seed.updatedAt ?? createdAt,
    invites: seed.invites ?? []
  }
}

const baseView = (user: UserRecord) => ({
  id: user.id,
  username: user.username,
  fullName: user.fullName,
  avatarUrl: user.avatarUrl,
  status: user.status,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
  ...(user.invites.length === 0 ? {} : { invites: user.invites })
})

const sortValue = (user: Models.User, field: string): string | number | undefined => {
  switch (field) {
    case "createdAt":
      return user.createdAt.getTime()
    case "updatedAt":
      return user.updatedAt.getTime()
    case "fullName":
      return user.fullName
    case "id":
      return user.id
    case "orgRole":
      return user.orgRole
    case "workspaceRole":
      return user.workspaceRole
    case "status":
      return user.status
    case "username":
      return user.username
    default:
      return undefined
  }
}

// Applies the criteria in order; `Array.prototype.sort` is stable, so ties keep joining order.
const sortUsers = (users: Array<Models.User>, sorts: ReadonlyArray<string>): Array<Models.User> => {
  const criteria = sorts.map((sort) => {
    const [field, direction] = sort.split(":")
    return { field, sign: direction === "desc" ? -1 : 1 }
  })
  return users.sort((a, b) => {
    for (const { field, sign } of criteria) {
      const x = sortValue(a, field)
      const y = sortValue(b, field)
      if (x === y) continue
      if (x === undefined) return 1
      if (y === undefined) return -1
      return (x < y ? -1 : 1) * sign
    }
    return 0
  })
}

const matchesSearch = (user: Models.User, search: string | undefined): boolean => {
  if (search === undefined || search === "") return true
  const needle = search.toLowerCase()
  return user.username.toLowerCase().includes(needle) || user.fullName.toLowerCase().includes(needle)
}

const page = (
  users: Array<Models.User>,
  query: {
    readonly offset?: number | undefined
    readonly limit?: number | undefined
    readonly search?: string | undefined
  },
  sorts: ReadonlyArray<string> | undefined
): Models.UsersPaginated => {
  const offset = query.offset ?? 0
  const limit = query.limit ?? 20
  const matching = sortUsers(users.filter((user) => matchesSearch(user, query.search)), sorts ?? [])
  return { offset, limit, totalCount: matching.length, users: matching.slice(offset, offset + limit) }
}

const isKnown = (roles: ReadonlyArray<string>, role: string): boolean => roles.includes(role)

/**
 * Starts a fake Astronomer with its own state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<AstronomerFake> =>
  Effect.sync(() => {
    const token = options.token ?? defaultToken
    const selfSeed = options.self ?? { id: defaultSelfUserId, username: "self@userkit.dev", fullName: "Self User" }
    const users = new Map<string, UserRecord>()
    let pendingSelf: SeedUser | undefined = selfSeed
    if (options.selfExists !== false) {
      users.set(selfSeed.id, userRecord(selfSeed, 0))
      pendingSelf = undefined
    }
    for (const seed of options.users ?? []) users.set(seed.id, userRecord(seed, users.size))

    const organizations = new Map<string, OrganizationRecord>()
    const seeds: ReadonlyArray<SeedOrganization> = options.organizations ?? [{
      id: defaultOrganizationId,
      members: [{ userId: selfSeed.id, role: "ORGANIZATION_OWNER" }],
      workspaces: [{ id: defaultWorkspaceId, members: [{ userId: selfSeed.id, role: "WORKSPACE_OWNER" }] }]
    }]
    for (const seed of seeds) {
      const workspaces = new Map<string, Map<string, Models.WorkspaceRole>>()
      for (const workspace of seed.workspaces ?? []) {
        workspaces.set(workspace.id, new Map((workspace.members ?? []).map((m) => [m.userId, m.role])))
      }
      organizations.set(seed.id, {
        id: seed.id,
        members: new Map((seed.members ?? []).map((m) => [m.userId, m.role])),
        workspaces
      })
    }
    let failures = 0

    const findOrganization = (organizationId: string, status: 403 | 404 = 404) => {
      const organization = organizations.get(organizationId)
      return organization === undefined
        ? FakeServer.fail(status, `organization ${organizationId} not found`)
        : Effect.succeed(organization)
    }
    const findWorkspace = (organizationId: string, workspaceId: string, status: 403 | 404 = 404) =>
      Effect.flatMap(findOrganization(organizationId, status), (organization) => {
        const members = organization.workspaces.get(workspaceId)
        return members === undefined
          ? FakeServer.fail(status, `workspace ${workspaceId} not found`)
          : Effect.succeed({ organization, members })
      })
    const findMember = (organization: OrganizationRecord, userId: string) => {
      const user = users.get(userId)
      const role = organization.members.get(userId)
      return user === undefined || role === undefined
        ? FakeServer.fail(404, `user ${userId} not found in organization ${organization.id}`)
        : Effect.succeed({ user, role })
    }
    const orgView = (organization: OrganizationRecord) => (userId: string): Array<Models.User> => {
      const user = users.get(userId)
      const role = organization.members.get(userId)
      return user === undefined || role === undefined ? [] : [{ ...baseView(user), orgRole: role }]
    }
    const rolesOf = (userId: string): Array<Models.UserRole> => {
      const roles: Array<Models.UserRole> = []
      const subject = { entityId: userId, type: "USER" }
      for (const organization of organizations.values()) {
        const role = organization.members.get(userId)
        if (role !== undefined) {
          roles.push({ role, scope: { entityId: organization.id, type: "ORGANIZATION" }, subject })
        }
        for (const [workspaceId, members] of organization.workspaces) {
          const workspaceRole = members.get(userId)
          if (workspaceRole !== undefined) {
            roles.push({ role: workspaceRole, scope: { entityId: workspaceId, type: "WORKSPACE" }, subject })
          }
        }
      }
      return roles
    }
    const selfView = (user: UserRecord): Models.Self => {
      const organizationId = [...organizations.values()].find((o) => o.members.has(user.id))?.id
      return {
        ...baseView(user),
        roles: rolesOf(user.id),
        ...(organizationId === undefined ? {} : { organizationId })
      }
    }
    const touch = (user: UserRecord) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        user.updatedAt = new Date(now)
      })
    const invalidRole = (role: string) => FakeServer.fail(400, `role ${role} is not valid here`)

    const server = FakeServer.make({
      admit: options.quota?.admit,
      basePath,
      authorize: (headers) => (headers["authorization"] ?? "").replace(/^bearer /i, "Bearer ") === `Bearer ${token}`,
      errorBody: (status, message) => ({ message, requestId: `fake-request-${++failures}`, statusCode: status }),
      api: Api.AstronomerApi,
      handlers: {
        deleteOrgUser: ({ param }) =>
          Effect.flatMap(findOrganization(param("organizationId")), (organization) =>
            Effect.map(findMember(organization, param("userId")), ({ user }) => {
              organization.members.delete(user.id)
              for (const members of organization.workspaces.values()) {
                members.delete(user.id)
              }
            })),
        deleteWorkspaceUser: ({ param }) =>
          Effect.flatMap(findWorkspace(param("organizationId"), param("workspaceId")), ({ members }) => {
            const userId = param("userId")
            return members.delete(userId)
              ? Effect.void
              : FakeServer.fail(404, `user ${userId} not found in workspace ${param("workspaceId")}`)
          }),
        getSelfUser: ({ query }) => {
          const existing = users.get(selfSeed.id)
          if (existing !== undefined) {
            return Effect.succeed(selfView(existing))
          }
          if (query.createIfNotExist !== true || pendingSelf === undefined) {
            return FakeServer.fail(404, "the user of this token does not exist yet")
          }
          const seed = pendingSelf
          return Effect.map(Clock.currentTimeMillis, (now) => {
            const created = userRecord({ createdAt: new Date(now), ...seed }, users.size)
            users.set(created.id, created)
            pendingSelf = undefined
            return selfView(created)
          })
        },
        getUser: ({ param }) =>
          Effect.flatMap(findOrganization(param("organizationId")), (organization) =>
            Effect.map(findMember(organization, param("userId")), ({ user, role }) => ({
              ...baseView(user),
              orgRole: role,
              roles: rolesOf(user.id)
            }))),
        listOrgUsers: ({ param, query }) =>
          Effect.map(findOrganization(param("organizationId"), 403), (organization) => {
            const view = [...organization.members.keys()].flatMap(orgView(organization))
            const filtered = query.hasInvites === true
              ? view.filter((u) =>
                (u.invites?.length ?? 0) > 0
              )
              : view
            return page(filtered, query, query.sorts)
          }),
        listWorkspaceUsers: ({ param, query }) =>
          Effect.map(findWorkspace(param("organizationId"), param("workspaceId"), 403), ({ members }) => {
            const view = [...members].flatMap(([userId, role]) => {
              const user = users.get(userId)
              return user === undefined ? [] : [{ ...baseView(user), workspaceRole: role }]
            })
            return page(view, query, query.sorts)
          }),
        mutateOrgUserRole: ({ body, param }) =>
          Effect.flatMap(findOrganization(param("organizationId")), (organization) =>
            Effect.flatMap(findMember(organization, param("userId")), ({ user }) => {
              if (!isKnown(Models.organizationRoles, body.role)) {
                return invalidRole(body.role)
              }
              organization.members.set(user.id, body.role)
              return Effect.as(touch(user), {
                role: body.role,
                scope: { entityId: organization.id, type: "ORGANIZATION" },
                subject: { entityId: user.id, type: "USER" }
              })
            })),
        mutateWorkspaceUserRole: ({ body, param }) =>
          Effect.flatMap(
            findWorkspace(param("organizationId"), param("workspaceId")),
            ({ members, organization }) =>
              Effect.flatMap(findMember(organization, param("userId")), ({ user }) => {
                if (!isKnown(Models.workspaceRoles, body.role)) {
                  return invalidRole(body.role)
                }
                members.set(user.id, body.role)
                return Effect.as(touch(user), {
                  role: body.role,
                  scope: { entityId: param("workspaceId"), type: "WORKSPACE" },
                  subject: { entityId: user.id, type: "USER" }
                })
              })
          )
      }
    })
    return { ...server, token }
  })

/**
 * A fresh fake Astronomer as an in-process `HttpClient`.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<HttpClient.HttpClient> =>
  Layer.unwrapEffect(Effect.map(make(options), (fake) => fake.layer))
