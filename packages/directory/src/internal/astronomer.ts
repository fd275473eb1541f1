import type { Models as AstronomerModels } from "@userkit/astronomer"
import type { AstronomerUsers } from "@userkit/astronomer"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { DirectoryUser, Role, Scope } from "../DirectoryUser.js"
import * as Email from "../Email.js"
import type * as Failure from "../Failure.js"
import type { Adapter, Caller } from "./adapter.js"
import { pageSize, presence, removal } from "./adapter.js"

const scopeOf = (role: AstronomerModels.UserRole): Scope | undefined => {
  switch (role.scope.type) {
    case "ORGANIZATION":
      return { type: "organization", id: role.scope.entityId }
    case "WORKSPACE":
      return { type: "workspace", id: role.scope.entityId }
    default:
      return undefined
  }
}

/**
 * Astronomer: one organization's members, with their workspace roles from `getUser`. Its
 * `search` is documented only as "string to search for", so a search that misses an account could
 * not be told from one that has none: find reads the whole member list and keeps a member only
 * when their own email (`username`) is the person's, checked again on the detailed record.
 */
export const astronomer = (
  users: AstronomerUsers.AstronomerUsersService,
  { call, listing }: Caller,
  options: { readonly organizationId: string; readonly workspaceRoles: boolean; readonly concurrency: number }
): Adapter => {
  const organization = options.organizationId
  const members = listing("listOrgUsers", users.listOrgUsersStream(organization, { limit: pageSize }))
  const toUser = (user: AstronomerModels.User): DirectoryUser => {
    const roles = (user.roles ?? []).flatMap((role): Array<Role> => {
      const scope = scopeOf(role)
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
  const getUser = (userId: string) => call("getUser", users.getUser(organization, userId))
  // A listing carries the organization role only; the workspace roles take one `getUser` each. A
  // member whose details cannot be read keeps the listed record, and the coverage says so.
  const undetailed: Array<Failure.VendorFailure> = []
  const detailed = (user: AstronomerModels.User) =>
    options.workspaceRoles
      ? Effect.catchAll(getUser(user.id), (failure) =>
        Effect.sync(() => {
          undetailed.push(failure)
          return user
        }))
      : Effect.succeed(user)
  const inWorkspace = (workspaceId: string) => (user: AstronomerModels.User) =>
    (user.roles ?? []).some((role) => role.scope.type === "WORKSPACE" && role.scope.entityId === workspaceId)
  return {
    vendor: "Astronomer",
    list: members.pipe(
      Stream.mapEffect(detailed, { concurrency: options.concurrency }),
      Stream.map(toUser)
    ),
    listingGaps: () => {
      const first = undetailed[0]
      return first === undefined
        ? undefined
        : `the workspace roles of ${undetailed.length} member(s) could not be read (first: ${first.reason}: ` +
          `${first.message}); their rows show the organization role only`
    },
    find: (email) =>
      members.pipe(
        Stream.filter((user) => Email.matches(user.username, email)),
        Stream.mapEffect((user) => getUser(user.id)),
        Stream.filter((user) => Email.matches(user.username, email)),
        Stream.map(toUser),
        Stream.runCollect,
        Effect.map((found) => ({ identities: Chunk.toReadonlyArray(found), partial: undefined }))
      ),
    // Workspaces first: removing the organization membership last keeps a retry able to finish.
    removals: (user) => [
      ...user.roles.filter((role) => role.scope.type === "workspace").map((role) =>
        removal(user, role.scope, "remove-membership")
      ),
      removal(user, { type: "organization", id: organization }, "remove-membership")
    ],
    send: (action) =>
      action.scope.type === "workspace"
        ? call("deleteWorkspaceUser", users.deleteWorkspaceUser(organization, action.scope.id, action.target))
        : call("deleteOrgUser", users.deleteOrgUser(organization, action.target)),
    // Out of the organization is out of its workspaces too.
    lookup: (action) =>
      presence(getUser(action.target), action.scope.type === "workspace" ? inWorkspace(action.scope.id) : undefined),
    completesLater: false
  }
}
