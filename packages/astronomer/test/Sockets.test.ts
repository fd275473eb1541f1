import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"
import { secret, seedOrganization, statusError } from "./helpers.js"

// The Fake on a loopback port, reached through the real fetch transport: sockets, HTTP framing,
// URL encoding and header handling are those of production, not of the in-process client.
const overSockets = <A, E>(
  options: Fake.Options,
  token: string,
  program: (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const fake = yield* Fake.make(options)
    const listening = yield* fake.serve()
    return yield* Effect.flatMap(AstronomerUsers.AstronomerUsers, program).pipe(
      Effect.provide(
        AstronomerUsers.layer({
          token: Redacted.make(token),
          baseUrl: listening.baseUrl,
          retry: false,
          rateLimit: false
        })
      ),
      Effect.provide(FetchHttpClient.layer)
    )
  }).pipe(Effect.scoped)

const hostileId = "usr/ä ?#%2F.."

describe("over real sockets (Fake on 127.0.0.1 + FetchHttpClient)", () => {
  it.live("every operation, end to end", () =>
    Effect.gen(function*() {
      const result = yield* overSockets(
        {
          users: [{ id: hostileId, username: "odd@example.com", fullName: "Odd Id" }],
          organizations: [{
            id: "org 1",
            members: [
              { userId: Fake.defaultSelfUserId, role: "ORGANIZATION_OWNER" },
              { userId: hostileId, role: "ORGANIZATION_MEMBER" }
            ],
            workspaces: [{ id: "ws/1", members: [{ userId: Fake.defaultSelfUserId, role: "WORKSPACE_OWNER" }] }]
          }]
        },
        Fake.defaultToken,
        (users) =>
          Effect.gen(function*() {
            const self = yield* users.getSelfUser({ createIfNotExist: true })
            const odd = yield* users.getUser("org 1", hostileId)
            const sorted = yield* users.listOrgUsers("org 1", { sorts: ["orgRole:asc", "username:desc"], limit: 10 })
            const role = yield* users.mutateWorkspaceUserRole("org 1", "ws/1", hostileId, { role: "WORKSPACE_AUTHOR" })
            const workspace = yield* users.listWorkspaceUsers("org 1", "ws/1", { sorts: ["workspaceRole:desc"] })
            const promoted = yield* users.mutateOrgUserRole("org 1", hostileId, { role: "ORGANIZATION_BILLING_ADMIN" })
            yield* users.deleteWorkspaceUser("org 1", "ws/1", hostileId)
            yield* users.deleteOrgUser("org 1", hostileId)
            const gone = yield* Effect.flip(users.getUser("org 1", hostileId))
            return { self, odd, sorted, role, workspace, promoted, gone }
          })
      )
      assert.strictEqual(result.self.id, Fake.defaultSelfUserId)
      assert.strictEqual(result.odd.id, hostileId)
      assert.strictEqual(result.odd.orgRole, "ORGANIZATION_MEMBER")
      assert.deepStrictEqual(result.sorted.users.map((u) => u.id), [hostileId, Fake.defaultSelfUserId])
      assert.deepStrictEqual(result.role.scope, { entityId: "ws/1", type: "WORKSPACE" })
      assert.deepStrictEqual(result.workspace.users.map((u) => [u.id, u.workspaceRole]), [
        [Fake.defaultSelfUserId, "WORKSPACE_OWNER"],
        [hostileId, "WORKSPACE_AUTHOR"]
      ])
      assert.strictEqual(result.promoted.role, "ORGANIZATION_BILLING_ADMIN")
      const gone = statusError(result.gone)
      assert.strictEqual(gone?._tag, "NotFound")
      assert.match(gone?.requestId ?? "", /^fake-request-\d+$/)
    }))

  it.live("a wrong token is Unauthorized, and the token is nowhere in the failure", () =>
    Effect.gen(function*() {
      const error = yield* overSockets(
        {},
        secret,
        (users) => Effect.flip(users.listOrgUsers(Fake.defaultOrganizationId))
      )
      assert.strictEqual(error._tag, "Unauthorized")
      assert.notInclude(JSON.stringify(error), secret)
      assert.notInclude(String(error), secret)
    }))

  it.live("streaming 250 users over the wire yields each once, in order", () =>
    Effect.gen(function*() {
      const users = yield* overSockets(
        seedOrganization(250),
        Fake.defaultToken,
        (service) => Stream.runCollect(service.listOrgUsersStream("org-big", { limit: 20 }))
      )
      const ids = Chunk.toArray(users).map((user) => user.id)
      assert.strictEqual(ids.length, 250)
      assert.strictEqual(new Set(ids).size, 250)
      assert.strictEqual(ids[0], "usr-001")
      assert.strictEqual(ids[249], "usr-250")
    }))

  it.live("a closed port is a TransportError without the request's headers", () =>
    Effect.gen(function*() {
      // Serve, note the URL, close: nothing listens there any more.
      const url = yield* Effect.scoped(
        Effect.flatMap(Fake.make(), (fake) => Effect.map(fake.serve(), (listening) => listening.baseUrl))
      )
      const error = yield* Effect.flip(
        Effect.flatMap(AstronomerUsers.AstronomerUsers, (users) => users.getSelfUser()).pipe(
          Effect.provide(
            AstronomerUsers.layer({ token: Redacted.make(secret), baseUrl: url, retry: false, rateLimit: false })
          ),
          Effect.provide(FetchHttpClient.layer)
        )
      )
      assert.strictEqual(error._tag, "TransportError")
      assert.notInclude(JSON.stringify(error), secret)
      assert.notInclude(error.message, secret)
    }))
})
