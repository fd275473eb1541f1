import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import * as Fake from "../src/Fake.js"
import * as RocksetUsers from "../src/RocksetUsers.js"

// A real collection, not a hope: the flag exposes `gc` to a fresh context.
V8.setFlagsFromString("--expose-gc")
const gc: unknown = Vm.runInNewContext("gc")
const collect = () => {
  if (typeof gc === "function") {
    gc()
    gc()
  }
}
// Collections interleaved with turns of the event loop: sockets closing and FinalizationRegistry
// callbacks (the platform registers every response) only run between turns, so a single synchronous
// collection measures garbage that is already unreachable but not yet released.
const heapUsed = Effect.gen(function*() {
  for (let round = 0; round < 3; round++) {
    collect()
    yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
  }
  collect()
  return process.memoryUsage().heapUsed
})

const total = 10_000

describe("load", () => {
  it.live(
    "10,000 creates at concurrency 100 over loopback: none lost, none duplicated, memory back to baseline",
    () =>
      Effect.gen(function*() {
        const baseline = yield* heapUsed
        const created = yield* Effect.scoped(Effect.gen(function*() {
          const fake = yield* Fake.make()
          const { url } = yield* fake.serve()
          const users = yield* RocksetUsers.make({
            apiKey: Redacted.make(Fake.defaultApiKey),
            baseUrl: url,
            rateLimit: false
          })
          const emails = Array.from({ length: total }, (_, i) => `user-${i}@load.test`)
          const answers = yield* Effect.forEach(
            emails,
            (email) => Effect.map(users.create({ email, roles: ["member"] }), (answer) => answer.data?.email),
            { concurrency: 100 }
          )
          assert.deepStrictEqual(answers, emails)
          const listed = (yield* users.list()).data?.map((user) => user.email) ?? []
          assert.strictEqual(new Set(listed).size, listed.length)
          assert.deepStrictEqual(listed.filter((email) => email.endsWith("@load.test")).sort(), [...emails].sort())
          return answers.length
        }))
        assert.strictEqual(created, total)
        const growth = (yield* heapUsed) - baseline
        assert.isBelow(growth, 16 * 1024 * 1024, `heap grew by ${Math.round(growth / 1024)} KiB`)
      }).pipe(Effect.provide(FetchHttpClient.layer)),
    { timeout: 60_000 }
  )
})
