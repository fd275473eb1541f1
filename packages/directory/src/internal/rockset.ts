import type { Models as RocksetModels, RocksetUsers } from "@userkit/rockset"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { DirectoryUser, Scope } from "../DirectoryUser.js"
import * as Email from "../Email.js"
import type { Adapter, Caller } from "./adapter.js"
import { joined, removal } from "./adapter.js"

/**
 * Rockset: one organization, users keyed by email, roles organization-wide. Its `list` answers
 * every user in one request, so find and lookup read it whole and compare emails themselves:
 * `get` by email is never asked (a path such as `self` names the key's owner, not an email).
 */
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
  const everyone = Effect.map(call("list", users.list()), (page) => page.data ?? [])
  return {
    vendor: "Rockset",
    list: Stream.flatMap(Stream.fromEffect(everyone), (all) => Stream.fromIterable(all.map(toUser))),
    listingGaps: () => undefined,
    find: (email) =>
      Effect.map(everyone, (all) => ({
        identities: all.filter((user) => Email.matches(user.email, email)).map(toUser),
        partial: undefined
      })),
    removals: (user) => [removal(user, scope, "delete-user")],
    send: (action) => Effect.asVoid(call("delete", users.delete(action.target))),
    // The whole list, not `get`: a user is absent only when a successful listing lacks them.
    lookup: (action) =>
      Effect.map(everyone, (all) => all.some((user) => user.email === action.target) ? "present" : "absent"),
    completesLater: false
  }
}
