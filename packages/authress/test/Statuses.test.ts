import { assert, describe, it } from "@effect/vitest"
import * as CoreErrors from "@userkit/core/Errors"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Effect from "effect/Effect"
import * as Api from "../src/Api.js"
import * as AuthressUsers from "../src/AuthressUsers.js"
import { calls, mocked } from "./helpers.js"

const errorBody = { title: "Nope: it failed", errorCode: "SomethingNew", errorId: "err-9" }

// Every (operation, documented status) pair, driven by the declarations themselves.
describe("every documented status of every operation", () => {
  it("the declarations document exactly the statuses Authress lists", () => {
    assert.deepStrictEqual(
      Object.fromEntries(Api.AuthressApi.endpoints.map((endpoint) => [endpoint.name, endpoint.errors])),
      { deleteUser: [401, 403, 404], getUser: [401, 403, 404], getUsers: [401, 403], linkTenantUser: [401, 403, 404] }
    )
  })

  for (const endpoint of Api.AuthressApi.endpoints) {
    const call = calls[endpoint.name]
    for (const status of endpoint.errors) {
      it.effect(`${endpoint.name} ${status} → ${CoreErrors.statusTags[status]} with Authress's error body`, () =>
        Effect.gen(function*() {
          if (call === undefined) return assert.fail("no call")
          const error = yield* Effect.flip(call(yield* AuthressUsers.AuthressUsers))
          assert.strictEqual(error._tag, CoreErrors.statusTags[status])
          if (!("status" in error) || !("body" in error) || !("requestId" in error) || !("message" in error)) {
            return assert.fail(`not a status error: ${error._tag}`)
          }
          assert.strictEqual(error.status, status)
          assert.deepStrictEqual(error.body, errorBody)
          assert.strictEqual(error.requestId, "err-9")
          assert.strictEqual(
            error.message,
            `Authress.${endpoint.name}: ${status} ${
              CoreErrors.statusTags[status].replace(/([a-z])([A-Z])/g, "$1 $2")
            }: Nope: it failed (request id err-9)`
          )
          const requests = yield* MockHttpClient.requests
          assert.strictEqual(requests.length, 1)
          assert.strictEqual(requests[0].method, endpoint.method)
        }).pipe(Effect.provide(mocked([
          MockHttpClient.route("*", "*", () => MockHttpClient.json(status, { ...errorBody, extra: true }))
        ]))))

      it.effect(`${endpoint.name} ${status} without a body is still ${CoreErrors.statusTags[status]}`, () =>
        Effect.gen(function*() {
          if (call === undefined) return assert.fail("no call")
          const error = yield* Effect.flip(call(yield* AuthressUsers.AuthressUsers))
          assert.strictEqual(error._tag, CoreErrors.statusTags[status])
          if (!("body" in error) || !("requestId" in error) || !("bodyText" in error)) {
            return assert.fail(`not a status error: ${error._tag}`)
          }
          assert.isUndefined(error.body)
          assert.isUndefined(error.bodyText)
          assert.strictEqual(error.requestId, "hdr-1")
        }).pipe(Effect.provide(mocked([
          MockHttpClient.route("*", "*", () => MockHttpClient.empty(status, { "x-request-id": "hdr-1" }))
        ]))))
    }

    for (const status of [400, 404, 409, 500].filter((s) => !endpoint.errors.some((e) => e === s))) {
      it.effect(`${endpoint.name}: undocumented ${status} is UnexpectedStatus, the body text kept`, () =>
        Effect.gen(function*() {
          if (call === undefined) return assert.fail("no call")
          const error = yield* Effect.flip(call(yield* AuthressUsers.AuthressUsers))
          if (error._tag !== "UnexpectedStatus" || !("bodyText" in error) || !("status" in error)) {
            return assert.fail(error._tag)
          }
          assert.strictEqual(error.status, status)
          assert.strictEqual(error.bodyText, "<html>gateway</html>")
        }).pipe(Effect.provide(mocked([
          MockHttpClient.route("*", "*", () => MockHttpClient.text(status, "<html>gateway</html>"))
        ]))))
    }
  }
})
