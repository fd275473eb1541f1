import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as TestClock from "effect/TestClock"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"
import { fakeLayer, seedOrganization, statusError } from "./helpers.js"

const inFake = <A, E>(
  call: (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<A, E>,
  options: Fake.Options = {},
  token?: string
) => Effect.flatMap(AstronomerUsers.AstronomerUsers, call).pipe(Effect.provide(fakeLayer(options, token)))

const team: Fake.Options = {
  users: [
    { id: "usr-ada", username: "ada@example.com", fullName: "Ada Lovelace", status: "ACTIVE" },
    {
      id: "usr-bob",
      username: "bob@example.com",
      fullName: "Bob Builder",
      status: "PENDING",
      invites: [{
        expiresAt: "2030-01-01T00:00:00Z",
        inviteId: "inv-1",
        invitee: { id: "usr-bob" },
        inviter: { id: "usr-ada" },
        organizationId: "org-1"
      }]
    },
    { id: "usr-cy", username: "cy@example.com", fullName: "Cy Lovelace", status: "ACTIVE" },
    { id: "usr-out", username: "out@example.com", fullName: "Outsider" }
  ],
  organizations: [{
    id: "org-1",
    members: [
      { userId: "usr-ada", role: "ORGANIZATION_OWNER" },
      { userId: "usr-bob", role: "ORGANIZATION_MEMBER" },
      { userId: "usr-cy", role: "ORGANIZATION_BILLING_ADMIN" }
    ],
    workspaces: [
      { id: "ws-1", members: [{ userId: "usr-ada", role: "WORKSPACE_OWNER" }] },
      { id: "ws-2", members: [{ userId: "usr-cy", role: "WORKSPACE_MEMBER" }] }
    ]
  }]
}

const idsOf = (page: { readonly users: ReadonlyArray<{ readonly id: string }> }) => page.users.map((u) => u.id)

describe("Fake Astronomer", () => {
  it.effect("a wrong token is 401 with Astronomer's Error body", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(inFake((users) => users.getSelfUser(), {}, "not-the-token"))
      const failure = statusError(error)
      assert.isDefined(failure)
      assert.strictEqual(failure._tag, "Unauthorized")
      assert.deepStrictEqual(failure.body, {
        message: "invalid credentials",
        requestId: "fake-request-1",
        statusCode: 401
      })
    }))

  it.effect("the default state: the token's user owns one organization and its workspace", () =>
    Effect.gen(function*() {
      const self = yield* inFake((users) => users.getSelfUser())
      assert.strictEqual(self.id, Fake.defaultSelfUserId)
      assert.strictEqual(self.organizationId, Fake.defaultOrganizationId)
      assert.deepStrictEqual(self.roles?.map((r) => [r.role, r.scope.type, r.scope.entityId]), [
        ["ORGANIZATION_OWNER", "ORGANIZATION", Fake.defaultOrganizationId],
        ["WORKSPACE_OWNER", "WORKSPACE", Fake.defaultWorkspaceId]
      ])
    }))

  it.effect("getSelfUser: 404 until created with createIfNotExist", () =>
    inFake(
      (users) =>
        Effect.gen(function*() {
          yield* TestClock.setTime(Date.parse("2025-06-01T09:00:00Z"))
          assert.strictEqual((yield* Effect.flip(users.getSelfUser()))._tag, "NotFound")
          assert.strictEqual((yield* Effect.flip(users.getSelfUser({ createIfNotExist: false })))._tag, "NotFound")
          const created = yield* users.getSelfUser({ createIfNotExist: true })
          assert.strictEqual(created.id, "usr-new")
          assert.strictEqual(created.createdAt.toISOString(), "2025-06-01T09:00:00.000Z")
          assert.deepStrictEqual(yield* users.getSelfUser(), created)
        }),
      { selfExists: false, self: { id: "usr-new", username: "new@example.com" } }
    ))

  it.effect("getUser shows the organization role; unknown organization or user is 404", () =>
    Effect.gen(function*() {
      const result = yield* inFake((users) =>
        Effect.all({
          ada: users.getUser("org-1", "usr-ada"),
          noOrg: Effect.flip(users.getUser("org-nope", "usr-ada")),
          noUser: Effect.flip(users.getUser("org-1", "usr-nope")),
          notMember: Effect.flip(users.getUser("org-1", "usr-out"))
        }), team)
      assert.strictEqual(result.ada.orgRole, "ORGANIZATION_OWNER")
      assert.strictEqual(result.ada.fullName, "Ada Lovelace")
      assert.strictEqual(result.noOrg._tag, "NotFound")
      assert.strictEqual(result.noUser._tag, "NotFound")
      assert.strictEqual(result.notMember._tag, "NotFound")
      const failure = statusError(result.noOrg)
      assert.strictEqual(failure?.body?.message, "organization org-nope not found")
    }))

  it.effect("listings of an unknown organization or workspace are 403 (they document no 404)", () =>
    Effect.gen(function*() {
      const result = yield* inFake((users) =>
        Effect.all([
          Effect.flip(users.listOrgUsers("org-nope")),
          Effect.flip(users.listWorkspaceUsers("org-1", "ws-nope")),
          Effect.flip(users.listWorkspaceUsers("org-nope", "ws-1"))
        ]), team)
      assert.deepStrictEqual(result.map((e) => e._tag), ["Forbidden", "Forbidden", "Forbidden"])
    }))

  it.effect("search matches username or full name, case-insensitively; totalCount counts matches", () =>
    Effect.gen(function*() {
      const result = yield* inFake((users) =>
        Effect.all({
          lovelace: users.listOrgUsers("org-1", { search: "LOVELACE" }),
          bob: users.listOrgUsers("org-1", { search: "bob@" }),
          none: users.listOrgUsers("org-1", { search: "zed" })
        }), team)
      assert.deepStrictEqual(idsOf(result.lovelace), ["usr-ada", "usr-cy"])
      assert.strictEqual(result.lovelace.totalCount, 2)
      assert.deepStrictEqual(idsOf(result.bob), ["usr-bob"])
      assert.deepStrictEqual(result.none, { offset: 0, limit: 20, totalCount: 0, users: [] })
    }))

  it.effect("sorts apply in order; without sorts users come in joining order", () =>
    Effect.gen(function*() {
      const result = yield* inFake((users) =>
        Effect.all({
          plain: users.listOrgUsers("org-1"),
          byStatusThenName: users.listOrgUsers("org-1", { sorts: ["status:desc", "username:desc"] }),
          byRole: users.listOrgUsers("org-1", { sorts: ["orgRole:asc"] }),
          byCreated: users.listOrgUsers("org-1", { sorts: ["createdAt:desc"] }),
          workspace: users.listWorkspaceUsers("org-1", "ws-1", { sorts: ["workspaceRole:asc"] })
        }), team)
      assert.deepStrictEqual(idsOf(result.plain), ["usr-ada", "usr-bob", "usr-cy"])
      assert.deepStrictEqual(idsOf(result.byStatusThenName), ["usr-bob", "usr-cy", "usr-ada"])
      assert.deepStrictEqual(idsOf(result.byRole), ["usr-cy", "usr-bob", "usr-ada"])
      assert.deepStrictEqual(idsOf(result.byCreated), ["usr-cy", "usr-bob", "usr-ada"])
      assert.deepStrictEqual(result.workspace.users.map((u) => [u.id, u.workspaceRole]), [
        ["usr-ada", "WORKSPACE_OWNER"]
      ])
      assert.isTrue(result.plain.users.every((u) => u.workspaceRole === undefined && u.orgRole !== undefined))
    }))

  it.effect("hasInvites keeps only users with pending invitations", () =>
    Effect.gen(function*() {
      const page = yield* inFake((users) => users.listOrgUsers("org-1", { hasInvites: true }), team)
      assert.deepStrictEqual(idsOf(page), ["usr-bob"])
      assert.strictEqual(page.users[0].invites?.[0].inviteId, "inv-1")
    }))

  it.effect("offset pagination reports offset, limit and totalCount", () =>
    Effect.gen(function*() {
      const result = yield* inFake((users) =>
        Effect.all({
          middle: users.listOrgUsers("org-big", { offset: 10, limit: 5 }),
          tail: users.listOrgUsers("org-big", { offset: 20, limit: 5 }),
          past: users.listOrgUsers("org-big", { offset: 99 }),
          zero: users.listOrgUsers("org-big", { limit: 0 })
        }), seedOrganization(23))
      assert.deepStrictEqual(idsOf(result.middle), ["usr-011", "usr-012", "usr-013", "usr-014", "usr-015"])
      assert.deepStrictEqual([result.middle.offset, result.middle.limit, result.middle.totalCount], [10, 5, 23])
      assert.deepStrictEqual(idsOf(result.tail), ["usr-021", "usr-022", "usr-023"])
      assert.deepStrictEqual(idsOf(result.past), [])
      assert.strictEqual(result.past.totalCount, 23)
      assert.deepStrictEqual(idsOf(result.zero), [])
    }))

  it.effect("mutateOrgUserRole changes the role; an unknown role is 400; a non-member is 404", () =>
    inFake((users) =>
      Effect.gen(function*() {
        yield* TestClock.setTime(Date.parse("2025-02-03T04:05:06Z"))
        assert.deepStrictEqual(yield* users.mutateOrgUserRole("org-1", "usr-bob", { role: "ORGANIZATION_OWNER" }), {
          role: "ORGANIZATION_OWNER",
          scope: { entityId: "org-1", type: "ORGANIZATION" },
          subject: { entityId: "usr-bob", type: "USER" }
        })
        const bob = yield* users.getUser("org-1", "usr-bob")
        assert.strictEqual(bob.orgRole, "ORGANIZATION_OWNER")
        assert.strictEqual(bob.updatedAt.toISOString(), "2025-02-03T04:05:06.000Z")
        const invalid = yield* Effect.flip(users.mutateOrgUserRole("org-1", "usr-bob", { role: "ADMIN" }))
        assert.strictEqual(invalid._tag, "BadRequest")
        const outsider = yield* Effect.flip(
          users.mutateOrgUserRole("org-1", "usr-out", { role: "ORGANIZATION_MEMBER" })
        )
        assert.strictEqual(outsider._tag, "NotFound")
      }), team))

  it.effect("mutateWorkspaceUserRole adds an organization member to the workspace", () =>
    inFake((users) =>
      Effect.gen(function*() {
        // The tag of the error a refused role change fails with.
        const refusal = (workspaceId: string, userId: string, role: string) =>
          Effect.map(
            Effect.flip(users.mutateWorkspaceUserRole("org-1", workspaceId, userId, { role })),
            (error) => error._tag
          )
        const role = yield* users.mutateWorkspaceUserRole("org-1", "ws-1", "usr-bob", { role: "WORKSPACE_AUTHOR" })
        assert.deepStrictEqual(role.scope, { entityId: "ws-1", type: "WORKSPACE" })
        const page = yield* users.listWorkspaceUsers("org-1", "ws-1")
        assert.deepStrictEqual(page.users.map((u) => [u.id, u.workspaceRole]), [
          ["usr-ada", "WORKSPACE_OWNER"],
          ["usr-bob", "WORKSPACE_AUTHOR"]
        ])
        assert.strictEqual(yield* refusal("ws-1", "usr-out", "WORKSPACE_MEMBER"), "NotFound")
        assert.strictEqual(yield* refusal("ws-9", "usr-bob", "WORKSPACE_MEMBER"), "NotFound")
        assert.strictEqual(yield* refusal("ws-1", "usr-bob", "ORGANIZATION_OWNER"), "BadRequest")
      }), team))

  it.effect("deleteWorkspaceUser removes from one workspace; deleteOrgUser from the organization and all", () =>
    inFake((users) =>
      Effect.gen(function*() {
        yield* users.deleteWorkspaceUser("org-1", "ws-1", "usr-ada")
        assert.deepStrictEqual(idsOf(yield* users.listWorkspaceUsers("org-1", "ws-1")), [])
        assert.strictEqual((yield* Effect.flip(users.deleteWorkspaceUser("org-1", "ws-1", "usr-ada")))._tag, "NotFound")
        assert.strictEqual((yield* users.getUser("org-1", "usr-ada")).id, "usr-ada")
        yield* users.deleteOrgUser("org-1", "usr-cy")
        assert.deepStrictEqual(idsOf(yield* users.listWorkspaceUsers("org-1", "ws-2")), [])
        assert.strictEqual((yield* Effect.flip(users.getUser("org-1", "usr-cy")))._tag, "NotFound")
        assert.strictEqual((yield* Effect.flip(users.deleteOrgUser("org-1", "usr-cy")))._tag, "NotFound")
        assert.deepStrictEqual(idsOf(yield* users.listOrgUsers("org-1")), ["usr-ada", "usr-bob"])
      }), team))

  it.effect("raw requests: an undocumented sort or comma-joined sorts are 400; an unknown route is 404", () =>
    Effect.gen(function*() {
      const fake = yield* Fake.make()
      const send = (path: string) =>
        Effect.flatMap(
          fake.httpClient.execute(
            HttpClientRequest.get(`${AstronomerUsers.defaultBaseUrl}${path}`).pipe(
              HttpClientRequest.bearerToken(Fake.defaultToken)
            )
          ),
          (response) => Effect.map(response.json, (body) => ({ status: response.status, body }))
        )
      const base = `/organizations/${Fake.defaultOrganizationId}/users`
      const unknown = yield* send(`${base}?sorts=nickname:asc`)
      const joined = yield* send(`${base}?sorts=createdAt:asc,username:desc`)
      const repeated = yield* send(`${base}?sorts=createdAt:asc&sorts=username:desc`)
      const route = yield* send("/organizations")
      assert.strictEqual(unknown.status, 400)
      assert.strictEqual(joined.status, 400)
      assert.strictEqual(repeated.status, 200)
      assert.strictEqual(route.status, 404)
    }))
})
