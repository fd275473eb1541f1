import { assert, describe, it } from "@effect/vitest"
import * as Errors from "@userkit/core/Errors"
import * as Hostile from "@userkit/core/Hostile"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"

const site = { vendor: "Acme", operation: "getItem", method: "GET", route: "/items/{id}" }

describe("Hostile", () => {
  // The vendor suites rely on problemOf to find defects: it must be able to say no.
  it.effect("problemOf accepts a value or a typed failure, and reports anything else", () =>
    Effect.gen(function*() {
      assert.isUndefined(yield* Hostile.problemOf(Effect.succeed(1)))
      const typed = new Errors.UnexpectedStatus({
        ...site,
        status: 418,
        message: "teapot",
        body: undefined,
        bodyText: undefined,
        location: undefined,
        requestId: undefined,
        retryAfter: undefined
      })
      assert.isUndefined(yield* Hostile.problemOf(Effect.fail(typed)))
      assert.include(yield* Hostile.problemOf(Effect.die(new TypeError("x is undefined"))), "not a typed failure")
      assert.include(yield* Hostile.problemOf(Effect.interrupt), "not a typed failure")
      assert.include(yield* Hostile.problemOf(Effect.fail({ _tag: "ParseError" })), "unknown failure ParseError")
      assert.include(yield* Hostile.problemOf(Effect.fail(new Error("raw"))), "unknown failure")
      assert.include(
        yield* Hostile.problemOf(Effect.all([Effect.fail(typed), Effect.fail(typed)], { concurrency: 2 })),
        "not a typed failure"
      )
    }))

  it("the catalogue holds every kind of misbehaviour the suites promise", () => {
    const has = (predicate: (hostile: Hostile.HostileResponse) => boolean) => Hostile.responses.some(predicate)
    const parses = (text: string) => {
      try {
        JSON.parse(text)
        return true
      } catch {
        return false
      }
    }
    assert.isTrue(has((h) => h.status === 200 && h.contentType === "application/json" && !parses(h.body)), "malformed")
    assert.isTrue(has((h) => h.status === 200 && h.contentType === "text/html"), "an HTML page")
    assert.isTrue(has((h) => h.status === 200 && h.body === ""), "an empty 200")
    assert.isTrue(has((h) => h.status === 200 && h.contentType === "text/plain" && parses(h.body)), "wrong type")
    assert.isTrue(has((h) => h.body === "{}" && h.contentType === "application/json"), "missing fields")
    // Labelled "a 10 MB body"; it is 8.5 MB, which takes the same path through the client.
    assert.isTrue(has((h) => h.status === 200 && h.body.length >= 8_000_000), "a body of megabytes")
    assert.isTrue(has((h) => h.status >= 500 && h.contentType === "text/html"), "an HTML error page")
    assert.isTrue(has((h) => h.status === 418), "an undocumented status")
  })

  it("arbitrary answers cover statuses from 200 to 599 and bodies that are and are not JSON", () => {
    const samples = FastCheck.sample(Hostile.arbitraryResponse, { numRuns: 2_000, seed: 1 })
    const statuses = new Set(samples.map((h) => Math.floor(h.status / 100)))
    assert.deepStrictEqual([...statuses].sort(), [2, 3, 4, 5])
    const json = samples.filter((h) => {
      try {
        JSON.parse(h.body)
        return true
      } catch {
        return false
      }
    })
    assert.isAbove(json.length, 200)
    assert.isAbove(samples.length - json.length, 200)
  })
})
