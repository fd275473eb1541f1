import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as BoundarySuite from "@userkit/testkit/BoundarySuite"
import * as Failures from "@userkit/testkit/Failures"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as TileDBUsers from "../src/TileDBUsers.js"
import { errorBody, mockLayer } from "./support.js"

// The shared transport-boundary suite (packages/testkit), over real sockets, every operation:
// `X-TILEDB-REST-API-KEY` is the header fetch re-sent to another origin on a redirect.
BoundarySuite.boundarySuite({
  api: Api.TileDBApi,
  schemes: [
    {
      name: "X-TILEDB-REST-API-KEY",
      header: "X-TILEDB-REST-API-KEY",
      service: (baseUrl, secret) => TileDBUsers.make({ apiKey: Redacted.make(secret), baseUrl, rateLimit: false })
    },
    {
      name: "HTTP Basic",
      header: "Authorization",
      service: (baseUrl, secret) =>
        TileDBUsers.make({ username: "ada", password: Redacted.make(secret), baseUrl, rateLimit: false })
    }
  ]
})

describe("UnexpectedStatus keeps TileDB's `default` error body", () => {
  it.effect("418 with its Error body: the decoded code, message and request_id, typed", () =>
    Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const error = yield* Failures.tagged(users.getUser(), "UnexpectedStatus")
      // `body` is typed as TileDB's `Error` model: no narrowing needed to read its fields.
      assert.deepStrictEqual(
        { code: error.body?.code, message: error.body?.message, request_id: error.body?.request_id },
        { code: 4180, message: "failure 418", request_id: "req-418" }
      )
      assert.strictEqual(error.bodyText, JSON.stringify(errorBody(418)))
    }).pipe(
      Effect.provide(mockLayer([MockHttpClient.route("*", "*", () => MockHttpClient.json(418, errorBody(418)))]))
    ))
})
