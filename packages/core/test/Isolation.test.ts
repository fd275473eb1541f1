import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Client from "@userkit/core/Client"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { authsCarrying, getItem, itemJson, TestApi } from "./fixtures.js"
import { serve, transports } from "./loopback.js"

const auth = authsCarrying("k3y", "pw")[0][1]

// What the exchange sets for userkit's request (the platform span off, redirects off) must not
// reach the caller, whether the attempt ran in a live timeout's child fiber or in the caller's.
const refsAfterCalls = (timeout: false | undefined) =>
  Effect.gen(function*() {
    const server = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
    const client = yield* Client.make(TestApi, { baseUrl: server.url, auth, timeout })
    const disabledWhen = yield* FiberRef.get(HttpClient.currentTracerDisabledWhen)
    const context = yield* FiberRef.get(FiberRef.currentContext)
    for (let i = 0; i < 3; i++) yield* client.operation(getItem)({ params: { id: "a1" } })
    assert.strictEqual(yield* FiberRef.get(HttpClient.currentTracerDisabledWhen), disabledWhen)
    assert.strictEqual(yield* FiberRef.get(FiberRef.currentContext), context)
    assert.strictEqual(server.received.length, 3)
  })

describe.each(transports)("the caller's fiber refs after calls over $name", ({ layer }) => {
  it.live("with the default (live) timeout", () => refsAfterCalls(undefined).pipe(Effect.scoped, Effect.provide(layer)))
  it.live("with no timeout", () => refsAfterCalls(false).pipe(Effect.scoped, Effect.provide(layer)))
  // it.scoped runs under the TestClock: the timeout is then Effect.timeoutFail, which joins its fiber.
  it.scoped("under the TestClock", () => refsAfterCalls(undefined).pipe(Effect.provide(layer)))
})
