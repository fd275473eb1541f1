import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import { roundTripSuite } from "@userkit/testkit/RoundTripSuite"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Models from "../src/Models.js"
import { calls, mockLayer, statusError, userJson } from "./helpers.js"

const answering = (response: () => Response) => mockLayer([MockHttpClient.route("*", "*", response)])

const withUsers = <A, E>(
  response: () => Response,
  call: (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<A, E>
) => Effect.flatMap(AstronomerUsers.AstronomerUsers, call).pipe(Effect.provide(answering(response)))

// `call` answered with a 200 carrying the user `id`, its fields replaced or added by `fields`.
const withUser = <A, E>(
  id: string,
  fields: Record<string, unknown>,
  call: (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<A, E>
) => withUsers(() => MockHttpClient.json(200, userJson(id, fields)), call)

const invite = {
  expiresAt: "2024-04-01T00:00:00Z",
  inviteId: "inv-1",
  invitee: { id: "usr-2", subjectType: "USER", username: "bob@example.com" },
  inviter: { id: "tok-1", subjectType: "ROBOT", apiTokenName: "ci" },
  organizationId: "org-1",
  orgName: "Old name",
  futureField: { nested: true }
}

describe("decoding responses", () => {
  it.effect("date-time fields become Dates; plain strings stay strings", () =>
    Effect.gen(function*() {
      const user = yield* withUser(
        "usr-1",
        { lastLogin: "2024-03-03T10:00:00Z", invites: [invite] },
        (users) => users.getUser("org-1", "usr-1")
      )
      assert.instanceOf(user.createdAt, Date)
      assert.strictEqual(user.createdAt.toISOString(), "2024-03-01T12:00:00.000Z")
      assert.strictEqual(user.updatedAt.toISOString(), "2024-03-02T08:30:00.250Z")
      assert.strictEqual(user.lastLogin, "2024-03-03T10:00:00Z")
      assert.strictEqual(user.invites?.[0].expiresAt, "2024-04-01T00:00:00Z")
    }))

  it.effect("unknown fields are dropped, at every depth", () =>
    Effect.gen(function*() {
      const result = yield* withUsers(
        () =>
          MockHttpClient.json(200, {
            offset: 0,
            limit: 20,
            totalCount: 1,
            cursor: "ignored",
            users: [userJson("usr-1", { favouriteColour: "teal", invites: [invite] })]
          }),
        (users) => users.listOrgUsers("org-1")
      )
      assert.deepStrictEqual(Object.keys(result).sort(), ["limit", "offset", "totalCount", "users"])
      const [user] = result.users
      assert.notProperty(user, "favouriteColour")
      assert.notProperty(user.invites?.[0] ?? {}, "futureField")
      assert.strictEqual(user.invites?.[0].orgName, "Old name")
    }))

  it.effect("role and enum values unknown to this release are kept", () =>
    Effect.gen(function*() {
      const user = yield* withUser("usr-1", {
        orgRole: "ORGANIZATION_AUDITOR",
        workspaceRole: "WORKSPACE_ACCESSOR",
        signupType: "Enterprise",
        invites: [invite],
        roles: [{
          role: "DEPLOYMENT_ADMIN",
          scope: { entityId: "dep-1", type: "DEPLOYMENT" },
          subject: { entityId: "usr-1", type: "USER" }
        }]
      }, (users) => users.getUser("org-1", "usr-1"))
      assert.strictEqual(user.orgRole, "ORGANIZATION_AUDITOR")
      assert.strictEqual(user.workspaceRole, "WORKSPACE_ACCESSOR")
      assert.strictEqual(user.signupType, "Enterprise")
      assert.strictEqual(user.invites?.[0].inviter.subjectType, "ROBOT")
      assert.strictEqual(user.roles?.[0].role, "DEPLOYMENT_ADMIN")
      const role = yield* withUsers(
        () =>
          MockHttpClient.json(200, {
            role: "ORGANIZATION_AUDITOR",
            scope: { entityId: "org-1", type: "ORGANIZATION" },
            subject: { entityId: "usr-1", type: "USER" }
          }),
        (users) => users.mutateOrgUserRole("org-1", "usr-1", { role: "ORGANIZATION_AUDITOR" })
      )
      assert.strictEqual(role.role, "ORGANIZATION_AUDITOR")
    }))

  it.effect("optional fields sent as null read as absent", () =>
    Effect.gen(function*() {
      const self = yield* withUser("usr-self", {
        organizationId: null,
        featureFlags: [{ key: "dark-mode", value: true }],
        intercomUserHash: null,
        invites: null,
        roles: null
      }, (users) => users.getSelfUser())
      assert.notProperty(self, "organizationId")
      assert.notProperty(self, "roles")
      assert.deepStrictEqual(self.featureFlags, [{ key: "dark-mode", value: true }])
    }))

  it.effect("a 2xx body missing a required field, with a bad date, or not JSON is a ResponseDecodeError", () =>
    Effect.gen(function*() {
      const missing = yield* Effect.flip(withUsers(
        () => MockHttpClient.json(200, { offset: 0, limit: 20, users: [] }),
        (users) => users.listOrgUsers("org-1")
      ))
      assert.strictEqual(missing._tag, "ResponseDecodeError")
      if (missing._tag !== "ResponseDecodeError") return
      assert.strictEqual(missing.issue, "totalCount: expected a value (it is missing)")
      assert.strictEqual(missing.status, 200)
      const badDate = yield* Effect.flip(
        withUser("usr-1", { createdAt: "last tuesday" }, (users) => users.getUser("org-1", "usr-1"))
      )
      assert.strictEqual(badDate._tag, "ResponseDecodeError")
      if (badDate._tag !== "ResponseDecodeError") return
      assert.match(badDate.issue, /^createdAt: expected /)
      assert.notInclude(badDate.message, "last tuesday")
      const html = yield* Effect.flip(withUsers(
        () => MockHttpClient.text(200, "<html>maintenance</html>", { "content-type": "text/html" }),
        (users) => users.getSelfUser()
      ))
      assert.strictEqual(html._tag, "ResponseDecodeError")
      if (html._tag !== "ResponseDecodeError") return
      assert.strictEqual(html.issue, "the body is not JSON (content-type text/html)")
      const empty = yield* Effect.flip(withUsers(() => MockHttpClient.empty(200), (users) => users.getSelfUser()))
      assert.strictEqual(empty._tag, "ResponseDecodeError")
      const truncated = yield* Effect.flip(withUsers(
        () =>
          MockHttpClient.text(200, JSON.stringify(userJson("usr-1")).slice(0, 40), {
            "content-type": "application/json"
          }),
        (users) => users.getUser("org-1", "usr-1")
      ))
      assert.strictEqual(truncated._tag, "ResponseDecodeError")
    }))

  it.effect("the deletes ignore whatever body a success carries", () =>
    Effect.gen(function*() {
      const org = yield* withUsers(() => MockHttpClient.empty(204), (users) => users.deleteOrgUser("org-1", "usr-1"))
      assert.isUndefined(org)
      const workspace = yield* withUsers(
        () => MockHttpClient.json(200, { ok: true }),
        (users) => users.deleteWorkspaceUser("org-1", "ws-1", "usr-1")
      )
      assert.isUndefined(workspace)
    }))

  it.effect("an error status with an HTML page keeps its type and the text", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(withUsers(
        () => MockHttpClient.text(500, "<html>502 upstream</html>", { "content-type": "text/html" }),
        (users) => users.getUser("org-1", "usr-1")
      ))
      const failure = statusError(error)
      assert.isDefined(failure)
      assert.strictEqual(failure._tag, "InternalServerError")
      assert.isUndefined(failure.body)
      assert.strictEqual(failure.bodyText, "<html>502 upstream</html>")
      assert.strictEqual(failure.message, "Astronomer.getUser: 500 Internal Server Error")
    }))

  it.effect("an error body with extra fields still decodes; the request id comes from the body", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(withUsers(
        () =>
          MockHttpClient.json(
            404,
            { message: "user not found", requestId: "cl1abc", statusCode: 404, hint: "check the id" },
            { "x-request-id": "from-header" }
          ),
        (users) => users.getUser("org-1", "usr-1")
      ))
      const failure = statusError(error)
      assert.isDefined(failure)
      assert.deepStrictEqual(failure.body, { message: "user not found", requestId: "cl1abc", statusCode: 404 })
      assert.strictEqual(failure.requestId, "cl1abc")
    }))
})

describe("models", () => {
  roundTripSuite(Models, { numRuns: 50 })

  it.effect("random and hostile bodies never become a defect, on every operation", () => {
    const bodies = FastCheck.sample(
      FastCheck.oneof(
        FastCheck.json(),
        FastCheck.string(),
        FastCheck.constantFrom("", "{", "null", "[]", "{\"users\":null}", "\u0000\uffff")
      ),
      100
    )
    const statuses = [200, 204, 400, 404, 418, 500]
    // One service for the whole run; the route answers with the current case.
    let current = { status: 200, body: "" }
    const layer = answering(() =>
      current.status === 204
        ? MockHttpClient.empty(204)
        : MockHttpClient.text(current.status, current.body, { "content-type": "application/json" })
    )
    return Effect.gen(function*() {
      const users = yield* AstronomerUsers.AstronomerUsers
      for (const [i, body] of bodies.entries()) {
        current = { status: statuses[i % statuses.length], body }
        for (const call of Object.values(calls)) {
          const exit = yield* Effect.exit(call(users))
          if (Exit.isFailure(exit)) assert.isFalse(Cause.isDie(exit.cause), `defect for ${current.status} ${body}`)
        }
      }
    }).pipe(Effect.provide(layer))
  })
})
