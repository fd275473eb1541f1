/**
 * `npx tsx bench/decoder-check.ts [runs]`: checks core's compiled decoder (internal/decoder.ts)
 * against Effect's parser on every success schema of every vendor endpoint, with fast-check:
 * valid bodies (from the schemas' arbitraries, encoded), valid bodies with one nested value
 * replaced by random JSON or `null`, extra keys, and arbitrary JSON.
 *
 * For each input: both succeed or both fail; a success has the same value (key order, dates,
 * classes included); a failure has the same issue; and the fast path alone never accepts what
 * the parser rejects. Exits non-zero on the first difference.
 */
import { Api as Astronomer } from "@userkit/astronomer"
import { Api as Authress } from "@userkit/authress"
import { Api as Rockset } from "@userkit/rockset"
import { Api as TileDB } from "@userkit/tiledb"
import * as Arbitrary from "effect/Arbitrary"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as fc from "fast-check"
import { compile, fastPath } from "../packages/core/src/internal/decoder.js"

const runs = Number(process.argv[2] ?? 500)

// A rendering that tells apart what JSON.stringify would merge: dates, classes, key order.
const show = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Date) return `Date(${v.getTime()})`
    if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      const proto: unknown = Object.getPrototypeOf(v)
      if (proto !== Object.prototype && proto !== null) {
        return `${String(Reflect.get(Object(proto), "constructor")?.name)}:${String(v)}`
      }
    }
    return v
  })

const replaceOne = (value: unknown, replacement: unknown, pick: number): unknown => {
  const slots: Array<readonly [object, string]> = []
  const walk = (node: unknown) => {
    if (typeof node !== "object" || node === null) return
    for (const [key, child] of Object.entries(node)) {
      slots.push([node, key])
      walk(child)
    }
  }
  walk(value)
  if (slots.length === 0) return value
  const [container, key] = slots[pick % slots.length]
  Reflect.set(container, key, replacement)
  return value
}

let checked = 0
let decoded = 0
for (const api of [Rockset.RocksetApi, Authress.AuthressApi, Astronomer.AstronomerApi, TileDB.TileDBApi]) {
  for (const endpoint of api.endpoints) {
    const schema = endpoint.success
    const parser = ParseResult.decodeUnknownEither(schema, { errors: "all" })
    const compiled = compile(schema)
    const fast = fastPath(schema)
    if (fast === undefined) console.log(`${api.vendor}.${endpoint.name}: not compiled (the parser decodes it)`)
    const encode = Schema.encodeUnknownSync(schema)
    const valid = Arbitrary.make(schema).map((a): unknown => {
      const encoded: unknown = encode(a)
      return encoded === undefined ? undefined : JSON.parse(JSON.stringify(encoded))
    })
    const input = fc.oneof(
      valid,
      fc.tuple(valid, fc.oneof(fc.jsonValue(), fc.constant(null)), fc.nat()).map(([v, r, n]) => replaceOne(v, r, n)),
      valid.map((v) => (typeof v === "object" && v !== null && !Array.isArray(v) ? { ...v, unexpected: [1] } : v)),
      fc.jsonValue()
    )
    fc.assert(
      fc.property(input, (x) => {
        checked++
        const expected = parser(structuredClone(x))
        const actual = compiled(structuredClone(x))
        const where = `${api.vendor}.${endpoint.name} on ${show(x)}`
        if (fast !== undefined && fast(structuredClone(x)) !== undefined && Either.isLeft(expected)) {
          throw new Error(`${where}: the fast path accepts what the parser rejects`)
        }
        if (Either.isRight(expected) !== Either.isRight(actual)) throw new Error(`${where}: success differs`)
        if (Either.isRight(expected) && Either.isRight(actual)) {
          decoded++
          if (show(expected.right) !== show(actual.right)) {
            throw new Error(`${where}: ${show(expected.right)} !== ${show(actual.right)}`)
          }
        }
        if (Either.isLeft(expected) && Either.isLeft(actual)) {
          const [e, a] = [expected.left, actual.left].map((issue) => ParseResult.TreeFormatter.formatIssueSync(issue))
          if (e !== a) throw new Error(`${where}: issues differ`)
        }
      }),
      { numRuns: runs }
    )
  }
}
console.log(`${checked} inputs checked, ${decoded} decoded: the compiled decoder agrees with Effect's parser`)
