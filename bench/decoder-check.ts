/**
 * `npx tsx bench/decoder-check.ts [runs]`: checks core's compiled decoder (internal/decoder.ts)
 * against Effect's parser on every success schema of every vendor endpoint, with
 * `Testing.assertDecoderAgrees` (fast-check): valid bodies (from the schemas' arbitraries,
 * encoded), valid bodies with one nested value replaced by random JSON or `null`, extra keys,
 * and arbitrary JSON.
 *
 * For each input: both succeed or both fail; a success has the same value (key order, dates,
 * classes included); a failure has the same issue; and the fast path alone never accepts what
 * the parser rejects. Exits non-zero on the first difference.
 */
import { Api as Astronomer } from "@userkit/astronomer"
import { Api as Authress } from "@userkit/authress"
import * as Testing from "@userkit/core/Testing"
import { Api as Rockset } from "@userkit/rockset"
import { Api as TileDB } from "@userkit/tiledb"
import { fastPath } from "../packages/core/src/internal/decoder.js"

const runs = Number(process.argv[2] ?? 500)

let checked = 0
let decoded = 0
for (const api of [Rockset.RocksetApi, Authress.AuthressApi, Astronomer.AstronomerApi, TileDB.TileDBApi]) {
  for (const endpoint of api.endpoints) {
    if (fastPath(endpoint.success) === undefined) {
      console.log(`${api.vendor}.${endpoint.name}: not compiled (the parser decodes it)`)
    }
    try {
      const counts = Testing.assertDecoderAgrees(endpoint.success, { numRuns: runs })
      checked += counts.checked
      decoded += counts.decoded
    } catch (error) {
      throw new Error(`${api.vendor}.${endpoint.name}`, { cause: error })
    }
  }
}
console.log(`${checked} inputs checked, ${decoded} decoded: the compiled decoder agrees with Effect's parser`)
