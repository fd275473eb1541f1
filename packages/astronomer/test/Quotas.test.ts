import { assert, describe, it } from "@effect/vitest"
import * as RateLimit from "@userkit/core/RateLimit"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as TestClock from "effect/TestClock"
import * as Quotas from "../src/Quotas.js"

// 100 deletes at once; answers the TestClock time each one started at.
const deletes = (option: RateLimit.Option | undefined) =>
  Effect.gen(function*() {
    const limiter = yield* RateLimit.make(RateLimit.resolve(Quotas.quotas, option))
    const fiber = yield* Effect.fork(Effect.forEach(
      Array.from({ length: 100 }, (_, i) => i),
      () => limiter.limit("deleteOrgUser", Clock.currentTimeMillis),
      { concurrency: "unbounded" }
    ))
    yield* TestClock.adjust("1 minute")
    return yield* Fiber.join(fiber)
  })

describe("Astronomer quotas", () => {
  it.scoped("100 concurrent deletes take at least 19 s and never more than 5 start in a second", () =>
    Effect.gen(function*() {
      const times = yield* deletes(undefined)
      assert.isAtLeast(Math.max(...times) - Math.min(...times), 19_000)
      for (const start of times) {
        assert.isAtMost(times.filter((time) => time >= start && time < start + 1000).length, 5)
      }
    }))

  it.scoped("with rateLimit: false they are not delayed", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(new Set(yield* deletes(false)), new Set([0]))
    }))

  it.scoped("after a 429 the class halves its pace for the cooldown (30 s by default)", () =>
    Effect.gen(function*() {
      const limiter = yield* RateLimit.make(RateLimit.resolve(Quotas.quotas, undefined))
      yield* limiter.observe("deleteWorkspaceUser", 429)
      assert.isTrue(yield* limiter.isThrottled("delete"))
      assert.isFalse(yield* limiter.isThrottled("read"))
      yield* TestClock.adjust("30 seconds")
      assert.isFalse(yield* limiter.isThrottled("delete"))
    }))
})
