import { assert, describe, it } from "@effect/vitest"
import * as Errors from "@userkit/core/Errors"
import * as Stub from "@userkit/core/Stub"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"

interface Items {
  readonly get: (id: string) => Effect.Effect<string, Errors.NotFound<{ readonly detail: string }>>
  readonly remove: (id: string) => Effect.Effect<void>
  readonly all: () => Stream.Stream<string>
}
class ItemsTag extends Context.Tag("@userkit/acme/AcmeItems")<ItemsTag, Items>() {}

const methods: Stub.Methods<Items> = { effects: ["get", "remove"], streams: ["all"] }

const defect = (exit: Exit.Exit<unknown, unknown>) => Exit.isFailure(exit) ? Cause.pretty(exit.cause) : "succeeded"

describe("Stub", () => {
  it.effect("the given methods answer; any other dies naming the service and the method, effect or stream", () =>
    Effect.gen(function*() {
      const items = yield* ItemsTag
      assert.strictEqual(yield* items.get("a"), "item a")
      assert.include(
        defect(yield* Effect.exit(items.remove("a"))),
        "AcmeItems.layerTest: remove is not implemented in this test layer"
      )
      assert.include(
        defect(yield* Effect.exit(Stream.runCollect(items.all()))),
        "AcmeItems.layerTest: all is not implemented in this test layer"
      )
    }).pipe(Effect.provide(Stub.layer(ItemsTag, methods, { get: (id) => Effect.succeed(`item ${id}`) }))))
})

describe("Errors.make", () => {
  it("fills every call-site field, keeps the vendor's body typed, and takes any field given", () => {
    const error = Errors.make(404, { body: { detail: "gone" }, operation: "get" })
    assert.strictEqual(error._tag, "NotFound")
    assert.strictEqual(error.status, 404)
    assert.strictEqual(error.message, "404 Not Found")
    assert.deepStrictEqual(error.body, { detail: "gone" })
    assert.strictEqual(error.operation, "get")
    assert.strictEqual(error.vendor, "Test")
    assert.instanceOf(error, Errors.NotFound)
    const fits: Errors.NotFound<{ readonly detail: string }> = error
    assert.strictEqual(fits.body?.detail, "gone")
    assert.strictEqual(Errors.make(429).message, "429 Too Many Requests")
  })

  it("every known status makes its own class, tag and reason phrase from the one table", () => {
    for (const status of Errors.knownStatuses) {
      const error = Errors.make(status)
      assert.strictEqual(error._tag, Errors.statusTags[status])
      assert.strictEqual(error.status, status)
      assert.strictEqual(Errors.isKnownStatus(status), true)
    }
    assert.strictEqual(Errors.isKnownStatus(418), false)
    assert.strictEqual(Errors.reasonPhrase(418), "Unexpected Status")
    assert.strictEqual(Errors.reasonPhrase(415), "Unsupported Media Type")
  })
})
