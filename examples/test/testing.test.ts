/**
 * How an application tests its own code that uses userkit, three ways:
 *
 * 1. `layerTest`: stub only the methods the code calls; anything else dies with a clear message.
 *    A stub fails with a typed status error made by `Errors.make`, which fills in the call-site
 *    fields a real call would have.
 * 2. A vendor `Fake`: a stateful, in-memory vendor behind the real client, in process.
 * 3. `MockHttpClient`: script the wire itself and check what was sent.
 *
 * The code under test here offboards a person through the directory, spanning Rockset only.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Errors from "@userkit/core/Errors"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Directory from "@userkit/directory/Directory"
import * as Plan from "@userkit/directory/Plan"
import * as Fake from "@userkit/rockset/Fake"
import * as RocksetUsers from "@userkit/rockset/RocksetUsers"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const person = { email: "ada@example.com" }

// Plans the removal of a person; unless a dry run, applies it. Answers what became of it.
const rockset = (who: typeof person, dryRun: boolean) =>
  Effect.gen(function*() {
    const directory = yield* Directory.Directory
    const plan = yield* directory.planOffboarding(who.email)
    if (plan.coverage.Rockset?._tag === "Failed") return { _tag: "NotSearched" }
    if (dryRun) return plan.actions.length > 0 ? { _tag: "Found" } : { _tag: "NotPresent" }
    const report = yield* directory.apply(plan)
    const outcome = report.results[0]?.outcome
    return outcome !== undefined && Plan.isVerified(outcome) ? { _tag: "Removed" } : { _tag: "NotRemoved" }
  }).pipe(Effect.provide(Directory.layer({ rockset: {} })))

describe("testing your own code", () => {
  it.effect("with layerTest: only the methods the code needs", () =>
    Effect.gen(function*() {
      const deleted: Array<string> = []
      // The directory reads Rockset's one-request listing, then looks again after the delete.
      const outcome = yield* rockset(person, false).pipe(
        Effect.provide(RocksetUsers.layerTest({
          list: () =>
            Effect.sync(() => ({ data: deleted.includes(person.email) ? [] : [{ ...person, roles: ["member"] }] })),
          delete: (email) =>
            Effect.sync(() => {
              deleted.push(email)
              return { data: { email } }
            })
        }))
      )
      assert.strictEqual(outcome._tag, "Removed")
      assert.deepStrictEqual(deleted, ["ada@example.com"])
    }))

  it.effect("with layerTest and Errors.make: a stub that answers with a typed failure", () =>
    Effect.gen(function*() {
      // A vendor that cannot be read is not "nobody to remove": the plan says it was not searched.
      assert.deepStrictEqual(yield* rockset(person, true), { _tag: "NotSearched" })
      // The failure is the one a real call makes: its class, its status, the vendor's body.
      const users = yield* RocksetUsers.RocksetUsers
      const message = yield* users.list().pipe(
        Effect.catchTag("Forbidden", (error) => Effect.succeed(`${error.status}: ${error.body?.message}`))
      )
      assert.strictEqual(message, "403: not allowed")
    }).pipe(Effect.provide(RocksetUsers.layerTest({
      list: () => Effect.fail(Errors.make(403, { body: { message: "not allowed" }, operation: "list" }))
    }))))

  it.effect("with the fake Rockset: real client, in-memory vendor", () =>
    Effect.gen(function*() {
      const outcome = yield* rockset(person, false)
      assert.strictEqual(outcome._tag, "Removed")
      const users = yield* RocksetUsers.RocksetUsers
      assert.strictEqual((yield* Effect.flip(users.get(person.email)))._tag, "NotFound")
    }).pipe(Effect.provide(
      // Under the TestClock a paced client would wait for time that never passes: no limits here.
      RocksetUsers.layer({ apiKey: Redacted.make(Fake.defaultApiKey), rateLimit: false }).pipe(
        Layer.provide(Fake.layer({ users: [{ email: "ada@example.com", roles: ["member"] }] }))
      )
    )))

  it.effect("with MockHttpClient: what went over the wire", () =>
    Effect.gen(function*() {
      const outcome = yield* rockset(person, true)
      assert.strictEqual(outcome._tag, "Found")
      const requests = yield* MockHttpClient.requests
      assert.deepStrictEqual(requests.map((request) => `${request.method} ${request.path}`), [
        "GET /v1/orgs/self/users"
      ])
    }).pipe(Effect.provide(
      RocksetUsers.layer({ apiKey: Redacted.make("test-key"), retry: false }).pipe(
        Layer.provideMerge(MockHttpClient.layer([
          MockHttpClient.route("GET", "/v1/orgs/self/users", () =>
            MockHttpClient.json(200, { data: [{ email: person.email, roles: ["member"] }] }))
        ]))
      )
    )))
})
