import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Failures from "@userkit/testkit/Failures"
import { roundTripSuite } from "@userkit/testkit/RoundTripSuite"
import * as Effect from "effect/Effect"
import * as Models from "../src/Models.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { mocked } from "./helpers.js"

const answering = (body: unknown, status = 200) =>
  mocked([MockHttpClient.route("*", "*", () => MockHttpClient.json(status, body))])

describe("decoding", () => {
  it.effect("keeps created_at as the string sent, drops unknown fields, reads null as absent", () =>
    Effect.gen(function*() {
      const user = yield* (yield* RocksetUsers.RocksetUsers).get("ada@example.com")
      assert.deepStrictEqual(user, {
        email: "ada@example.com",
        created_at: "2001-08-28T00:23:41Z",
        roles: ["admin"],
        state: "INVITED_SOMEHOW"
      })
    }).pipe(Effect.provide(answering({
      email: "ada@example.com",
      created_at: "2001-08-28T00:23:41Z",
      first_name: null,
      roles: ["admin"],
      state: "INVITED_SOMEHOW",
      org: "acme",
      nested: { unknown: true }
    }))))

  it.effect("update answers with the bare user, create and delete with { data }", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      const updated = yield* users.update("ada@example.com", {})
      assert.strictEqual(updated.email, "ada@example.com")
    }).pipe(Effect.provide(answering({ email: "ada@example.com" }))))

  it.effect("a list with one malformed user is a ResponseDecodeError naming it", () =>
    Effect.gen(function*() {
      const error = yield* Failures.tagged((yield* RocksetUsers.RocksetUsers).list(), "ResponseDecodeError")
      assert.include(error.issue, "data[1].email")
    }).pipe(Effect.provide(answering({ data: [{ email: "a@x.io" }, { email: 42 }] }))))

  it.effect("an unknown error type is kept, typed as an open string", () =>
    Effect.gen(function*() {
      const error = yield* Failures.tagged((yield* RocksetUsers.RocksetUsers).getCurrentUser(), "Forbidden")
      assert.strictEqual(error.body?.type, "BRAND_NEW_TYPE")
      assert.strictEqual(error.body?.line, 3)
    }).pipe(Effect.provide(answering({ type: "BRAND_NEW_TYPE", line: 3, extra: "x" }, 403))))

  it.effect("an error body that is not an ErrorModel keeps the raw text", () =>
    Effect.gen(function*() {
      const error = yield* Failures.tagged((yield* RocksetUsers.RocksetUsers).getCurrentUser(), "InternalServerError")
      assert.strictEqual(error.body, undefined)
      assert.strictEqual(error.bodyText, "{\"line\":\"three\"}")
    }).pipe(Effect.provide(answering({ line: "three" }, 500))))

  roundTripSuite(Models, { numRuns: 200 })
})
