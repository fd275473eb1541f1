import * as Option from "effect/Option"

/**
 * The decoding of an optional field that reads `null` as absent: what `Schema.optionalWith(…,
 * { nullable: true })` does with `Option.filter(Predicate.isNotNull)`, as a function of its own,
 * so that the compiled decoder can tell it from any other transformation and inline it.
 */
export const dropNull = <A>(value: Option.Option<A | null>): Option.Option<A> =>
  Option.isSome(value) && value.value !== null ? Option.some(value.value) : Option.none()
