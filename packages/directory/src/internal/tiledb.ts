import type { Models as TileDBModels, TileDBUsers } from "@userkit/tiledb"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { DirectoryUser, Scope } from "../DirectoryUser.js"
import * as Email from "../Email.js"
import type { Adapter, Caller } from "./adapter.js"
import { removal } from "./adapter.js"

const undisclosed = (count: number, organization: string) =>
  `${count} member(s) of ${organization} whose email TileDB does not disclose to this key ` +
  "(only an organization admin's key sees members' emails) could not be compared"

/**
 * TileDB: the members of one organization, from the Organization API's `getOrganization`. A
 * member is a person only when TileDB discloses their email and it is the person's: a username is
 * not an identity, and a member whose email is hidden makes the coverage partial.
 */
export const tiledb = (
  users: TileDBUsers.TileDBUsersService,
  { call }: Caller,
  options: { readonly organization: string }
): Adapter => {
  const scope: Scope = { type: "organization", id: options.organization }
  const toUser = (member: TileDBModels.OrganizationUser): DirectoryUser => ({
    vendor: "TileDB",
    key: member.username ?? member.user_id ?? "",
    email: member.user_email,
    name: member.user_full_name,
    roles: member.role === undefined ? [] : [{ scope, role: member.role }],
    status: undefined,
    model: member
  })
  const members = Effect.map(
    call("getOrganization", users.getOrganization(options.organization)),
    (organization) => (organization.users ?? []).filter((member) => member.username !== undefined)
  )
  return {
    vendor: "TileDB",
    list: Stream.flatMap(Stream.fromEffect(members), (all) => Stream.fromIterable(all.map(toUser))),
    listingGaps: (listed) => {
      const hidden = listed.filter((user) => user.email === undefined).length
      return hidden === 0 ? undefined : undisclosed(hidden, options.organization)
    },
    find: (email) =>
      Effect.map(members, (all) => {
        const hidden = all.filter((member) => member.user_email === undefined).length
        return {
          identities: all.filter((member) => Email.matches(member.user_email, email)).map(toUser),
          partial: hidden === 0 ? undefined : undisclosed(hidden, options.organization)
        }
      }),
    removals: (user) => [removal(user, scope, "remove-membership")],
    send: (action) =>
      call("deleteUserFromOrganization", users.deleteUserFromOrganization(options.organization, action.target)),
    // The whole member list: a member is absent only when a successful listing lacks them.
    lookup: (action) =>
      Effect.map(members, (all) => all.some((member) => member.username === action.target) ? "present" : "absent"),
    completesLater: false
  }
}
