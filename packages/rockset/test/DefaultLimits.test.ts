/**
 * With the default rate limits, a status test on `TestClock` (`it.effect`) with a 429 never
 * waits: the lowered limit after it still admits the next calls of the class at once.
 */
import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Effect from "effect/Effect"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { mocked } from "./helpers.js"

const userJson = { email: "ada@example.com", roles: ["member"], state: "ACTIVE" }

describe("Rockset with its default quotas, under TestClock", () => {
  it.effect("a 429, then the same read answered: no wait, no clock adjustment", () =>
    Effect.gen(function*() {
      let answered = 0
      const users = yield* RocksetUsers.RocksetUsers.pipe(
        Effect.provide(mocked([
          MockHttpClient.route("GET", "*", () =>
            answered++ === 0
              ? MockHttpClient.json(429, { message: "slow down", type: "RATELIMITEXCEEDED" })
              : MockHttpClient.json(200, userJson))
        ], { rateLimit: undefined }))
      )
      const refused = yield* Effect.flip(users.get("ada@example.com"))
      assert.strictEqual(refused._tag, "TooManyRequests")
      assert.strictEqual((yield* users.get("ada@example.com")).email, "ada@example.com")
      assert.strictEqual((yield* users.get("ada@example.com")).email, "ada@example.com")
    }))
})
