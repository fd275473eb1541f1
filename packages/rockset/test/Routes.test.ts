import { assert, describe, it } from "@effect/vitest"
import type * as Endpoint from "@userkit/core/Endpoint"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Route from "@userkit/core/Route"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { mocked } from "./helpers.js"

// Ids that try to leave their segment: unicode, separators, escapes, dot segments.
const hostileId = FastCheck.oneof(
  FastCheck.string({ unit: "grapheme", minLength: 1, maxLength: 24 }),
  FastCheck.stringMatching(/^[./?#% \\a-z@+&=;]{1,12}$/),
  FastCheck.constantFrom("a/../../admin?x=1#f", "%2F", "%", "..%2F", "a b", "@", "self", "ü/ö")
).filter(Route.isCarriableSegment)

const byPath: ReadonlyArray<
  readonly [Endpoint.Any, (users: RocksetUsers.RocksetUsersService, id: string) => Effect.Effect<unknown, unknown>]
> = [
  [Api.get, (users, id) => users.get(id)],
  [Api.update, (users, id) => users.update(id, {})],
  [Api.deleteUser, (users, id) => users.delete(id)]
]

describe("every path parameter stays one segment", () => {
  it("the table covers every endpoint with a path parameter", () => {
    assert.deepStrictEqual(
      byPath.map(([endpoint]) => endpoint.name).sort(),
      Api.RocksetApi.endpoints.filter((endpoint) => endpoint.params.length > 0).map((endpoint) => endpoint.name).sort()
    )
  })

  for (const [endpoint, call] of byPath) {
    it.effect(`${endpoint.name}: 500 hostile ids reach ${endpoint.path} and decode back`, () =>
      Effect.gen(function*() {
        const users = yield* RocksetUsers.RocksetUsers
        const ids = FastCheck.sample(hostileId, { numRuns: 500, seed: 7 })
        for (const id of ids) yield* Effect.ignore(call(users, id))
        const requests = yield* MockHttpClient.requests
        assert.strictEqual(requests.length, ids.length)
        const template = Route.parse(endpoint.path)
        requests.forEach((request, i) => {
          assert.strictEqual(request.url.search, "", ids[i])
          assert.strictEqual(request.url.hash, "", ids[i])
          assert.deepStrictEqual(Route.match(template, request.path), { user: ids[i] })
        })
      }).pipe(Effect.provide(mocked([MockHttpClient.route("*", "*", () => MockHttpClient.json(404, {}))]))))
  }
})
