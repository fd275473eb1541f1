import { assert, describe, it } from "@effect/vitest"
import * as CoreErrors from "@userkit/core/Errors"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Effect from "effect/Effect"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { calls, mocked } from "./helpers.js"

// Every (operation, documented status) pair, driven by the declarations themselves.
describe("every documented status of every operation", () => {
  for (const endpoint of Api.RocksetApi.endpoints) {
    const call = calls[endpoint.name]
    for (const status of endpoint.errors) {
      it.effect(`${endpoint.name} ${status} → ${CoreErrors.statusTags[status]}`, () =>
        Effect.gen(function*() {
          assert.isDefined(call)
          if (call === undefined) return
          const users = yield* RocksetUsers.RocksetUsers
          const error = yield* Effect.flip(call(users))
          assert.strictEqual(error._tag, CoreErrors.statusTags[status])
          if (!("status" in error) || !("body" in error) || !("requestId" in error)) {
            return assert.fail(`not a status error: ${error._tag}`)
          }
          assert.strictEqual(error.status, status)
          assert.deepStrictEqual(error.body, { message: "it failed", type: "SOMETHING_NEW", trace_id: "trace-9" })
          assert.strictEqual(error.requestId, "trace-9")
          const requests = yield* MockHttpClient.requests
          assert.strictEqual(requests.length, 1)
          assert.strictEqual(requests[0].method, endpoint.method)
        }).pipe(Effect.provide(mocked([
          MockHttpClient.route("*", "*", () =>
            MockHttpClient.json(status, { message: "it failed", type: "SOMETHING_NEW", trace_id: "trace-9" }))
        ]))))
    }

    it.effect(`${endpoint.name}: an undocumented status is UnexpectedStatus`, () =>
      Effect.gen(function*() {
        if (call === undefined) return assert.fail("no call")
        const error = yield* Effect.flip(call(yield* RocksetUsers.RocksetUsers))
        assert.strictEqual(error._tag, "UnexpectedStatus")
      }).pipe(Effect.provide(mocked([MockHttpClient.route("*", "*", () => MockHttpClient.text(504, "gateway"))]))))
  }
})
