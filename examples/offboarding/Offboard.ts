/**
 * Offboarding: find one person in every vendor and remove their access, as one Effect program.
 *
 * Each vendor is searched and cleaned concurrently and independently: a vendor that fails never
 * stops the others, and every failure is handled by its type — `NotFound` means the person is not
 * there, `Forbidden` is reported with the vendor's own message, anything else with its tag.
 */
import { AstronomerUsers } from "@userkit/astronomer"
import { AuthressUsers } from "@userkit/authress"
import { RocksetUsers } from "@userkit/rockset"
import { TileDBUsers } from "@userkit/tiledb"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** Who to offboard, and where to look for them. */
export interface Person {
  readonly email: string
  /** The Astronomer organization to search (and whose workspaces to clean). */
  readonly astronomerOrganization: string
  /** The TileDB organization to remove the person from. */
  readonly tiledbOrganization: string
  /** The person's TileDB username; TileDB cannot be searched by email. */
  readonly tiledbUsername: string
}

/** What happened in one vendor. */
export type Outcome =
  | { readonly _tag: "Removed"; readonly detail: string }
  | { readonly _tag: "Found"; readonly detail: string }
  | { readonly _tag: "NotPresent"; readonly detail: string }
  | { readonly _tag: "Failed"; readonly reason: string; readonly detail: string }

/** The outcome in one vendor. */
export interface VendorReport {
  readonly vendor: "Rockset" | "Authress" | "Astronomer" | "TileDB"
  readonly outcome: Outcome
}

const removed = (detail: string): Outcome => ({ _tag: "Removed", detail })
const found = (detail: string): Outcome => ({ _tag: "Found", detail })
const notPresent = (detail: string): Outcome => ({ _tag: "NotPresent", detail })

interface TypedFailure {
  readonly _tag: string
  readonly message: string
  readonly body?: unknown
}

// The vendor's own words where it gave any, else userkit's message.
const vendorMessage = (error: TypedFailure): string => {
  const body = error.body
  if (typeof body === "object" && body !== null) {
    for (const key of ["message", "title", "detail"]) {
      const value: unknown = Reflect.get(body, key)
      if (typeof value === "string" && value !== "") return value
    }
  }
  return error.message
}

// Every vendor's failure ends here: NotFound means not present, the rest is reported by type.
const settle = <E extends TypedFailure, R>(effect: Effect.Effect<Outcome, E, R>): Effect.Effect<Outcome, never, R> =>
  Effect.catchAll(effect, (error): Effect.Effect<Outcome> => {
    switch (error._tag) {
      case "NotFound":
        return Effect.succeed(notPresent("no such user"))
      case "Forbidden":
        return Effect.succeed({ _tag: "Failed", reason: "Forbidden", detail: vendorMessage(error) })
      default:
        return Effect.succeed({ _tag: "Failed", reason: error._tag, detail: error.message })
    }
  })

const sameEmail = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase()

/** Rockset knows users by email. */
export const rockset = (person: Person, dryRun: boolean) =>
  settle(Effect.gen(function*() {
    const users = yield* RocksetUsers.RocksetUsers
    const user = yield* users.get(person.email)
    const roles = user.roles?.join(", ") ?? "no roles"
    if (dryRun) return found(`${user.email} (${roles})`)
    yield* users.delete(user.email)
    return removed(`deleted ${user.email} (had ${roles})`)
  }))

/** Authress is searched with its filter, over the user stream, page by page. */
export const authress = (person: Person, dryRun: boolean) =>
  settle(Effect.gen(function*() {
    const users = yield* AuthressUsers.AuthressUsers
    const matches = yield* users.getUsersStream({ filter: person.email }).pipe(
      Stream.filter((user) => sameEmail(user.email, person.email)),
      Stream.runCollect
    )
    if (Chunk.isEmpty(matches)) return notPresent("no user with this email")
    const ids = Chunk.toReadonlyArray(matches).map((user) => user.userId)
    if (dryRun) return found(`user ${ids.join(", ")}`)
    // Deletion is asynchronous at Authress (202): it completes on their side.
    yield* Effect.forEach(ids, (userId) => users.deleteUser(userId), { discard: true })
    return removed(`deletion of ${ids.join(", ")} accepted`)
  }))

/** Astronomer: the organization's members, then every workspace the person has a role in. */
export const astronomer = (person: Person, dryRun: boolean) =>
  settle(Effect.gen(function*() {
    const users = yield* AstronomerUsers.AstronomerUsers
    const organization = person.astronomerOrganization
    const member = yield* users.listOrgUsersStream(organization, { search: person.email }).pipe(
      Stream.filter((user) => sameEmail(user.username, person.email)),
      Stream.runHead
    )
    if (Option.isNone(member)) return notPresent(`not a member of ${organization}`)
    const user = yield* users.getUser(organization, member.value.id)
    const workspaces = (user.roles ?? [])
      .filter((role) => role.scope.type === "WORKSPACE")
      .map((role) => role.scope.entityId)
    const where = `${organization}${workspaces.length > 0 ? ` and workspaces ${workspaces.join(", ")}` : ""}`
    if (dryRun) return found(`${user.username} (${user.orgRole ?? "member"}) in ${where}`)
    yield* Effect.forEach(
      workspaces,
      (workspace) => users.deleteWorkspaceUser(organization, workspace, user.id),
      { discard: true }
    )
    yield* users.deleteOrgUser(organization, user.id)
    return removed(`removed ${user.username} from ${where}`)
  }))

/** TileDB: the person's membership of the organization (their account itself is theirs). */
export const tiledb = (person: Person, dryRun: boolean) =>
  settle(Effect.gen(function*() {
    const users = yield* TileDBUsers.TileDBUsers
    const organization = person.tiledbOrganization
    const membership = yield* users.getOrganizationUser(organization, person.tiledbUsername)
    // A username is not an identity: make sure it is the same person before removing anyone.
    if (membership.user_email !== undefined && !sameEmail(membership.user_email, person.email)) {
      return notPresent(`${person.tiledbUsername} in ${organization} is someone else`)
    }
    if (dryRun) return found(`${person.tiledbUsername} (${membership.role ?? "member"}) in ${organization}`)
    yield* users.deleteUserFromOrganization(organization, person.tiledbUsername)
    return removed(`removed ${person.tiledbUsername} from ${organization}`)
  }))

/** All four, concurrently; each outcome is independent of the others. */
export const offboard = (person: Person, options: { readonly dryRun: boolean }) =>
  Effect.all(
    [
      Effect.map(rockset(person, options.dryRun), (outcome): VendorReport => ({ vendor: "Rockset", outcome })),
      Effect.map(authress(person, options.dryRun), (outcome): VendorReport => ({ vendor: "Authress", outcome })),
      Effect.map(astronomer(person, options.dryRun), (outcome): VendorReport => ({ vendor: "Astronomer", outcome })),
      Effect.map(tiledb(person, options.dryRun), (outcome): VendorReport => ({ vendor: "TileDB", outcome }))
    ],
    { concurrency: "unbounded" }
  )
