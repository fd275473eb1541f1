import { describe, it } from "@effect/vitest"
import * as Testing from "@userkit/core/Testing"
import * as Api from "../src/Api.js"

// The generated decoder is a fast path only: on every success schema it must agree with
// Effect's parser, value for value and issue for issue.
describe("the generated decoder agrees with Effect's parser", () => {
  for (const endpoint of Api.AuthressApi.endpoints) {
    it(endpoint.name, () => Testing.assertDecoderAgrees(endpoint.success, { numRuns: 150 }), 60_000)
  }
})
