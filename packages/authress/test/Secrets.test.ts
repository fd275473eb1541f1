import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Testing from "@userkit/core/Testing"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as ServiceClientToken from "../src/ServiceClientToken.js"
import { baseUrl, calls, mocked, vendorTestKey, vendorTestPrivateKey } from "./helpers.js"

// The first segment of every JWT the vendor key signs: finding it means a token leaked.
const jwtHeader = Buffer.from(JSON.stringify({ alg: "EdDSA", kid: "uDeF", typ: "at+jwt" })).toString("base64url")

const logged = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
  Effect.tapError(
    effect,
    (error) =>
      Effect.all([Effect.logDebug(error), Effect.logInfo(String(error)), Effect.logError(JSON.stringify(error))])
  )

const expectNoSecret = (text: string) => {
  expect(text).not.toContain(vendorTestKey)
  expect(text).not.toContain(vendorTestPrivateKey)
  expect(text).not.toContain(jwtHeader)
}

describe("the access key and the token it signs", () => {
  for (const [name, call] of Object.entries(calls)) {
    for (const status of [401, 404, 500]) {
      it.effect(`${name} ${status}: in no error, its JSON, the logs or the spans`, () =>
        Effect.gen(function*() {
          const users = yield* AuthressUsers.AuthressUsers
          const captured = yield* Testing.capture(logged(call(users)))
          expect(captured.text).toContain(`Authress.${name}`)
          expectNoSecret(captured.text)
          // The request did carry it: the check above is not vacuous.
          const [request] = yield* MockHttpClient.requests
          expect(request.headers["authorization"]).toContain(jwtHeader)
        }).pipe(Effect.provide(mocked([
          MockHttpClient.route("*", "*", () => MockHttpClient.json(status, { title: "no" }))
        ]))))
    }
  }

  it.effect("not in a timeout", () =>
    Effect.gen(function*() {
      const users = yield* AuthressUsers.AuthressUsers
      const fiber = yield* Effect.fork(Testing.capture(logged(users.getUser("oauth|ada"))))
      yield* TestClock.adjust(Duration.seconds(2))
      const captured = yield* Fiber.join(fiber)
      expect(captured.text).toContain("TimeoutError")
      expectNoSecret(captured.text)
    }).pipe(Effect.provide(mocked(
      [MockHttpClient.route("*", "*", () => Effect.never)],
      { timeout: Duration.seconds(1) }
    ))))

  it.scopedLive("not in a transport failure over real fetch", () =>
    Effect.gen(function*() {
      const users = yield* AuthressUsers.make({
        baseUrl: "http://127.0.0.1:9",
        accessKey: Redacted.make(vendorTestKey),
        retry: false,
        rateLimit: false
      })
      const captured = yield* Testing.capture(logged(users.getUsers()))
      expect(captured.text).toContain("TransportError")
      expectNoSecret(captured.text)
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it.effect("not in the options, the layer or the token provider when printed", () =>
    Effect.gen(function*() {
      const options = { baseUrl, accessKey: Redacted.make(vendorTestKey) }
      const token = yield* ServiceClientToken.make(options)
      const key = yield* ServiceClientToken.parse(options.accessKey)
      const minted = yield* token
      for (const text of [String(options.accessKey), JSON.stringify(options), String(minted), JSON.stringify(key)]) {
        expectNoSecret(text)
      }
      const captured = yield* Testing.capture(Effect.logInfo(options, key, minted))
      expectNoSecret(captured.text)
    }))
})
