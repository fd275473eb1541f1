import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Tracing from "@userkit/testkit/Tracing"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { apiKey, errorBody, mockLayer } from "./support.js"

// The token revoked travels in the path: it is itself a credential.
const token = "tdb-token-in-the-path-3e9f1a"

describe("spans of a secret-path call, in OpenTelemetry", () => {
  for (const [status, errorType] of [[204, undefined], [404, "404"]] as const) {
    it.effect(`revokeToken (${status}): the spans carry the template, never the token`, () =>
      Effect.gen(function*() {
        const users = yield* TileDBUsers.TileDBUsers
        yield* Effect.exit(users.revokeToken(token))
        const spans = yield* Effect.flatMap(Tracing.Spans, (recorded) => recorded.finished)
        assert.deepStrictEqual(spans.map((span) => span.name), ["DELETE /v1/tokens/{token}", "TileDB.revokeToken"])
        const [attempt] = spans
        assert.deepStrictEqual(attempt?.attributes, {
          "http.request.method": "DELETE",
          "url.template": "/v1/tokens/{token}",
          "server.address": "api.tiledb.com",
          "server.port": 443,
          "http.response.status_code": status,
          ...(errorType === undefined ? {} : { "error.type": errorType })
        })
        const everything = JSON.stringify(spans)
        assert.notInclude(everything, token)
        assert.notInclude(everything, encodeURIComponent(token))
        assert.notInclude(everything, apiKey)
      }).pipe(
        Effect.provide(Layer.merge(
          mockLayer([
            MockHttpClient.route("DELETE", "/v1/tokens/{token}", () =>
              status === 204
                ? MockHttpClient.empty(204)
                : MockHttpClient.json(404, { ...errorBody(404), message: `no token ${token}` }))
          ]),
          Tracing.layer
        ))
      ))
  }
})
