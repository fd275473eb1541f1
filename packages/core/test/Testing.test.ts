import { assert, describe, it } from "@effect/vitest"
import * as Testing from "@userkit/core/Testing"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Schema from "effect/Schema"

describe("Testing", () => {
  it("assertRoundTrip passes a faithful schema and catches a lossy one", () => {
    Testing.assertRoundTrip(Schema.Struct({ at: Schema.Date, secret: Schema.Redacted(Schema.String) }))
    const lossy = Schema.transform(Schema.String, Schema.String, {
      strict: true,
      decode: (text) => text.trim(),
      encode: (text) => text
    })
    assert.throws(() => Testing.assertRoundTrip(Schema.Struct({ name: lossy }), { numRuns: 500 }))
  })

  it.effect("unimplemented dies naming the service and the method", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Testing.unimplemented("AcmeUsers", "getUser")())
      assert.isTrue(Exit.isFailure(exit))
      assert.include(String(exit), "AcmeUsers.layerTest: getUser is not implemented")
    }))
})
