import type { Models as AstronomerModels } from "@userkit/astronomer"
import type { AstronomerUsers } from "@userkit/astronomer"
import type { AuthressUsers } from "@userkit/authress"
import type { Models as AuthressModels } from "@userkit/authress"
import type { Models as RocksetModels, RocksetUsers } from "@userkit/rockset"
import type { Models as TileDBModels, TileDBUsers } from "@userkit/tiledb"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { DirectoryUser, Role, Scope, Vendor } from "../DirectoryUser.js"
import { sameEmail } from "../DirectoryUser.js"
import * as Failure from "../Failure.js"
import type { Action } from "../Plan.js"

/** What the directory needs of one vendor. */
export interface Adapter {
  readonly vendor: Vendor
  /** Every user, pages fetched as the stream is pulled; absent where the vendor cannot list. */
  readonly list: Stream.Stream<DirectoryUser, Failure.VendorFailure> | undefined
  readonly find: (email: string) => Effect.Effect<ReadonlyArray<DirectoryUser>, Failure.VendorFailure>
  readonly removals: (user: DirectoryUser) => ReadonlyArray<Action>
  readonly remove: (action: Action) => Effect.Effect<void, Failure.VendorFailure>
}

/** A vendor call, its failure kept typed. The vendor's client keeps its quotas. */
export type Call = <A, E extends Failure.VendorError>(
  operation: string,
  effect: Effect.Effect<A, E>
) => Effect.Effect<A, Failure.VendorFailure>

/** A vendor listing, its failure kept typed. */
export type Listing = <A, E extends Failure.VendorError>(
  operation: string,
  stream: Stream.Stream<A, E>
) => Stream.Stream<A, Failure.VendorFailure>

/** The calls and listings of one vendor. */
export interface Caller {
  readonly call: Call
  readonly listing: Listing
}

/** Calls and listings of one vendor, their failures named after it. */
export const caller = (vendor: Vendor): Caller => ({
  call: (operation, effect) => Effect.mapError(effect, (error) => Failure.make(vendor, operation, error)),
  listing: (operation, stream) => Stream.mapError(stream, (error) => Failure.make(vendor, operation, error))
})

const unlessNotFound = <A>(effect: Effect.Effect<A, Failure.VendorFailure>) =>
  Effect.catchIf(Effect.asSome(effect), (failure) => failure.reason === "NotFound", () => Effect.succeedNone)

const joined = (...parts: ReadonlyArray<string | undefined>): string | undefined => {
  const text = parts.filter((part) => part !== undefined && part !== "").join(" ")
  return text === "" ? undefined : text
}

const pageSize = 100

/** Rockset: one organization, users keyed by email, roles organization-wide. */
export const rockset = (users: RocksetUsers.RocksetUsersService, { call }: Caller): Adapter => {
  const scope: Scope = { type: "organization", id: "self" }
  const toUser = (user: RocksetModels.User): DirectoryUser => ({
    vendor: "Rockset",
    key: user.email,
    email: user.email,
    name: joined(user.first_name, user.last_name),
    roles: (user.roles ?? []).map((role) => ({ scope, role })),
    status: user.state,
    model: user
  })
  return {
    vendor: "Rockset",
    // The Users API has no pagination: one request answers with every user.
    list: Stream.fromEffect(call("list", users.list())).pipe(
      Stream.flatMap((page) => Stream.fromIterable(page.data ?? [])),
      Stream.map(toUser)
    ),
    find: (email) =>
      Effect.map(unlessNotFound(call("get", users.get(email))), (user) => Option.toArray(Option.map(user, toUser))),
    removals: (user) => [{ vendor: "Rockset", scope, action: "delete-user", target: user.key }],
    remove: (action) => Effect.asVoid(call("delete", users.delete(action.target)))
  }
}

/** Authress: user identities (one person may have several), tenants as scopes. */
export const authress = (
  users: AuthressUsers.AuthressUsersService,
  { call, listing }: Caller,
  tenants: ReadonlyArray<string>
): Adapter => {
  const account: Scope = { type: "organization", id: "account" }
  const pages = (options: AuthressUsers.StreamOptions) =>
    listing("getUsers", users.getUsersStream({ ...options, limit: pageSize }))
  // Which tenants each user is linked to: one listing per tenant the directory was told about.
  const tenantsOfUsers = Effect.map(
    Effect.forEach(
      tenants,
      (tenantId) => Stream.runCollect(Stream.map(pages({ tenantId }), (user) => [user.userId, tenantId] as const))
    ),
    (chunks) => {
      const byUser = new Map<string, Array<string>>()
      for (const [userId, tenantId] of chunks.flatMap((chunk) => Chunk.toReadonlyArray(chunk))) {
        byUser.set(userId, [...(byUser.get(userId) ?? []), tenantId])
      }
      return byUser
    }
  )
  const toUser =
    (tenantsOf: ReadonlyMap<string, ReadonlyArray<string>>) => (user: AuthressModels.UserIdentity): DirectoryUser => ({
      vendor: "Authress",
      key: user.userId,
      email: user.email,
      name: user.name,
      roles: (tenantsOf.get(user.userId) ?? []).map((id): Role => ({ scope: { type: "tenant", id }, role: "member" })),
      status: undefined,
      model: user
    })
  return {
    vendor: "Authress",
    list: Stream.unwrap(Effect.map(tenantsOfUsers, (tenantsOf) => Stream.map(pages({}), toUser(tenantsOf)))),
    find: (email) =>
      pages({ filter: email }).pipe(
        Stream.filter((user) => sameEmail(user.email, email)),
        Stream.map(toUser(new Map())),
        Stream.runCollect,
        Effect.map(Chunk.toReadonlyArray)
      ),
    removals: (user) => [{ vendor: "Authress", scope: account, action: "delete-user", target: user.key }],
    // Authress accepts the deletion (202) and completes it on its side.
    remove: (action) => call("deleteUser", users.deleteUser(action.target))
  }
}

const astronomerScope = (role: AstronomerModels.UserRole): Scope | undefined => {
  switch (role.scope.type) {
    case "ORGANIZATION":
      return { type: "organization", id: role.scope.entityId }
    case "WORKSPACE":
      return { type: "workspace", id: role.scope.entityId }
    default:
      return undefined
  }
}

/** Astronomer: one organization's members, with their workspace roles from `getUser`. */
export const astronomer = (
  users: AstronomerUsers.AstronomerUsersService,
  { call, listing }: Caller,
  options: { readonly organizationId: string; readonly workspaceRoles: boolean; readonly concurrency: number }
): Adapter => {
  const organization = options.organizationId
  const members = (search: string | undefined) =>
    listing(
      "listOrgUsers",
      users.listOrgUsersStream(organization, { limit: pageSize, ...(search === undefined ? {} : { search }) })
    )
  const toUser = (user: AstronomerModels.User): DirectoryUser => {
    const roles = (user.roles ?? []).flatMap((role): Array<Role> => {
      const scope = astronomerScope(role)
      return scope === undefined ? [] : [{ scope, role: role.role }]
    })
    const orgRole = user.orgRole
    return {
      vendor: "Astronomer",
      key: user.id,
      email: user.username,
      name: user.fullName,
      roles: roles.length > 0 || orgRole === undefined
        ? roles
        : [{ scope: { type: "organization", id: organization }, role: orgRole }],
      status: user.status,
      model: user
    }
  }
  // A listing carries the organization role only; the workspace roles take one `getUser` each.
  const detailed = (user: AstronomerModels.User) =>
    options.workspaceRoles ? call("getUser", users.getUser(organization, user.id)) : Effect.succeed(user)
  return {
    vendor: "Astronomer",
    list: members(undefined).pipe(
      Stream.mapEffect(detailed, { concurrency: options.concurrency }),
      Stream.map(toUser)
    ),
    find: (email) =>
      members(email).pipe(
        Stream.filter((user) => sameEmail(user.username, email)),
        Stream.mapEffect((user) => call("getUser", users.getUser(organization, user.id))),
        Stream.map(toUser),
        Stream.runCollect,
        Effect.map(Chunk.toReadonlyArray)
      ),
    // Workspaces first: removing the organization membership last keeps a retry able to finish.
    removals: (user) => {
      const workspaces = user.roles.filter((role) => role.scope.type === "workspace")
      return [
        ...workspaces.map((role): Action => ({
          vendor: "Astronomer",
          scope: role.scope,
          action: "remove-membership",
          target: user.key
        })),
        {
          vendor: "Astronomer",
          scope: { type: "organization", id: organization },
          action: "remove-membership",
          target: user.key
        }
      ]
    },
    remove: (action) =>
      action.scope.type === "workspace"
        ? call("deleteWorkspaceUser", users.deleteWorkspaceUser(organization, action.scope.id, action.target))
        : call("deleteOrgUser", users.deleteOrgUser(organization, action.target))
  }
}

/** TileDB: no listing nor search; memberships read by the usernames an email maps to. */
export const tiledb = (
  users: TileDBUsers.TileDBUsersService,
  { call }: Caller,
  options: { readonly organization: string; readonly usernames: (email: string) => ReadonlyArray<string> }
): Adapter => {
  const scope: Scope = { type: "organization", id: options.organization }
  const toUser = (username: string, email: string, membership: TileDBModels.OrganizationUser): DirectoryUser => ({
    vendor: "TileDB",
    key: membership.username ?? username,
    // Only admins see the member's email; without it the mapping is what vouches for the person.
    email: membership.user_email ?? email,
    name: membership.user_full_name,
    roles: membership.role === undefined ? [] : [{ scope, role: membership.role }],
    status: undefined,
    model: membership
  })
  return {
    vendor: "TileDB",
    list: undefined,
    find: (email) =>
      Effect.map(
        Effect.forEach(options.usernames(email), (username) =>
          Effect.map(
            unlessNotFound(call("getOrganizationUser", users.getOrganizationUser(options.organization, username))),
            (membership) =>
              // A username is not an identity: a member whose email is someone else's is not this person.
              Option.toArray(Option.filterMap(membership, (m) =>
                m.user_email === undefined || sameEmail(m.user_email, email)
                  ? Option.some(toUser(username, email, m))
                  : Option.none()))
          )),
        (found) => found.flat()
      ),
    removals: (user) => [{ vendor: "TileDB", scope, action: "remove-membership", target: user.key }],
    remove: (action) =>
      call("deleteUserFromOrganization", users.deleteUserFromOrganization(options.organization, action.target))
  }
}
