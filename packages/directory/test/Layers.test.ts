import { assert, describe, expectTypeOf, it } from "@effect/vitest"
import { AstronomerUsers, Quotas as AstronomerQuotas } from "@userkit/astronomer"
import { AuthressUsers, Quotas as AuthressQuotas } from "@userkit/authress"
import * as FakeQuota from "@userkit/core/FakeQuota"
import * as RateLimit from "@userkit/core/RateLimit"
import * as Directory from "@userkit/directory/Directory"
import * as Email from "@userkit/directory/Email"
import type * as Plan from "@userkit/directory/Plan"
import { Fake as RocksetFake, Quotas as RocksetQuotas, RocksetUsers } from "@userkit/rockset"
import { Quotas as TileDBQuotas, TileDBUsers } from "@userkit/tiledb"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

// What an application might do with the directory: offboard, and say how it went.
const offboard = (email: string) =>
  Effect.gen(function*() {
    const directory = yield* Directory.Directory
    const report = yield* directory.apply(yield* directory.planOffboarding(email))
    return report.results.filter(({ outcome }) => outcome._tag !== "Failed").length
  })

const methodsOf = <I, S extends object>(tag: Context.Tag<I, S>, layer: Layer.Layer<I>) =>
  Effect.runSync(Effect.map(Effect.provide(tag, layer), (service) => Object.keys(service)))

describe("Directory layers", () => {
  it("needs exactly the vendor services its options name", () => {
    expectTypeOf(Directory.layer({ rockset: {}, authress: {} })).toEqualTypeOf<
      Layer.Layer<Directory.Directory, never, RocksetUsers.RocksetUsers | AuthressUsers.AuthressUsers>
    >()
    expectTypeOf(Directory.layer({ tiledb: { organization: "o" } })).toEqualTypeOf<
      Layer.Layer<Directory.Directory, never, TileDBUsers.TileDBUsers>
    >()
    expectTypeOf(Directory.layer({})).toEqualTypeOf<Layer.Layer<Directory.Directory>>()
  })

  it.effect("layerTest stubs the directory for application tests", () =>
    Effect.gen(function*() {
      const action: Plan.Action = {
        vendor: "Rockset",
        scope: { type: "organization", id: "self" },
        action: "delete-user",
        target: "ada@example.com",
        account: { key: "ada@example.com", email: "ada@example.com" }
      }
      const done = yield* offboard("ada@example.com").pipe(Effect.provide(Directory.layerTest({
        planOffboarding: (email) =>
          Effect.map(Email.parse(email), (canonical) => ({
            email: canonical,
            createdAt: new Date(0),
            actions: [action],
            coverage: {}
          })),
        apply: (plan) =>
          Effect.succeed({
            email: plan.email,
            results: [{ action, outcome: { _tag: "Removed", verifiedAt: new Date(0) } }],
            coverage: {}
          })
      })))
      assert.strictEqual(done, 1)
      const missing = yield* Effect.flip(Effect.sandbox(
        Effect.flatMap(Directory.Directory, (d) => d.find("x")).pipe(
          Effect.provide(Directory.layerTest({}))
        )
      ))
      assert.include(String(missing), "find")
      const calls = {
        remove: (d: Directory.DirectoryService) => Effect.asVoid(d.remove(action)),
        lookup: (d: Directory.DirectoryService) => Effect.asVoid(d.lookup(action))
      }
      for (const [method, call] of Object.entries(calls)) {
        const died = yield* Effect.flip(Effect.sandbox(
          Effect.flatMap(Directory.Directory, call).pipe(Effect.provide(Directory.layerTest({})))
        ))
        assert.include(String(died), `Directory.layerTest: ${method} is not implemented`)
      }
    }))

  it("every vendor's quotas classify every method of its service", () => {
    const services = [
      [RocksetQuotas.quotas, methodsOf(RocksetUsers.RocksetUsers, RocksetUsers.layerTest({}))],
      [AuthressQuotas.quotas, methodsOf(AuthressUsers.AuthressUsers, AuthressUsers.layerTest({}))],
      [AstronomerQuotas.quotas, methodsOf(AstronomerUsers.AstronomerUsers, AstronomerUsers.layerTest({}))],
      [TileDBQuotas.quotas, methodsOf(TileDBUsers.TileDBUsers, TileDBUsers.layerTest({}))]
    ] as const
    for (const [quotas, methods] of services) {
      // Streams are made of the listing calls, which are classified.
      for (const method of methods.filter((name) => !name.endsWith("Stream"))) {
        assert.isDefined(quotas.classOf[method], `${quotas.vendor}.${method}`)
      }
    }
  })

  it.scoped("a fake Rockset over quota answers 429 with its RATELIMITEXCEEDED body", () =>
    Effect.gen(function*() {
      const quota = FakeQuota.make({ ...RocksetQuotas.quotas, limits: { read: { limit: 1, interval: "1 minute" } } })
      const fake = yield* RocksetFake.make({ quota })
      const users = yield* RocksetUsers.make({
        apiKey: Redacted.make(RocksetFake.defaultApiKey),
        baseUrl: "https://fake.rockset",
        retry: false,
        rateLimit: false
      }).pipe(
        Effect.provide(fake.layer)
      )
      yield* users.list()
      const refused = yield* Effect.flip(users.list())
      assert.strictEqual(refused._tag, "TooManyRequests")
      assert.strictEqual(refused._tag === "TooManyRequests" ? refused.body?.type : undefined, "RATELIMITEXCEEDED")
      assert.strictEqual((yield* quota.counts).read?.refused, 1)
    }))

  it("scaled quotas keep the vendor's proportions", () => {
    const scaled = RateLimit.scale(AstronomerQuotas.quotas, 10)
    assert.deepStrictEqual(scaled.limits.delete?.limit, 5)
  })
})
