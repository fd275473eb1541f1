/**
 * Astronomer's quotas kept by the client layer itself (`rateLimit`), counted at the fake: the
 * acceptance of issue 16 (100 concurrent deletes at 5/s), `false`, the lowered limit after a 429,
 * and one window per credential.
 */
import { assert, describe, it } from "@effect/vitest"
import * as FakeQuota from "@userkit/core/FakeQuota"
import * as FakeServer from "@userkit/core/FakeServer"
import type * as RateLimit from "@userkit/core/RateLimit"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"
import * as Quotas from "../src/Quotas.js"

const organizationId = Fake.defaultOrganizationId

// A fake that counts every request against Astronomer's real quotas without refusing any (so
// going over shows), records when each DELETE reached it, and may refuse some with `refuse`.
const countingFake = (refuse: (attempt: number) => boolean = () => false) =>
  Effect.gen(function*() {
    const quota = FakeQuota.make(Quotas.quotas, { enforce: false })
    const deletes: Array<number> = []
    const fake = yield* Fake.make({
      quota: {
        counts: quota.counts,
        admit: (operation) =>
          Effect.zipRight(
            quota.admit(operation),
            Effect.flatMap(Clock.currentTimeMillis, (now) => {
              if (!operation.startsWith("delete")) return Effect.void
              deletes.push(now)
              return refuse(deletes.length) ? FakeServer.fail(429, "slow down") : Effect.void
            })
          )
      }
    })
    return { fake, quota, deletes }
  })

const client = (fake: Fake.AstronomerFake, rateLimit?: RateLimit.Option) =>
  AstronomerUsers.make({ token: Redacted.make(Fake.defaultToken), rateLimit }).pipe(Effect.provide(fake.layer))

// `count` deletes at once (of users that do not exist: each still costs a request), with the
// TestClock run far enough for all of them; answers the TestClock time the last one ended at.
const deleteMany = (users: AstronomerUsers.AstronomerUsersService, count: number) =>
  Effect.gen(function*() {
    const fiber = yield* Effect.fork(Effect.forEach(
      Array.from({ length: count }, (_, i) => `usr-${i}`),
      (userId) => Effect.exit(users.deleteOrgUser(organizationId, userId)),
      { concurrency: "unbounded", discard: true }
    ))
    yield* TestClock.adjust("5 minutes")
    yield* Fiber.join(fiber)
  })

const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((time, i) => time - (times[i] ?? 0))

describe("Astronomer rate limits, through the layer", () => {
  it.scoped("with the default quotas, 100 concurrent deletes take at least 19 s and never exceed 5 in a second", () =>
    Effect.gen(function*() {
      const { deletes, fake, quota } = yield* countingFake()
      yield* deleteMany(yield* client(fake), 100)
      assert.strictEqual(deletes.length, 100)
      assert.isAtLeast(Math.max(...deletes) - Math.min(...deletes), 19_000)
      for (const start of deletes) {
        assert.isAtMost(deletes.filter((time) => time >= start && time < start + 1000).length, 5)
      }
      assert.deepStrictEqual((yield* quota.counts).delete, {
        limit: 5,
        intervalMillis: 1000,
        admitted: 100,
        refused: 0,
        maxInWindow: 5
      })
    }))

  it.scoped("with rateLimit: false they are not delayed (and go over the quota)", () =>
    Effect.gen(function*() {
      const { deletes, fake, quota } = yield* countingFake()
      yield* deleteMany(yield* client(fake, false), 100)
      assert.deepStrictEqual(new Set(deletes), new Set([0]))
      assert.strictEqual((yield* quota.counts).delete?.maxInWindow, 100)
    }))

  it.scoped("custom limits replace the defaults of their class", () =>
    Effect.gen(function*() {
      const { deletes, fake } = yield* countingFake()
      yield* deleteMany(yield* client(fake, { limits: { delete: { limit: 1, interval: "1 second" } } }), 4)
      // A window of 1 s and the default margin of 25 ms.
      assert.deepStrictEqual(gaps(deletes), [1025, 1025, 1025])
    }))

  it.scoped("a 429 lowers the class's limit: its retry and the calls after it keep half the quota", () =>
    Effect.gen(function*() {
      const { deletes, fake } = yield* countingFake((attempt) => attempt === 1)
      const users = yield* client(fake)
      // One delete (refused, then retried), then five at once, within the 30 s cooldown.
      const fiber = yield* Effect.fork(Effect.zipRight(
        Effect.exit(users.deleteOrgUser(organizationId, "usr-0")),
        Effect.forEach([1, 2, 3, 4, 5], (i) => Effect.exit(users.deleteOrgUser(organizationId, `usr-${i}`)), {
          concurrency: "unbounded"
        })
      ))
      yield* TestClock.adjust("1 minute")
      yield* Effect.exit(Fiber.join(fiber))
      // The refused attempt, its retry (after the backoff), then five more: at most 2 in any
      // second (5/s halved, rounded down) instead of 5, so the last starts 3 windows later.
      assert.strictEqual(deletes.length, 7)
      for (const start of deletes) {
        assert.isAtMost(deletes.filter((time) => time >= start && time < start + 1000).length, 2)
      }
      assert.strictEqual(Math.max(...deletes), 3075)
    }))

  it.scoped("two clients (two layers) with the same token share one window", () =>
    Effect.gen(function*() {
      const { deletes, fake, quota } = yield* countingFake()
      const first = yield* client(fake)
      const second = yield* client(fake)
      yield* Effect.all([deleteMany(first, 10), deleteMany(second, 10)], { concurrency: "unbounded" })
      // 5 a second between them: 20 deletes in 4 windows of 1.025 s.
      assert.strictEqual(Math.max(...deletes), 3075)
      assert.strictEqual((yield* quota.counts).delete?.maxInWindow, 5)
    }))
})
