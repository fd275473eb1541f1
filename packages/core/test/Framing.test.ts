import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { getItem, itemJson, TestApi } from "./fixtures.js"
import { serve, transports } from "./loopback.js"

// A body framed by its content-length is read whole through the transport's own text when it fits
// the limit; one a byte longer than the limit still fails ResponseTooLarge.
const body = JSON.stringify(itemJson)

describe("a body framed by content-length", () => {
  for (const transport of transports) {
    for (
      const [maxResponseBytes, outcome] of [[body.length, "Success"], [body.length - 1, "ResponseTooLarge"]] as const
    ) {
      it.live(`${transport.name}: ${body.length} bytes under maxResponseBytes ${maxResponseBytes}: ${outcome}`, () =>
        Effect.gen(function*() {
          const server = yield* serve((_req, res) => {
            res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) })
            res.end(body)
          })
          const client = yield* Client.make(TestApi, {
            baseUrl: server.url,
            auth: Auth.header("X-Acme-Key", Redacted.make("k")),
            retry: false,
            maxResponseBytes
          })
          const exit = yield* Effect.either(client.operation(getItem)({ params: { id: "a1" } }))
          if (outcome === "Success") return assert.strictEqual(exit._tag === "Right" && exit.right.id, "a1")
          assert.strictEqual(exit._tag === "Left" && exit.left._tag === "TransportError" && exit.left.reason, outcome)
        }).pipe(Effect.scoped, Effect.provide(transport.layer)))
    }
  }
})
