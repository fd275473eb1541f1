import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as RetriesSuite from "@userkit/testkit/RetriesSuite"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { apiKey, mocked } from "./helpers.js"

// The shared retry suite (packages/testkit), run against this vendor's every operation.
RetriesSuite.retriesSuite({
  api: Api.RocksetApi,
  tag: RocksetUsers.RocksetUsers,
  layer: (client, transport) =>
    RocksetUsers.layer({ apiKey: Redacted.make(apiKey), rateLimit: false, ...transport }).pipe(Layer.provide(client))
})

// Rockset's own: which of its operations may be retried, and Retry-After honoured to the second.
const thenOk = (first: () => Response) => {
  let calls = 0
  return [MockHttpClient.route("*", "*", () => calls++ === 0 ? first() : MockHttpClient.json(200, { email: "a@x.io" }))]
}

describe("retries (default policy)", () => {
  it.effect("a 429 with Retry-After is retried after exactly that long", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      const fiber = yield* Effect.fork(users.get("a@x.io"))
      yield* TestClock.adjust(Duration.seconds(2))
      assert.strictEqual((yield* MockHttpClient.requests).length, 1)
      yield* TestClock.adjust(Duration.seconds(1))
      assert.strictEqual((yield* Fiber.join(fiber)).email, "a@x.io")
      assert.strictEqual((yield* MockHttpClient.requests).length, 2)
    }).pipe(Effect.provide(mocked(
      thenOk(() => MockHttpClient.json(429, { type: "RATELIMITEXCEEDED" }, { "retry-after": "3" })),
      { retry: {} }
    ))))

  it.effect("a 503 on a GET is retried", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork((yield* RocksetUsers.RocksetUsers).get("a@x.io"))
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual((yield* MockHttpClient.requests).length, 2)
    }).pipe(Effect.provide(mocked(thenOk(() => MockHttpClient.json(503, {})), { retry: {} }))))

  it.effect("a 503 on create (POST) is not retried: the user may exist already", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      const error = yield* Effect.flip(users.create({ email: "a@x.io", roles: [] }))
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual((yield* MockHttpClient.requests).length, 1)
    }).pipe(Effect.provide(mocked(thenOk(() => MockHttpClient.json(503, {})), { retry: {} }))))

  it.effect("a 503 on update (Rockset updates with POST) is not retried either", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* RocksetUsers.RocksetUsers).update("a@x.io", { roles: [] }))
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual((yield* MockHttpClient.requests).length, 1)
    }).pipe(Effect.provide(mocked(thenOk(() => MockHttpClient.json(503, {})), { retry: {} }))))
})
