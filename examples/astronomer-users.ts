/**
 * Astronomer users, end to end.
 *
 * With no credentials it starts the fake Astronomer on a 127.0.0.1 port (a team of 45 users in one
 * organization) and walks through every operation: the current user, a sorted page, a search, the
 * whole organization as a lazy stream, role changes in the organization and a workspace, removals,
 * and the typed failures afterwards. With ASTRO_API_TOKEN set (and optionally ASTRO_API_URL,
 * ASTRO_ORGANIZATION_ID, ASTRO_WORKSPACE_ID) it talks to the real Astro API and only reads.
 *
 *   npx tsx examples/astronomer-users.ts
 */
import * as AstronomerUsers from "@userkit/astronomer/AstronomerUsers"
import * as Fake from "@userkit/astronomer/Fake"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { runExample } from "./support/runExample.js"

const describeUser = (user: { readonly username: string; readonly fullName: string }, role: string | undefined) =>
  `${user.fullName} <${user.username}>${role === undefined ? "" : ` ${role}`}`

const readOnly = (organizationId: string, workspaceId: string | undefined) =>
  Effect.gen(function*() {
    const users = yield* AstronomerUsers.AstronomerUsers
    const newest = yield* users.listOrgUsers(organizationId, { limit: 5, sorts: ["createdAt:desc", "username:asc"] })
    yield* Console.log(`organization ${organizationId}: ${newest.totalCount} users; the 5 newest:`)
    for (const user of newest.users) yield* Console.log(`  - ${describeUser(user, user.orgRole)}`)
    // Pages of 20 are fetched only as the stream is consumed.
    const counted = yield* Stream.runCount(users.listOrgUsersStream(organizationId, { limit: 20 }))
    yield* Console.log(`streamed every user of the organization: ${counted}`)
    if (workspaceId !== undefined) {
      const members = yield* users.listWorkspaceUsers(organizationId, workspaceId, { sorts: ["workspaceRole:asc"] })
      yield* Console.log(`workspace ${workspaceId}: ${members.totalCount} users`)
      for (const user of members.users) yield* Console.log(`  - ${describeUser(user, user.workspaceRole)}`)
    }
  })

const tour = Effect.gen(function*() {
  const users = yield* AstronomerUsers.AstronomerUsers
  const self = yield* users.getSelfUser()
  yield* Console.log(
    `signed in as ${describeUser(self, undefined)}, roles ${self.roles?.map((r) => r.role).join(", ")}`
  )
  const organizationId = self.organizationId ?? Fake.defaultOrganizationId
  yield* readOnly(organizationId, Fake.defaultWorkspaceId)

  const found = yield* users.listOrgUsers(organizationId, { search: "grace" })
  yield* Console.log(`\nsearch "grace": ${found.users.map((user) => user.username).join(", ")}`)
  const grace = found.users.at(0)
  if (grace === undefined) return yield* Console.log("nobody to change")

  const promoted = yield* users.mutateOrgUserRole(organizationId, grace.id, { role: "ORGANIZATION_BILLING_ADMIN" })
  yield* Console.log(`organization role of ${grace.id} is now ${promoted.role}`)
  const added = yield* users.mutateWorkspaceUserRole(organizationId, Fake.defaultWorkspaceId, grace.id, {
    role: "WORKSPACE_AUTHOR"
  })
  yield* Console.log(`added to workspace ${added.scope.entityId} as ${added.role}`)
  const refused = yield* users.mutateOrgUserRole(organizationId, grace.id, { role: "ORGANIZATION_EMPEROR" }).pipe(
    Effect.as("accepted?!"),
    Effect.catchTag("BadRequest", (error) => Effect.succeed(`refused: ${error.status} ${error.body?.message}`))
  )
  yield* Console.log(`an unknown role is sent as is, and the server decides: ${refused}`)

  yield* users.deleteWorkspaceUser(organizationId, Fake.defaultWorkspaceId, grace.id)
  yield* users.deleteOrgUser(organizationId, grace.id)
  const after = yield* users.getUser(organizationId, grace.id).pipe(
    Effect.map((user) => `still there: ${user.username}`),
    Effect.catchTag(
      "NotFound",
      (error) => Effect.succeed(`NotFound: ${error.body?.message} (request id ${error.requestId})`)
    )
  )
  yield* Console.log(`removed ${grace.id}; getUser afterwards: ${after}`)

  const invalid = yield* users.listOrgUsers(organizationId, { offset: -1 }).pipe(
    Effect.as("sent?!"),
    Effect.catchTag("RequestValidationError", (error) => Effect.succeed(error.message))
  )
  yield* Console.log(`checked before sending: ${invalid}`)
})

const team: Fake.Options = {
  users: Array.from({ length: 45 }, (_, i) => ({
    id: `usr-${String(i + 1).padStart(2, "0")}`,
    username: i === 6 ? "grace.hopper@example.com" : `member${i + 1}@example.com`,
    fullName: i === 6 ? "Grace Hopper" : `Member ${i + 1}`
  })),
  organizations: [{
    id: Fake.defaultOrganizationId,
    members: [
      { userId: Fake.defaultSelfUserId, role: "ORGANIZATION_OWNER" },
      ...Array.from({ length: 45 }, (_, i) => ({
        userId: `usr-${String(i + 1).padStart(2, "0")}`,
        role: "ORGANIZATION_MEMBER"
      }))
    ],
    workspaces: [{
      id: Fake.defaultWorkspaceId,
      members: [{ userId: Fake.defaultSelfUserId, role: "WORKSPACE_OWNER" }]
    }]
  }]
}

// Read-only against Astronomer: the organization of the token unless ASTRO_ORGANIZATION_ID names one.
const againstAstronomer = Effect.gen(function*() {
  const users = yield* AstronomerUsers.AstronomerUsers
  const self = yield* users.getSelfUser()
  yield* Console.log(`signed in as ${describeUser(self, undefined)}`)
  const organizationId = process.env["ASTRO_ORGANIZATION_ID"] ?? self.organizationId
  if (organizationId === undefined) {
    return yield* Console.log("set ASTRO_ORGANIZATION_ID to list an organization's users")
  }
  yield* readOnly(organizationId, process.env["ASTRO_WORKSPACE_ID"])
})

runExample({
  vendor: "Astronomer",
  real: againstAstronomer.pipe(Effect.provide(AstronomerUsers.layerConfig())),
  fake: Effect.gen(function*() {
    const fake = yield* Fake.make(team)
    const { baseUrl } = yield* fake.serve()
    return { baseUrl, tour: Effect.provide(tour, AstronomerUsers.layer({ token: Redacted.make(fake.token), baseUrl })) }
  })
})
