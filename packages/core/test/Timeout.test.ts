import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import { getItem, TestApi } from "./fixtures.js"
import { serve, transports, waitLive } from "./loopback.js"

// The per-attempt timeout under the live clock runs the attempt in one child fiber with a timer
// (internal/timeout.ts): both ways an attempt can be cut short must still close its connection.
const silent = serve(() => undefined)

const callOver = (url: string, timeout: Duration.DurationInput) =>
  Effect.flatMap(
    Client.make(TestApi, { baseUrl: url, auth: Auth.header("X-Acme-Key", Redacted.make("k")), retry: false, timeout }),
    (client) => client.operation(getItem)({ params: { id: "a1" } })
  )

describe("the per-attempt timeout in real time", () => {
  for (const transport of transports) {
    it.live(`${transport.name}: a server that never answers: TimeoutError, and the socket is closed`, () =>
      Effect.gen(function*() {
        const server = yield* silent
        const error = yield* Effect.flip(callOver(server.url, "150 millis"))
        assert.strictEqual(error._tag, "TimeoutError")
        yield* waitLive(() => server.openSockets() === 0)
      }).pipe(Effect.scoped, Effect.provide(transport.layer)))

    it.live(`${transport.name}: the caller interrupting the call before the timeout closes the socket`, () =>
      Effect.gen(function*() {
        const server = yield* silent
        const fiber = yield* Effect.fork(callOver(server.url, "30 seconds"))
        yield* waitLive(() => server.received.length === 1)
        yield* Fiber.interrupt(fiber)
        yield* waitLive(() => server.openSockets() === 0)
      }).pipe(Effect.scoped, Effect.provide(transport.layer)))
  }
})
