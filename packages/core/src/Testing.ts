/**
 * Helpers for the `layerTest` service stubs the vendor packages export.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/**
 * A method a test stub does not implement: calling it dies with a message naming it, so a test
 * that reaches an unexpected call fails loudly instead of hanging or passing by accident.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unimplemented = (service: string, method: string) => (): Effect.Effect<never> =>
  Effect.dieMessage(`${service}.layerTest: ${method} is not implemented in this test layer`)

/**
 * The same, for a method that returns a `Stream`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unimplementedStream = (service: string, method: string) => (): Stream.Stream<never> =>
  Stream.dieMessage(`${service}.layerTest: ${method} is not implemented in this test layer`)
