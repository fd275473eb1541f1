import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Effect from "effect/Effect"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import type * as Errors from "../src/Errors.js"
import { at, mockLayer, secret, userJson } from "./helpers.js"

const userRole = (role: string, type: string, entityId: string) => ({
  role,
  scope: { entityId, type },
  subject: { entityId: "usr-1", type: "USER" }
})

const page = { offset: 0, limit: 20, totalCount: 0, users: [] }

// Every route answers with a plausible success, so each test only looks at what was sent.
const routes = [
  MockHttpClient.route("DELETE", at("/organizations/{organizationId}/users/{userId}"), () => MockHttpClient.empty(204)),
  MockHttpClient.route(
    "DELETE",
    at("/organizations/{organizationId}/workspaces/{workspaceId}/users/{userId}"),
    () => MockHttpClient.empty(200)
  ),
  MockHttpClient.route("GET", at("/users/self"), () => MockHttpClient.json(200, userJson("usr-self"))),
  MockHttpClient.route(
    "GET",
    at("/organizations/{organizationId}/users/{userId}"),
    () => MockHttpClient.json(200, userJson("usr-1"))
  ),
  MockHttpClient.route("GET", at("/organizations/{organizationId}/users"), () => MockHttpClient.json(200, page)),
  MockHttpClient.route(
    "GET",
    at("/organizations/{organizationId}/workspaces/{workspaceId}/users"),
    () => MockHttpClient.json(200, page)
  ),
  MockHttpClient.route(
    "POST",
    at("/organizations/{organizationId}/users/{userId}/role"),
    (request) => MockHttpClient.json(200, userRole(JSON.parse(request.body ?? "{}").role, "ORGANIZATION", "org-1"))
  ),
  MockHttpClient.route(
    "POST",
    at("/organizations/{organizationId}/workspaces/{workspaceId}/users/{userId}/role"),
    (request) => MockHttpClient.json(200, userRole(JSON.parse(request.body ?? "{}").role, "WORKSPACE", "ws-1"))
  )
]

const sent = <A, E>(call: (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const users = yield* AstronomerUsers.AstronomerUsers
    const result = yield* Effect.either(call(users))
    const requests = yield* MockHttpClient.requests
    return { result, requests }
  }).pipe(Effect.provide(mockLayer(routes)))

const only = <A, E>(call: (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<A, E>) =>
  Effect.map(sent(call), ({ requests, result }) => {
    assert.strictEqual(result._tag, "Right")
    assert.strictEqual(requests.length, 1)
    return requests[0]
  })

// An id that would change the route if it were not encoded as one segment.
const hostile = "a/../../admin?x=1#f"
const hostileEncoded = "a%2F..%2F..%2Fadmin%3Fx%3D1%23f"

describe("request shapes", () => {
  it.effect("every request carries the bearer token and asks for JSON", () =>
    Effect.gen(function*() {
      const request = yield* only((users) => users.getUser("org-1", "usr-1"))
      assert.strictEqual(request.headers["authorization"], `Bearer ${secret}`)
      assert.strictEqual(request.headers["accept"], "application/json")
      assert.strictEqual(request.url.origin, "https://api.astronomer.io")
      assert.strictEqual(request.path, "/v1alpha1/organizations/org-1/users/usr-1")
    }))

  it.effect("deleteOrgUser: DELETE, ids percent-encoded as one segment each, no body, void on 204", () =>
    Effect.gen(function*() {
      const request = yield* only((users) => users.deleteOrgUser("org 1/x", hostile))
      assert.strictEqual(request.method, "DELETE")
      assert.strictEqual(request.path, `/v1alpha1/organizations/org%201%2Fx/users/${hostileEncoded}`)
      assert.deepStrictEqual(request.params, { organizationId: "org 1/x", userId: hostile })
      assert.isUndefined(request.body)
      assert.strictEqual(request.url.search, "")
    }))

  it.effect("deleteWorkspaceUser: DELETE with three encoded ids, void on a bare 200", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* sent((users) => users.deleteWorkspaceUser("org-1", "ws/ä", hostile))
      assert.deepStrictEqual(result._tag === "Right" ? result.right : "failed", undefined)
      assert.strictEqual(requests[0].method, "DELETE")
      assert.strictEqual(
        requests[0].path,
        `/v1alpha1/organizations/org-1/workspaces/ws%2F%C3%A4/users/${hostileEncoded}`
      )
    }))

  it.effect("getSelfUser: no query unless asked, then createIfNotExist as text", () =>
    Effect.gen(function*() {
      const plain = yield* only((users) => users.getSelfUser())
      assert.strictEqual(plain.method, "GET")
      assert.strictEqual(plain.path, "/v1alpha1/users/self")
      assert.strictEqual(plain.url.search, "")
      const create = yield* only((users) => users.getSelfUser({ createIfNotExist: true }))
      assert.strictEqual(create.url.search, "?createIfNotExist=true")
      const dont = yield* only((users) => users.getSelfUser({ createIfNotExist: false }))
      assert.strictEqual(dont.url.search, "?createIfNotExist=false")
    }))

  it.effect("listOrgUsers: every option, sorts as a repeated key in the order given", () =>
    Effect.gen(function*() {
      const request = yield* only((users) =>
        users.listOrgUsers("org-1", {
          offset: 40,
          limit: 20,
          sorts: ["createdAt:asc", "username:desc"],
          search: "ada l",
          hasInvites: true
        })
      )
      assert.strictEqual(request.method, "GET")
      assert.strictEqual(request.path, "/v1alpha1/organizations/org-1/users")
      assert.strictEqual(
        request.url.search,
        "?offset=40&limit=20&search=ada+l&sorts=createdAt%3Aasc&sorts=username%3Adesc&hasInvites=true"
      )
      assert.deepStrictEqual(request.url.searchParams.getAll("sorts"), ["createdAt:asc", "username:desc"])
      assert.isUndefined(request.body)
    }))

  it.effect("listOrgUsers: no options, no query; one sort is still the sorts key", () =>
    Effect.gen(function*() {
      const plain = yield* only((users) => users.listOrgUsers("org-1"))
      assert.strictEqual(plain.url.search, "")
      const one = yield* only((users) => users.listOrgUsers("org-1", { sorts: ["orgRole:desc"] }))
      assert.strictEqual(one.url.search, "?sorts=orgRole%3Adesc")
      const none = yield* only((users) => users.listOrgUsers("org-1", { sorts: [] }))
      assert.strictEqual(none.url.search, "")
    }))

  it.effect("listWorkspaceUsers: encoded ids, workspace sorts repeated", () =>
    Effect.gen(function*() {
      const request = yield* only((users) =>
        users.listWorkspaceUsers("org-1", hostile, { sorts: ["workspaceRole:asc", "fullName:desc"], limit: 0 })
      )
      assert.strictEqual(request.path, `/v1alpha1/organizations/org-1/workspaces/${hostileEncoded}/users`)
      assert.strictEqual(request.url.search, "?limit=0&sorts=workspaceRole%3Aasc&sorts=fullName%3Adesc")
    }))

  it.effect("mutateOrgUserRole: POST with the role as JSON", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* sent((users) =>
        users.mutateOrgUserRole("org-1", "usr-1", { role: "ORGANIZATION_BILLING_ADMIN" })
      )
      assert.deepStrictEqual(
        result._tag === "Right" ? result.right : undefined,
        userRole("ORGANIZATION_BILLING_ADMIN", "ORGANIZATION", "org-1")
      )
      const request = requests[0]
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.path, "/v1alpha1/organizations/org-1/users/usr-1/role")
      assert.strictEqual(request.headers["content-type"], "application/json")
      assert.strictEqual(request.body, "{\"role\":\"ORGANIZATION_BILLING_ADMIN\"}")
    }))

  it.effect("mutateWorkspaceUserRole: POST; a role unknown to this release is sent as is", () =>
    Effect.gen(function*() {
      const request = yield* only((users) =>
        users.mutateWorkspaceUserRole("org-1", "ws-1", hostile, { role: "WORKSPACE_ACCESSOR" })
      )
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.path, `/v1alpha1/organizations/org-1/workspaces/ws-1/users/${hostileEncoded}/role`)
      assert.deepStrictEqual(JSON.parse(request.body ?? ""), { role: "WORKSPACE_ACCESSOR" })
    }))

  it.effect("a custom base URL is used as given, a trailing slash dropped", () =>
    Effect.gen(function*() {
      const users = yield* AstronomerUsers.AstronomerUsers
      yield* users.getUser("org-1", "usr-1")
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.url.href, "http://proxy.internal:8080/v1alpha1/organizations/org-1/users/usr-1")
    }).pipe(Effect.provide(mockLayer(routes, { baseUrl: "http://proxy.internal:8080/v1alpha1/" }))))
})

describe("requests rejected before sending", () => {
  const rejected = <A>(
    call: (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<A, Errors.AstronomerError>
  ) =>
    Effect.map(sent(call), ({ requests, result }) => {
      assert.strictEqual(requests.length, 0)
      assert.strictEqual(result._tag, "Left")
      if (result._tag !== "Left" || result.left._tag !== "RequestValidationError") {
        return assert.fail("expected a RequestValidationError")
      }
      return result.left
    })

  it.effect("a negative offset or limit, or a fractional one", () =>
    Effect.gen(function*() {
      const offset = yield* rejected((users) => users.listOrgUsers("org-1", { offset: -1 }))
      assert.deepStrictEqual(offset.issues[0], { path: "query.offset", expected: "a non-negative integer" })
      assert.isTrue(offset.issues.every((issue) => issue.path === "query.offset"))
      assert.strictEqual(offset.operation, "listOrgUsers")
      assert.match(
        offset.message,
        /^Astronomer\.listOrgUsers: invalid request: query\.offset: expected a non-negative integer/
      )
      const limit = yield* rejected((users) => users.listWorkspaceUsers("org-1", "ws-1", { limit: -20 }))
      assert.deepStrictEqual(limit.issues[0], { path: "query.limit", expected: "a non-negative integer" })
      const fraction = yield* rejected((users) => users.listOrgUsers("org-1", { limit: 2.5 }))
      assert.deepStrictEqual(fraction.issues[0], { path: "query.limit", expected: "a non-negative integer" })
    }))

  it.effect("ids that cannot be carried by a URL: empty, `.` and `..`", () =>
    Effect.gen(function*() {
      const empty = yield* rejected((users) => users.getUser("", "usr-1"))
      assert.deepStrictEqual(empty.issues.map((issue) => issue.path), ["params.organizationId"])
      const dot = yield* rejected((users) => users.deleteOrgUser("org-1", "."))
      assert.deepStrictEqual(dot.issues.map((issue) => issue.path), ["params.userId"])
      const dots = yield* rejected((users) => users.deleteWorkspaceUser("org-1", "..", "usr-1"))
      assert.deepStrictEqual(dots.issues.map((issue) => issue.path), ["params.workspaceId"])
    }))

  it.effect("a sort criterion outside the documented ones (when types are bypassed)", () =>
    Effect.gen(function*() {
      const sorts: ReadonlyArray<string> = ["id:asc"]
      const invalid = yield* rejected((users) =>
        users.listWorkspaceUsers(
          "org-1",
          "ws-1",
          // Only reachable from untyped callers; the type of `sorts` forbids it.
          JSON.parse(JSON.stringify({ sorts }))
        )
      )
      assert.include(invalid.issues.map((issue) => issue.path), "query.sorts[0]")
    }))
})
