/**
 * With the default rate limits, a test on `TestClock` (`it.effect`) that makes no more calls of a
 * class than its quota never waits: the window admits a burst of `limit` at once; one more waits
 * for the window.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"
import { seedOrganization } from "./helpers.js"

// Astronomer's documented quotas (no `rateLimit` given) over a fake of 30 members.
const withDefaults = AstronomerUsers.layer({ token: Redacted.make(Fake.defaultToken), retry: false }).pipe(
  Layer.provide(Fake.layer(seedOrganization(30)))
)

describe("Astronomer with its default quotas, under TestClock", () => {
  it.effect("a stream of a few pages completes without any clock adjustment", () =>
    Effect.gen(function*() {
      const users = yield* AstronomerUsers.AstronomerUsers
      const all = yield* Stream.runCollect(users.listOrgUsersStream("org-big", { limit: 10 }))
      assert.strictEqual(Chunk.size(all), 30)
    }).pipe(Effect.provide(withDefaults)))

  it.effect("25 reads start at once; the 26th waits until the window frees", () =>
    Effect.gen(function*() {
      const users = yield* AstronomerUsers.AstronomerUsers
      yield* Effect.forEach(Array.from({ length: 25 }, (_, i) => i), () => users.listOrgUsers("org-big"), {
        concurrency: "unbounded",
        discard: true
      })
      const next = yield* Effect.fork(users.listOrgUsers("org-big"))
      yield* TestClock.adjust("1024 millis")
      assert.isTrue(Option.isNone(yield* Fiber.poll(next)))
      yield* TestClock.adjust("1 millis")
      assert.strictEqual((yield* Fiber.join(next)).totalCount, 30)
    }).pipe(Effect.provide(withDefaults)))
})
