import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as RocksetUsers from "../src/RocksetUsers.js"

const user = { email: "ada@example.com", first_name: "Ada", last_name: "Lovelace", roles: ["admin"] }

const answering = (respond: MockHttpClient.MockRoute["respond"]) =>
  MockHttpClient.layer([MockHttpClient.route("GET", "*", respond)])

const over = (options: Omit<RocksetUsers.Options, "apiKey">) =>
  RocksetUsers.layer({ apiKey: Redacted.make("k"), rateLimit: false, ...options })

// The boundary's options reach the client through every vendor's layer, not only through core.
describe("call options of the layer", () => {
  it.effect("maxResponseBytes caps a success body: ResponseTooLarge, not the user", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* RocksetUsers.RocksetUsers).get("ada@example.com"))
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual(error._tag === "TransportError" ? error.reason : undefined, "ResponseTooLarge")
    }).pipe(
      Effect.provide(
        over({ maxResponseBytes: 16 }).pipe(
          Layer.provide(answering(() => MockHttpClient.json(200, { data: user })))
        )
      )
    ))

  it.effect("deadline bounds the whole call, retries and their waits included", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork((yield* RocksetUsers.RocksetUsers).get("ada@example.com"))
      yield* TestClock.adjust("3 seconds")
      const error = yield* Effect.flip(Fiber.join(fiber))
      assert.strictEqual(error._tag, "TimeoutError")
    }).pipe(
      Effect.provide(
        over({ deadline: "2 seconds", timeout: false }).pipe(
          Layer.provide(answering(() => Effect.never))
        )
      )
    ))

  it.effect("layerConfig takes timeout false, a deadline and a body cap as values or Configs", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* RocksetUsers.RocksetUsers).get("ada@example.com"))
      assert.strictEqual(error._tag === "TransportError" ? error.reason : error._tag, "ResponseTooLarge")
    }).pipe(
      Effect.provide(
        RocksetUsers.layerConfig({ timeout: false, deadline: "1 minute", maxResponseBytes: 16, rateLimit: false }).pipe(
          Layer.provide(answering(() => MockHttpClient.json(200, { data: user }))),
          Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["ROCKSET_APIKEY", "k"]]))))
        )
      )
    ))
})
