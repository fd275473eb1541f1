import { assert, describe, it } from "@effect/vitest"
import * as CoreErrors from "@userkit/core/Errors"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Calls from "@userkit/testkit/Calls"
import * as Failures from "@userkit/testkit/Failures"
import * as Api from "@userkit/tiledb/Api"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Effect from "effect/Effect"
import { errorBody, mockLayer } from "./support.js"

const calls = Calls.all<TileDBUsers.TileDBUsersService>(Api.TileDBApi)

const failWith = (status: number, respond: () => Response = () => MockHttpClient.json(status, errorBody(status))) =>
  mockLayer([MockHttpClient.route("*", "*", respond)])

// Every (operation, status) pair the declarations name, walked from the declarations themselves.
describe("every operation and documented status", () => {
  for (const endpoint of Api.TileDBApi.endpoints) {
    const name = endpoint.name
    const call = calls[name]
    describe(name, () => {
      for (const status of endpoint.errors) {
        it.effect(`${status} is ${CoreErrors.statusTags[status]} with TileDB's Error body`, () =>
          Effect.gen(function*() {
            const users = yield* TileDBUsers.TileDBUsers
            const error = yield* Effect.flip(call(users))
            assert.strictEqual(error._tag, CoreErrors.statusTags[status])
            if (error._tag === "UnexpectedStatus" || !("body" in error)) return assert.fail(error._tag)
            assert.strictEqual(error.status, status)
            assert.deepStrictEqual(error.body, {
              code: status * 10,
              message: `failure ${status}`,
              request_id: `req-${status}`
            })
            assert.strictEqual(error.requestId, `req-${status}`)
            assert.strictEqual(error.vendor, "TileDB")
            assert.strictEqual(error.operation, name)
            assert.strictEqual(error.route, endpoint.path)
            assert.match(
              error.message,
              new RegExp(`^TileDB\\.${name}: ${status} [A-Za-z ]+: failure ${status} \\(request id req-${status}\\)$`)
            )
          }).pipe(Effect.provide(failWith(status))))
      }

      it.effect("418, a status without a class, is UnexpectedStatus with the body text", () =>
        Effect.gen(function*() {
          const users = yield* TileDBUsers.TileDBUsers
          const error = yield* Failures.tagged(call(users), "UnexpectedStatus")
          assert.strictEqual(error.status, 418)
          assert.strictEqual(error.requestId, "req-418")
          assert.strictEqual(error.bodyText, JSON.stringify(errorBody(418)))
        }).pipe(Effect.provide(failWith(418))))

      it.effect("succeeds on its documented success", () =>
        Effect.gen(function*() {
          const users = yield* TileDBUsers.TileDBUsers
          yield* call(users)
          const [request] = yield* MockHttpClient.requests
          assert.strictEqual(request.method, endpoint.method)
        }).pipe(Effect.provide(failWith(200, () => Calls.successResponse(endpoint)))))
    })
  }
})

describe("the default response", () => {
  it.effect("maps 409 to Conflict and 404 to NotFound on an operation that documents neither", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const conflict = yield* Effect.flip(users.createUser({ username: "taken" }))
      assert.strictEqual(conflict._tag, "Conflict")
      const notFound = yield* Failures.tagged(users.deleteUser("missing"), "NotFound")
      assert.strictEqual(notFound.body?.message, "failure 404")
    }).pipe(
      Effect.provide(mockLayer([
        MockHttpClient.route("POST", "/v1/user", () => MockHttpClient.json(409, errorBody(409))),
        MockHttpClient.route("DELETE", "/v1/users/{username}", () => MockHttpClient.json(404, errorBody(404)))
      ]))
    ))

  it.effect("keeps 502 typed as BadGateway without a body, as the spec documents it", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const error = yield* Failures.tagged(users.getUser(), "BadGateway")
      assert.strictEqual(error.body, undefined)
      assert.strictEqual(error.bodyText, "<html>bad gateway</html>")
      assert.strictEqual(error.message, "TileDB.getUser: 502 Bad Gateway")
    }).pipe(Effect.provide(failWith(502, () => MockHttpClient.text(502, "<html>bad gateway</html>")))))

  it.effect("keeps a documented 404 typed when the body is empty", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const error = yield* Failures.tagged(users.getUserWithUsername("ada"), "NotFound")
      assert.strictEqual(error.body, undefined)
    }).pipe(Effect.provide(failWith(404, () => MockHttpClient.empty(404)))))

  it.effect("takes the request id from x-request-id when the body has none", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const error = yield* Failures.tagged(users.getUser(), "InternalServerError")
      assert.strictEqual(error.requestId, "hdr-1")
    }).pipe(
      Effect.provide(failWith(500, () => MockHttpClient.json(500, { message: "x" }, { "x-request-id": "hdr-1" })))
    ))
})
