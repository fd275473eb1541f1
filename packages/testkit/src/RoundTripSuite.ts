/**
 * The round-trip suite every vendor package runs over its models: each schema its `Models`
 * module exports encodes and decodes back to the same value, as it travels. Taking the module
 * whole, not a list, covers a model added later without a new line.
 *
 * @since 0.2.0
 */
import { it } from "@effect/vitest"
import * as Testing from "@userkit/core/Testing"
import * as Schema from "effect/Schema"

// A models module's schemas need no context (they decode response bodies), which a runtime check
// cannot see: this guard states it for them.
const isModel = (value: unknown): value is Schema.Schema.AnyNoContext => Schema.isSchema(value)

/**
 * Declares one test a schema of `models` (a vendor's `Models` namespace), e.g.
 * `roundTripSuite(Models, { numRuns: 50 })`.
 *
 * @since 0.2.0
 * @category suites
 */
export const roundTripSuite = (models: object, options: { readonly numRuns?: number } = {}): void => {
  for (const [name, model] of Object.entries(models)) {
    if (isModel(model)) {
      it(`${name} round-trips through encode and decode`, () => Testing.assertRoundTrip(model, options))
    }
  }
}
