/** Rockset's quotas kept by the client layer (`rateLimit`), counted at the fake. */
import { assert, describe, it } from "@effect/vitest"
import * as FakeQuota from "@userkit/core/FakeQuota"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Fake from "../src/Fake.js"
import * as Quotas from "../src/Quotas.js"
import * as RocksetUsers from "../src/RocksetUsers.js"

describe("Rockset rate limits, through the layer", () => {
  it.scoped("creates keep 10 per minute: of 20 at once, 10 start at once and 10 a minute later, never 11 in a minute", () =>
    Effect.gen(function*() {
      const quota = FakeQuota.make(Quotas.quotas, { enforce: false })
      const fake = yield* Fake.make({ quota })
      const users = yield* RocksetUsers.make({ apiKey: Redacted.make(Fake.defaultApiKey) }).pipe(
        Effect.provide(fake.layer)
      )
      const fiber = yield* Effect.fork(Effect.forEach(
        Array.from({ length: 20 }, (_, i) => `user${i}@example.com`),
        (email) => users.create({ email, roles: ["member"] }),
        { concurrency: "unbounded" }
      ))
      // The window is a minute and the default margin of 25 ms.
      yield* TestClock.adjust("60024 millis")
      assert.isNull(fiber.unsafePoll())
      yield* TestClock.adjust("1 millis")
      assert.strictEqual((yield* Fiber.join(fiber)).length, 20)
      assert.deepStrictEqual((yield* quota.counts).create, {
        limit: 10,
        intervalMillis: 60_000,
        admitted: 20,
        refused: 0,
        maxInWindow: 10
      })
    }))
})
