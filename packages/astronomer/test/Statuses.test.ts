import { assert, describe, it } from "@effect/vitest"
import * as CoreErrors from "@userkit/core/Errors"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import { at, calls, errorJson, mockLayer, statusError } from "./helpers.js"

const failWith = (endpoint: (typeof Api.AstronomerApi.endpoints)[number], response: () => Response) =>
  Effect.gen(function*() {
    const users = yield* AstronomerUsers.AstronomerUsers
    const error = yield* Effect.flip(calls[endpoint.name](users))
    const requests = yield* MockHttpClient.requests
    return { error, requests }
  }).pipe(Effect.provide(mockLayer([MockHttpClient.route(endpoint.method, at(endpoint.path), response)])))

describe("every (operation, documented status) pair", () => {
  // The seed documents 400, 401, 403, 404 and 500 for every operation except the two listings,
  // which have no 404: the rule, not a row per operation (conformance compares each with the seed).
  it("the declaration has the statuses the seed documents: no 404 for a listing, the five elsewhere", () => {
    for (const endpoint of Api.AstronomerApi.endpoints) {
      const listing = endpoint.method === "GET" && endpoint.path.endsWith("/users")
      assert.deepStrictEqual(
        endpoint.errors,
        listing ? Api.listStatuses : Api.documentedStatuses,
        `${endpoint.name} (${endpoint.method} ${endpoint.path})`
      )
    }
    assert.deepStrictEqual(
      Api.AstronomerApi.endpoints.filter((endpoint) => endpoint.errors === Api.listStatuses).map((e) => e.name),
      ["listOrgUsers", "listWorkspaceUsers"]
    )
  })

  for (const endpoint of Api.AstronomerApi.endpoints) {
    for (const status of endpoint.errors) {
      const tag = CoreErrors.statusTags[status]
      it.effect(`${endpoint.name}: ${status} is ${tag} with the decoded Error`, () =>
        Effect.gen(function*() {
          const { error, requests } = yield* failWith(
            endpoint,
            () => MockHttpClient.json(status, errorJson(status, `no luck (${status})`, `req-${status}`))
          )
          assert.strictEqual(requests.length, 1)
          const failure = statusError(error)
          assert.isDefined(failure)
          assert.strictEqual(failure._tag, tag)
          assert.strictEqual(failure.status, status)
          assert.deepStrictEqual(failure.body, {
            message: `no luck (${status})`,
            requestId: `req-${status}`,
            statusCode: status
          })
          assert.strictEqual(failure.requestId, `req-${status}`)
          assert.strictEqual(failure.vendor, "Astronomer")
          assert.strictEqual(failure.operation, endpoint.name)
          assert.strictEqual(failure.method, endpoint.method)
          assert.strictEqual(failure.route, endpoint.path)
          assert.strictEqual(
            failure.message,
            `Astronomer.${endpoint.name}: ${status} ${tag.replace(/([a-z])([A-Z])/g, "$1 $2")}: no luck (${status})` +
              ` (request id req-${status})`
          )
        }))
    }

    it.effect(`${endpoint.name}: a documented status without a body is still its typed failure`, () =>
      Effect.gen(function*() {
        const { error } = yield* failWith(endpoint, () => MockHttpClient.empty(403))
        const failure = statusError(error)
        assert.isDefined(failure)
        assert.strictEqual(failure._tag, "Forbidden")
        assert.isUndefined(failure.body)
        assert.isUndefined(failure.requestId)
      }))

    // 409 is documented nowhere; 404 is not documented for the listings.
    const undocumented = endpoint.errors.some((s) => s === 404) ? 409 : 404
    it.effect(`${endpoint.name}: undocumented ${undocumented} is UnexpectedStatus keeping the body`, () =>
      Effect.gen(function*() {
        const { error } = yield* failWith(
          endpoint,
          () => MockHttpClient.json(undocumented, errorJson(undocumented, "surprise", "req-u"))
        )
        assert.strictEqual(error._tag, "UnexpectedStatus")
        if (!(error instanceof CoreErrors.UnexpectedStatus)) return
        assert.strictEqual(error.status, undocumented)
        assert.strictEqual(error.requestId, "req-u")
        assert.strictEqual(error.bodyText, JSON.stringify(errorJson(undocumented, "surprise", "req-u")))
      }))
  }

  it.effect("the streams fail with the listing's typed failure", () =>
    Effect.gen(function*() {
      const users = yield* AstronomerUsers.AstronomerUsers
      const org = yield* Effect.flip(Stream.runCollect(users.listOrgUsersStream("org-1")))
      const workspace = yield* Effect.flip(Stream.runCollect(users.listWorkspaceUsersStream("org-1", "ws-1")))
      assert.strictEqual(org._tag, "Forbidden")
      assert.strictEqual(workspace._tag, "Forbidden")
    }).pipe(
      Effect.provide(mockLayer([MockHttpClient.route("GET", "*", () => MockHttpClient.json(403, errorJson(403)))]))
    ))
})
