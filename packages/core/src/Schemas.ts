/**
 * Schema building blocks the vendor models share.
 *
 * @since 0.1.0
 */
import { identity } from "effect/Function"
import * as Schema from "effect/Schema"
import { dropNull } from "./internal/nullable.js"

/**
 * A string that is one of the known values or any future one: a vendor adding an enum value
 * must not break the decoding of a whole list. The type keeps the known values for completion.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OpenLiteral = <const Literals extends readonly [string, ...Array<string>]>(
  ...literals: Literals
): Schema.Schema<Literals[number] | (string & {}), string> =>
  Schema.String.pipe(
    Schema.filter((value): value is Literals[number] | (string & {}) => typeof value === "string", {
      description: `one of ${literals.join(", ")} or a future value`
    })
  )

/**
 * A query parameter sent once per value (`?sorts=a&sorts=b`). Decodes a single occurrence as a
 * one-element array, as a server sees it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RepeatedQuery = <A, I extends string>(
  item: Schema.Schema<A, I>
): Schema.Schema<ReadonlyArray<A>, I | ReadonlyArray<I>> =>
  Schema.transform(
    Schema.Union(Schema.encodedSchema(item), Schema.Array(Schema.encodedSchema(item))),
    Schema.Array(item),
    {
      strict: true,
      decode: (value) => (typeof value === "string" ? [value] : value),
      encode: (values) => values
    }
  )

/**
 * An optional response field that may also come as `null`, read as absent: the same schema as
 * `Schema.optionalWith(schema, { nullable: true })` (type `A | undefined`, encoded
 * `I | null | undefined`), whose decoding userkit's compiled decoder recognises and inlines, where
 * Effect's own version is an opaque function it must call for every field of every value.
 *
 * @since 0.1.0
 * @category schemas
 */
export const optionalNullable = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToOptional(Schema.NullishOr(schema), Schema.UndefinedOr(Schema.typeSchema(schema)), {
    decode: dropNull,
    encode: identity
  })

/**
 * The same without `undefined` as a value: the field is absent, `null` (read as absent) or a
 * value, as `Schema.optionalWith(schema, { nullable: true, exact: true })`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const optionalNullableExact = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToOptional(Schema.NullOr(schema), Schema.typeSchema(schema), { decode: dropNull, encode: identity })
