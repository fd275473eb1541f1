/**
 * The path-parameter suite every vendor package runs: for each declared operation with path
 * parameters, 300 hostile ids per parameter each reach the server as exactly one segment and
 * decode back; ids no URL can carry (empty, dot segments, text that is not well-formed UTF-16)
 * are a `RequestValidationError` naming the parameter, and nothing is sent.
 *
 * @since 0.1.0
 */
import { assert, describe, it } from "@effect/vitest"
import type * as Endpoint from "@userkit/core/Endpoint"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Route from "@userkit/core/Route"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Calls from "./Calls.js"

/**
 * The path parameters of one call, by name.
 *
 * @since 0.1.0
 * @category models
 */
export type Params = Calls.Params

/**
 * The vendor under test.
 *
 * @since 0.1.0
 * @category models
 */
export interface Vendor<Id, Service> {
  readonly api: { readonly endpoints: ReadonlyArray<Endpoint.Declared> }
  readonly tag: Context.Tag<Id, Service>
  /** The path the vendor's base URL has before each route (`/v1`), or `""`. */
  readonly basePath: string
  /** The service over a scripted HttpClient, with the recorder in context too (retries off). */
  readonly mocked: (
    routes: ReadonlyArray<MockHttpClient.MockRoute>
  ) => Layer.Layer<Id | MockHttpClient.MockHttpClient, unknown>
}

/**
 * Declares the suite for a vendor.
 *
 * @since 0.1.0
 * @category suites
 */
export const routesSuite = <Id, Service extends object>(vendor: Vendor<Id, Service>): void => {
  const { api, basePath, mocked } = vendor
  // Each call derived from its declaration, the ids given, an optional query left out: the URL
  // must then carry the ids alone.
  const callWith = (endpoint: Endpoint.Declared, params: Params) =>
    Calls.withParams<Service>(endpoint, params, { query: false })
  const Users = vendor.tag
  // Ids that try to leave their segment: any unicode (astral planes included), separators, escapes,
  // dot segments, spaces.
  const hostileId = FastCheck.oneof(
    FastCheck.string({ unit: "grapheme", minLength: 1, maxLength: 24 }),
    FastCheck.string({ unit: "binary", minLength: 1, maxLength: 12 }),
    FastCheck.stringMatching(/^[./?#% \\a-z@+&=;]{1,12}$/),
    FastCheck.constantFrom(
      "a/../../admin?x=1#f",
      "%2F",
      "%",
      "%2E%2E",
      "..%2F",
      "a b",
      "self",
      "ü/ö",
      "../..",
      "?",
      "#"
    )
  ).filter((id) => id !== "." && id !== "..")

  // No URL can carry these: an empty segment, and dot segments (servers resolve `%2E%2E` too).
  const uncarriable = ["", ".", ".."]

  // Text that is not well-formed UTF-16 (a lone surrogate, e.g. a name cut in the middle of an
  // emoji): percent-encoding cannot represent it (`encodeURIComponent` throws), so it must be
  // refused as invalid input like the ids above.
  const malformed = ["\uD800", "a\uDC00b", "😀".slice(0, 1), "\uDFFF\uD800"]

  // Calls with `id` in place of `param` (the other parameters valid); a throw while building the
  // request shows as a defect, as the call is suspended.
  const rejection = (users: Service, endpoint: (typeof withParams)[number], param: string, id: string) =>
    Effect.gen(function*() {
      const params: Params = Object.fromEntries(endpoint.params.map((p) => [p, p === param ? id : "ada"]))
      const exit = yield* Effect.exit(Effect.suspend(() => callWith(endpoint, params)(users)))
      const label = `${endpoint.name}: ${param} = ${JSON.stringify(id)}`
      if (Exit.isSuccess(exit)) return `${label}: succeeded`
      const failure = Cause.failureOption(exit.cause)
      if (Option.isNone(failure)) return `${label}: ${Cause.pretty(exit.cause)}`
      if (failure.value._tag !== "RequestValidationError") return `${label}: ${failure.value._tag}`
      const issues = "issues" in failure.value && Array.isArray(failure.value.issues) ? failure.value.issues : []
      const paths = issues.map((issue: { readonly path: string }) => issue.path)
      return paths.length === 1 && paths[0] === `params.${param}` ? undefined : `${label}: issues ${paths.join()}`
    })

  const withParams = api.endpoints.filter((endpoint) => endpoint.params.length > 0)

  const mockedNotFound = () => mocked([MockHttpClient.route("*", "*", () => MockHttpClient.json(404, {}))])

  describe("every path parameter of every operation", () => {
    for (const [index, endpoint] of withParams.entries()) {
      const template = Route.parse(`${basePath}${endpoint.path}`)

      it.effect(
        `${endpoint.name}: 300 hostile ids per parameter each reach the server as one segment`,
        () =>
          Effect.gen(function*() {
            const users = yield* Users
            const sent = FastCheck.sample(
              FastCheck.tuple(...endpoint.params.map(() => hostileId)),
              { numRuns: 300, seed: 11 + index }
            ).map((ids): Params => Object.fromEntries(endpoint.params.map((param, i) => [param, ids[i]])))
            for (const params of sent) yield* Effect.ignore(callWith(endpoint, params)(users))
            const requests = yield* MockHttpClient.requests
            assert.strictEqual(requests.length, sent.length)
            requests.forEach((request, i) => {
              const label = JSON.stringify(sent[i])
              assert.strictEqual(request.method, endpoint.method, label)
              assert.strictEqual(request.url.search, "", label)
              assert.strictEqual(request.url.hash, "", label)
              // The template matches only when each parameter is exactly one segment; its decoding
              // gives back the ids that were sent.
              assert.deepStrictEqual(Route.match(template, request.path), sent[i], label)
            })
          }).pipe(Effect.provide(mockedNotFound())),
        { timeout: 30_000 }
      )

      it.effect(`${endpoint.name}: an empty or dot-segment id is a RequestValidationError naming it, nothing sent`, () =>
        Effect.gen(function*() {
          const users = yield* Users
          for (const param of endpoint.params) {
            for (const id of uncarriable) assert.strictEqual(yield* rejection(users, endpoint, param, id), undefined)
          }
          assert.deepStrictEqual(yield* MockHttpClient.requests, [])
        }).pipe(Effect.provide(mockedNotFound())))
    }

    it.effect("every operation: an id that is not well-formed UTF-16 is a RequestValidationError, nothing sent", () =>
      Effect.gen(function*() {
        const users = yield* Users
        const problems: Array<string> = []
        for (const endpoint of withParams) {
          for (const param of endpoint.params) {
            for (const id of malformed) {
              const problem = yield* rejection(users, endpoint, param, id)
              if (problem !== undefined) problems.push(problem)
            }
          }
        }
        assert.deepStrictEqual(problems, [])
        assert.deepStrictEqual(yield* MockHttpClient.requests, [])
      }).pipe(Effect.provide(mockedNotFound())))
  })
}
