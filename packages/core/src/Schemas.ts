/**
 * Schema building blocks the vendor models share.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

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
