/**
 * The hostile-response suite every vendor package runs: for each declared operation, core's
 * catalogue and 10 MB error pages, 2,000 arbitrary answers, and 600 generated bodies widened with
 * unknown fields or corrupted; each must end in the decoded value or the typed failure its status
 * decides, never a defect.
 *
 * @since 0.1.0
 */
import { assert, describe, expect, it } from "@effect/vitest"
import type * as Endpoint from "@userkit/core/Endpoint"
import * as Errors from "@userkit/core/Errors"
import * as Hostile from "@userkit/core/Hostile"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Arbitrary from "effect/Arbitrary"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Calls from "./Calls.js"

/**
 * The vendor under test.
 *
 * @since 0.1.0
 * @category models
 */
export interface Vendor<Service> {
  readonly api: { readonly endpoints: ReadonlyArray<Endpoint.Declared> }
  /** The service over a scripted HttpClient (retries off, so each answer is seen once). */
  readonly mockedService: (routes: ReadonlyArray<MockHttpClient.MockRoute>) => Effect.Effect<Service>
}

/**
 * Declares the suite for a vendor.
 *
 * @since 0.1.0
 * @category suites
 */
export const hostileSuite = <Service extends object>(vendor: Vendor<Service>): void => {
  const { api, mockedService } = vendor

  // Beyond core's catalogue: 10 MB error pages, whose text a failure may keep only truncated.
  const hostiles: ReadonlyArray<Hostile.HostileResponse> = [
    ...Hostile.responses,
    {
      label: "a 10 MB HTML 500",
      status: 500,
      body: `<html>${"x".repeat(10_000_000)}</html>`,
      contentType: "text/html"
    },
    { label: "a 10 MB HTML 404", status: 404, body: `<html>${"y".repeat(10_000_000)}</html>`, contentType: "text/html" }
  ]

  const bodyTextLimit = 2048

  // Whatever the body, the status decides the outcome: a 2xx is the value or a ResponseDecodeError
  // (always the value when no body is expected), a documented status its own class, any other
  // status UnexpectedStatus. The failure carries the status and keeps an undecodable body, truncated.
  // `undefined` when the outcome is right, else what is wrong.
  const verdict = (
    endpoint: Endpoint.Any,
    hostile: Hostile.HostileResponse,
    exit: Exit.Exit<unknown, { readonly _tag: string }>
  ): string | undefined => {
    const ok = hostile.status >= 200 && hostile.status < 300
    if (Exit.isSuccess(exit)) return ok ? undefined : `a ${hostile.status} succeeded`
    const failure = Cause.failureOption(exit.cause)
    if (Option.isNone(failure)) return `not a failure: ${Cause.pretty(exit.cause)}`
    const error: object & { readonly _tag: string } = failure.value
    const expected = ok
      ? endpoint.expectsBody ? "ResponseDecodeError" : "the value"
      : Errors.isKnownStatus(hostile.status) && endpoint.errors.includes(hostile.status)
      ? Errors.statusTags[hostile.status]
      : "UnexpectedStatus"
    if (error._tag !== expected) return `${error._tag}, expected ${expected}`
    if (!("status" in error) || error.status !== hostile.status) return `the failure does not carry ${hostile.status}`
    if (ok || !("bodyText" in error)) return undefined
    const bodyText = error.bodyText
    const decoded = "body" in error && error.body !== undefined
    if (bodyText === undefined) return decoded || hostile.body === "" ? undefined : "an undecodable body was dropped"
    if (typeof bodyText !== "string" || bodyText.length > bodyTextLimit + 1) return "the body text is not truncated"
    return hostile.body.startsWith(bodyText.slice(0, bodyTextLimit)) ? undefined : "the body text is not the body's"
  }

  const check =
    (endpoint: Endpoint.Any, call: Calls.Call<Service>, users: Service) => (hostile: Hostile.HostileResponse) =>
      Effect.gen(function*() {
        const exit = yield* Effect.exit(call(users))
        return (yield* Hostile.problemOf(exit)) ?? verdict(endpoint, hostile, exit)
      })

  // Adds fields no release knows to every object, at every depth.
  const withExtraFields = (json: unknown): unknown =>
    Array.isArray(json)
      ? json.map(withExtraFields)
      : typeof json === "object" && json !== null
      ? {
        ...Object.fromEntries(Object.entries(json).map(([key, value]) => [key, withExtraFields(value)])),
        addedInAFutureRelease: { nested: [1, "two", null] },
        _links: null
      }
      : json

  const wrongValues: ReadonlyArray<unknown> = [42, "x", true, null, [], {}, -1.5, [{}]]

  type Path = ReadonlyArray<string | number>

  const pathsOf = (json: unknown, at: Path = []): Array<Path> => [
    at,
    ...(Array.isArray(json)
      ? json.flatMap((value, i) => pathsOf(value, [...at, i]))
      : typeof json === "object" && json !== null
      ? Object.entries(json).flatMap(([key, value]) => pathsOf(value, [...at, key]))
      : [])
  ]

  const update = (json: unknown, path: Path, replacement: unknown, remove: boolean): unknown => {
    if (path.length === 0) return replacement
    const [head, ...rest] = path
    if (Array.isArray(json)) {
      return rest.length === 0 && remove
        ? json.filter((_, i) => i !== head)
        : json.map((value, i) => i === head ? update(value, rest, replacement, remove) : value)
    }
    if (typeof json !== "object" || json === null) return json
    return Object.fromEntries(
      Object.entries(json).flatMap(([key, value]) =>
        key !== head
          ? [[key, value]]
          : rest.length === 0 && remove
          ? []
          : [[key, update(value, rest, replacement, remove)]]
      )
    )
  }

  // Replaces the value at one place of a JSON document with one of the wrong type, or deletes it.
  const corrupt = (json: unknown, pick: number, replacement: unknown, remove: boolean): unknown => {
    const paths = pathsOf(json)
    return update(json, paths[pick % paths.length], replacement, remove)
  }

  // One service per test, answering with whatever the test sets: thousands of answers, one service.
  const scripted = () => {
    let current: Hostile.HostileResponse = Hostile.responses[0]
    return {
      users: mockedService([MockHttpClient.route("*", "*", () => Hostile.toResponse(current))]),
      answer: (hostile: Hostile.HostileResponse) => {
        current = hostile
      }
    }
  }

  // Sequential: each test is CPU-bound, and interleaving them only stretches each one's wall time.
  describe.sequential("hostile responses, every operation", () => {
    for (const [index, endpoint] of api.endpoints.entries()) {
      const call = Calls.withParams<Service>(endpoint)

      it.effect(`${endpoint.name}: the catalogue (${hostiles.length} misbehaving answers)`, () => {
        const { answer, users } = scripted()
        return Effect.gen(function*() {
          const run = check(endpoint, call, yield* users)
          for (const hostile of hostiles) {
            answer(hostile)
            assert.strictEqual(yield* run(hostile), undefined, hostile.label)
          }
        })
      }, { timeout: 60_000 })

      it.effect(`${endpoint.name}: 2,000 arbitrary answers`, () => {
        const { answer, users } = scripted()
        return Effect.gen(function*() {
          const run = check(endpoint, call, yield* users)
          for (const hostile of FastCheck.sample(Hostile.arbitraryResponse, { numRuns: 2_000, seed: 71 + index })) {
            answer(hostile)
            assert.strictEqual(yield* run(hostile), undefined, JSON.stringify(hostile))
          }
        })
      }, { timeout: 60_000 })

      if (!endpoint.expectsBody) continue
      const success: Schema.Schema.AnyNoContext = endpoint.success
      const decode = Schema.decodeUnknownEither(success)
      const encode = Schema.encodeSync(success)
      const valid = (seed: number) =>
        FastCheck.sample(Arbitrary.make(success), { numRuns: 300, seed }).map((value): unknown =>
          JSON.parse(JSON.stringify(encode(value)))
        )
      const answerJson = (json: unknown): Hostile.HostileResponse => ({
        label: "generated",
        status: endpoint.successStatus,
        body: JSON.stringify(json),
        contentType: "application/json"
      })

      it.effect(`${endpoint.name}: 300 valid bodies with unknown fields everywhere read as without them`, () => {
        const { answer, users } = scripted()
        return Effect.gen(function*() {
          const service = yield* users
          let decoded = 0
          for (const json of valid(17 + index)) {
            // A generated value JSON cannot carry (a NaN) is no test of the client.
            const expected = decode(json)
            if (Either.isLeft(expected)) continue
            answer(answerJson(withExtraFields(json)))
            expect(yield* call(service)).toEqual(expected.right)
            decoded++
          }
          assert.isAbove(decoded, 250)
        })
      }, { timeout: 60_000 })

      it.effect(`${endpoint.name}: 300 valid bodies with one value removed or of the wrong type`, () => {
        const { answer, users } = scripted()
        return Effect.gen(function*() {
          const run = check(endpoint, call, yield* users)
          const edits = FastCheck.sample(
            FastCheck.tuple(FastCheck.nat(), FastCheck.constantFrom(...wrongValues), FastCheck.boolean()),
            { numRuns: 300, seed: 29 + index }
          )
          for (const [i, json] of valid(29 + index).entries()) {
            const [pick, replacement, remove] = edits[i]
            const hostile = answerJson(corrupt(json, pick, replacement, remove))
            answer(hostile)
            assert.strictEqual(yield* run(hostile), undefined, hostile.body)
          }
        })
      }, { timeout: 60_000 })
    }
  })
}
