import { assert, describe, it } from "@effect/vitest"
import * as Hostile from "@userkit/core/Hostile"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { calls, mocked } from "./helpers.js"

const answering = (hostile: Hostile.HostileResponse) =>
  mocked([MockHttpClient.route("*", "*", () => Hostile.toResponse(hostile))])

describe("hostile responses never become defects", () => {
  for (const [name, call] of calls) {
    for (const hostile of Hostile.responses) {
      it.effect(`${name}: ${hostile.label}`, () =>
        Effect.gen(function*() {
          assert.strictEqual(yield* Hostile.problemOf(call(yield* RocksetUsers.RocksetUsers)), undefined)
        }).pipe(Effect.provide(answering(hostile))))
    }

    it.effect(`${name}: 2,000 arbitrary bodies`, () => {
      const samples = FastCheck.sample(Hostile.arbitraryResponse, { numRuns: 2_000, seed: name.length })
      let current = samples[0]
      return Effect.gen(function*() {
        const users = yield* RocksetUsers.RocksetUsers
        for (const hostile of samples) {
          current = hostile
          assert.strictEqual(yield* Hostile.problemOf(call(users)), undefined, JSON.stringify(hostile))
        }
      }).pipe(Effect.provide(mocked([MockHttpClient.route("*", "*", () => Hostile.toResponse(current))])))
    }, { timeout: 60_000 })
  }
})
