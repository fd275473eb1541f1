import { assert, describe, it } from "@effect/vitest"
import type * as Endpoint from "@userkit/core/Endpoint"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Route from "@userkit/core/Route"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
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

// Calls with an id no URL can carry; suspended, so that a throw while building the request
// shows as a defect. `undefined` when the call is refused as invalid input naming the parameter.
const rejection = (
  users: RocksetUsers.RocksetUsersService,
  call: (users: RocksetUsers.RocksetUsersService, id: string) => Effect.Effect<unknown, unknown>,
  id: string
) =>
  Effect.map(Effect.exit(Effect.suspend(() => call(users, id))), (exit) => {
    if (Exit.isSuccess(exit)) return "succeeded"
    const failure = Cause.failureOption(exit.cause)
    if (Option.isNone(failure)) return Cause.pretty(exit.cause)
    const error = failure.value
    if (typeof error !== "object" || error === null || !("_tag" in error) || !("issues" in error)) return String(error)
    const paths = Array.isArray(error.issues) ? error.issues.map((issue: { readonly path: string }) => issue.path) : []
    return error._tag === "RequestValidationError" && paths.join() === "params.user" ? undefined : String(error._tag)
  })

describe("ids no URL can carry are refused before sending", () => {
  for (const [endpoint, call] of byPath) {
    it.effect(`${endpoint.name}: "", "." and ".." are a RequestValidationError naming params.user`, () =>
      Effect.gen(function*() {
        const users = yield* RocksetUsers.RocksetUsers
        for (const id of ["", ".", ".."]) assert.strictEqual(yield* rejection(users, call, id), undefined, id)
        assert.deepStrictEqual(yield* MockHttpClient.requests, [])
      }).pipe(Effect.provide(mocked([MockHttpClient.route("*", "*", () => MockHttpClient.json(404, {}))]))))
  }

  // A lone surrogate (a name cut in the middle of an emoji) cannot be percent-encoded:
  // `encodeURIComponent` throws on it.
  it.effect("every operation: an id that is not well-formed UTF-16 is a RequestValidationError, nothing sent", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      const problems: Array<string> = []
      for (const [endpoint, call] of byPath) {
        for (const id of ["\uD800", "a\uDC00b", "😀".slice(0, 1), "\uDFFF\uD800"]) {
          const problem = yield* rejection(users, call, id)
          if (problem !== undefined) problems.push(`${endpoint.name} ${JSON.stringify(id)}: ${problem}`)
        }
      }
      assert.deepStrictEqual(problems, [])
      assert.deepStrictEqual(yield* MockHttpClient.requests, [])
    }).pipe(Effect.provide(mocked([MockHttpClient.route("*", "*", () => MockHttpClient.json(404, {}))]))))
})
