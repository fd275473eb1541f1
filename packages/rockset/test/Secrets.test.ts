import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Testing from "@userkit/core/Testing"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { apiKey, calls, mocked } from "./helpers.js"

const logged = <A, E extends { readonly _tag: string }>(effect: Effect.Effect<A, E>) =>
  Effect.tapError(
    effect,
    (error) =>
      Effect.all([Effect.logDebug(error), Effect.logInfo(String(error)), Effect.logError(JSON.stringify(error))])
  )

describe("the API key", () => {
  for (const [name, call] of Object.entries(calls)) {
    for (const status of [400, 401, 500]) {
      it.effect(`${name} ${status}: not in the error, its JSON, the logs or the spans`, () =>
        Effect.gen(function*() {
          const users = yield* RocksetUsers.RocksetUsers
          const captured = yield* Testing.capture(logged(call(users)))
          expect(captured.text).toContain(`Rockset.${name}`)
          expect(captured.text).not.toContain(apiKey)
        }).pipe(Effect.provide(mocked([
          MockHttpClient.route("*", "*", () => MockHttpClient.json(status, { message: "no" }))
        ]))))
    }
  }

  it.scopedLive("not in a transport failure over real fetch", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.make({
        apiKey: Redacted.make(apiKey),
        baseUrl: "http://127.0.0.1:9",
        retry: false,
        rateLimit: false
      })
      const captured = yield* Testing.capture(logged(users.list()))
      expect(captured.text).toContain("TransportError")
      expect(captured.text).not.toContain(apiKey)
    }).pipe(Effect.provide(FetchHttpClient.layer)))
})
