/**
 * Reading a typed failure in a test: the effect must fail, with the class given, and the test
 * goes on with the failure narrowed to that class.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"

/**
 * The failure of `effect`, which must be tagged `tag`: a success or another failure ends the test
 * naming what came instead.
 *
 * @since 0.2.0
 * @category assertions
 */
export const tagged = <A, E extends { readonly _tag: string }, R, Tag extends E["_tag"]>(
  effect: Effect.Effect<A, E, R>,
  tag: Tag
): Effect.Effect<Extract<E, { readonly _tag: Tag }>, never, R> => {
  const isTagged = (error: E): error is Extract<E, { readonly _tag: Tag }> => error._tag === tag
  return Effect.matchEffect(effect, {
    onFailure: (error) =>
      isTagged(error) ? Effect.succeed(error) : Effect.dieMessage(`expected a ${tag}, got a ${error._tag}`),
    onSuccess: () => Effect.dieMessage(`expected a ${tag}, got a success`)
  })
}
