import type { AuthressUsers } from "@userkit/authress"
import type { Models as AuthressModels } from "@userkit/authress"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { DirectoryUser, Role, Scope } from "../DirectoryUser.js"
import * as Email from "../Email.js"
import type { Adapter, Caller } from "./adapter.js"
import { pageSize, presence, removal } from "./adapter.js"

/**
 * Authress: user identities (one person may have several), tenants as scopes. Its `filter` is a
 * text search: each identity it answers is kept only when its own email is the person's.
 */
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
    listingGaps: () => undefined,
    find: (email) =>
      pages({ filter: email }).pipe(
        Stream.filter((user) => Email.matches(user.email, email)),
        Stream.map(toUser(new Map())),
        Stream.runCollect,
        Effect.map((found) => ({ identities: Chunk.toReadonlyArray(found), partial: undefined }))
      ),
    removals: (user) => [removal(user, account, "delete-user")],
    send: (action) => call("deleteUser", users.deleteUser(action.target)),
    lookup: (action) => presence(call("getUser", users.getUser(action.target))),
    // Authress accepts the deletion (202) and completes it on its side.
    completesLater: true
  }
}
