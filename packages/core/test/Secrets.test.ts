import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, expect, it } from "@effect/vitest"
import type * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Testing from "@userkit/core/Testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { acmeClient, authsCarrying, createItem, getItem, TestApi } from "./fixtures.js"

const key = "k3y-that-must-never-leak"
const password = "pässwörd-密码-never-leak"

const auths = authsCarrying(key, password)

// Logs the failure the way an application would, at every level, inside the call's span.
const failAndLog = (auth: Auth.Auth) =>
  Effect.gen(function*() {
    const client = yield* Client.make(TestApi, { baseUrl: "http://127.0.0.1:9", auth, retry: false })
    const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
    yield* Effect.logTrace(error)
    yield* Effect.logDebug("failed", error)
    yield* Effect.logInfo(String(error))
    yield* Effect.logWarning(error.message)
    yield* Effect.logError(Cause.fail(error))
    yield* Effect.logFatal(JSON.stringify(error))
    return yield* Effect.fail(error)
  })

describe("Secrets", () => {
  for (const [name, auth] of auths) {
    it.effect(`${name}: never in an error, a log line or a span attribute (status failure)`, () =>
      Effect.gen(function*() {
        const captured = yield* Testing.capture(failAndLog(auth))
        assert.isTrue(captured.logs.length >= 12)
        assert.isTrue(captured.spans.some((span) => span.name === "Acme.getItem"))
        expect(captured.text).toContain("Acme.getItem")
        expect(captured.text).not.toContain(key)
        expect(captured.text).not.toContain(password)
        expect(captured.text).not.toContain(btoa("ada:"))
      }).pipe(Effect.provide(MockHttpClient.layer([
        MockHttpClient.route("*", "*", () => MockHttpClient.json(401, { detail: "bad credentials" }))
      ]))))

    it.live(`${name}: never in a transport failure or the attempt span of a real fetch`, () =>
      Effect.gen(function*() {
        const captured = yield* Testing.capture(failAndLog(auth))
        const attemptSpan = captured.spans.find((span) => span.name === "GET /items/{id}")
        assert.strictEqual(attemptSpan?.attributes.get("error.type"), "TransportError")
        assert.isFalse(captured.spans.some((span) => span.name.startsWith("http.client")), "no platform span")
        expect(captured.text).toContain("TransportError")
        expect(captured.text).not.toContain(key)
        expect(captured.text).not.toContain(password)
      }).pipe(Effect.provide(FetchHttpClient.layer)))
  }

  it.effect("a Redacted body field is sent but never echoed by validation", () =>
    Effect.gen(function*() {
      const client = yield* acmeClient(key)
      const captured = yield* Testing.capture(
        client.operation(createItem)({ params: {}, body: { id: "x", secret: Redacted.make(password) } })
      )
      expect(captured.text).toContain("RequestValidationError")
      expect(captured.text).not.toContain(password)
    }).pipe(Effect.provide(MockHttpClient.layer([]))))
})
