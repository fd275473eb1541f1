/**
 * Responses a misbehaving server could send, for testing that a client never dies on them: every
 * one must end in the decoded value or a typed failure, never a defect.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Errors from "./Errors.js"

/**
 * A hostile answer.
 *
 * @since 0.1.0
 * @category models
 */
export interface HostileResponse {
  readonly label: string
  readonly status: number
  readonly body: string
  readonly contentType: string | undefined
}

/**
 * Builds the web `Response` of a hostile answer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toResponse = (hostile: HostileResponse): Response =>
  new Response(hostile.status === 204 || hostile.status === 304 ? null : hostile.body, {
    status: hostile.status,
    headers: hostile.contentType === undefined ? {} : { "content-type": hostile.contentType }
  })

// Built on first use and kept: an application importing the core never pays for megabytes only
// the hostile suites read, and those read it once per operation.
let bigBodyText: string | undefined
const bigBody = (): string =>
  bigBodyText ??= JSON.stringify({
    data: Array.from({ length: 120_000 }, (_, i) =>
      `user-${i}-padding-padding-padding-padding-padding-padding-padding-padding-padding`)
  })

const json = "application/json"

const hostile = (label: string, status: number, body: string, contentType: string | undefined): HostileResponse => ({
  label,
  status,
  body,
  contentType
})

/**
 * The catalogue: malformed and truncated JSON, HTML error pages, empty bodies, wrong content
 * types, wrong types at the root, a 10 MB body (built when first read), and the same on error
 * statuses.
 *
 * @since 0.1.0
 * @category constants
 */
export const responses: ReadonlyArray<HostileResponse> = [
  hostile("malformed JSON", 200, "{\"a\": tru", json),
  hostile("truncated body", 200, "{\"data\":[{\"email\":\"a@x.io\",\"roles\":[\"adm", json),
  hostile("HTML page on 200", 200, "<!doctype html><title>Login</title>", "text/html"),
  hostile("empty 200", 200, "", undefined),
  hostile("JSON sent as text/plain", 200, "{}", "text/plain"),
  hostile("null", 200, "null", json),
  hostile("an array", 200, "[1,\"two\",{\"three\":3}]", json),
  hostile("a number", 200, "42", json),
  hostile("a string", 200, "\"ok\"", json),
  hostile("an empty object (required fields missing)", 200, "{}", json),
  hostile("wrong field types", 200, "{\"data\":42,\"users\":\"x\",\"id\":[],\"email\":{}}", json),
  {
    label: "a 10 MB body",
    status: 200,
    get body() {
      return bigBody()
    },
    contentType: json
  },
  hostile("201 with garbage", 201, "\u0000\u0001garbage", "application/octet-stream"),
  hostile("204 on an operation with a body", 204, "", undefined),
  hostile("HTML 500 from a proxy", 500, "<html><body>Internal Server Error</body></html>", "text/html"),
  hostile("HTML 502 from a gateway", 502, "<html>Bad Gateway</html>", "text/html"),
  hostile("404 with an empty body", 404, "", undefined),
  hostile("401 with a wrong error shape", 401, "{\"message\":{\"nested\":true},\"statusCode\":\"x\"}", json),
  hostile("418, undocumented", 418, "I'm a teapot", "text/plain"),
  hostile("302 redirect", 302, "", undefined)
]

/**
 * Random answers: any JSON value (or text that is almost JSON) with a plausible status.
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const arbitraryResponse: FastCheck.Arbitrary<HostileResponse> = FastCheck.record({
  status: FastCheck.oneof(
    FastCheck.constantFrom(200, 201, 202, 400, 401, 403, 404, 409, 429, 500, 503),
    FastCheck.integer({ min: 200, max: 599 })
  ),
  body: FastCheck.oneof(
    FastCheck.json(),
    FastCheck.json().map((text) => text.slice(0, Math.max(0, text.length - 1))),
    FastCheck.string()
  ),
  contentType: FastCheck.constantFrom<string | undefined>(json, "text/html", undefined)
}).filter((hostile) => hostile.status !== 204 && hostile.status !== 205 && hostile.status !== 304).map((hostile) => ({
  label: "arbitrary",
  ...hostile
}))

const typedFailures: ReadonlySet<string> = new Set([
  ...Object.values(Errors.statusTags),
  "UnexpectedStatus",
  "ResponseDecodeError",
  "TimeoutError",
  "TransportError"
])

/**
 * Runs a call and describes what went wrong if it ended in anything but a value or a typed
 * failure (a defect, an interruption, an unknown error); `undefined` when all is well.
 *
 * @since 0.1.0
 * @category testing
 */
export const problemOf = <A, E, R>(call: Effect.Effect<A, E, R>): Effect.Effect<string | undefined, never, R> =>
  Effect.map(Effect.exit(call), (exit) => {
    if (Exit.isSuccess(exit)) return undefined
    const failures = [...Cause.failures(exit.cause)]
    if (Cause.isDie(exit.cause) || Cause.isInterrupted(exit.cause) || failures.length !== 1) {
      return `not a typed failure: ${Cause.pretty(exit.cause)}`
    }
    const failure: unknown = failures[0]
    const tag = typeof failure === "object" && failure !== null && "_tag" in failure ? String(failure._tag) : "?"
    return typedFailures.has(tag) ? undefined : `unknown failure ${tag}`
  })
