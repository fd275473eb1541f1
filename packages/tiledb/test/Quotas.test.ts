/** TileDB's throttle signal, 503, slows the client layer's class down (`rateLimit`). */
import { assert, describe, it } from "@effect/vitest"
import * as FakeServer from "@userkit/core/FakeServer"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Fake from "../src/Fake.js"
import * as TileDBUsers from "../src/TileDBUsers.js"

// Fifteen reads at once after one answered 503; answers when each reached the fake.
const readsAfter503 = (rateLimit?: false) =>
  Effect.gen(function*() {
    const reads: Array<number> = []
    const fake = yield* Fake.make({
      quota: {
        counts: Effect.succeed({}),
        admit: (operation) =>
          operation !== "getUser" ? Effect.void : Effect.flatMap(Clock.currentTimeMillis, (now) => {
            reads.push(now)
            return reads.length === 1 ? FakeServer.fail(503, "not enough capacity") : Effect.void
          })
      }
    })
    const users = yield* TileDBUsers.make({ apiKey: Redacted.make(Fake.defaultApiKey), rateLimit }).pipe(
      Effect.provide(fake.layer)
    )
    const fiber = yield* Effect.fork(Effect.zipRight(
      users.getUser(),
      Effect.forEach(Array.from({ length: 15 }, (_, i) => i), () => users.getUser(), { concurrency: "unbounded" })
    ))
    yield* TestClock.adjust("10 seconds")
    yield* Fiber.join(fiber)
    return reads.slice(2).map((time) => time - (reads[1] ?? 0))
  })

describe("TileDB rate limits, through the layer", () => {
  it.scoped("a 503 counts as the throttle: the class is then limited to 10 a second", () =>
    Effect.gen(function*() {
      const reads = yield* readsAfter503()
      for (const start of reads) {
        assert.isAtMost(reads.filter((time) => time >= start && time < start + 1000).length, 10)
      }
      assert.isAtLeast(Math.max(...reads), 1000)
    }))

  it.scoped("with rateLimit: false the 503 slows nothing down", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(new Set(yield* readsAfter503(false)), new Set([0]))
    }))
})
