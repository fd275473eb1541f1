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

/**
 * The catalogue: malformed and truncated JSON, HTML error pages, empty bodies, wrong content
 * types, wrong types at the root, a 10 MB body (built when first read), and the same on error
 * statuses.
 *
 * @since 0.1.0
 * @category constants
 */
export const responses: ReadonlyArray<HostileResponse> = [
  { label: "malformed JSON", status: 200, body: "{\"a\": tru", contentType: json },
  {
    label: "truncated body",
    status: 200,
    body: "{\"data\":[{\"email\":\"a@x.io\",\"roles\":[\"adm",
    contentType: json
  },
  { label: "HTML page on 200", status: 200, body: "<!doctype html><title>Login</title>", contentType: "text/html" },
  { label: "empty 200", status: 200, body: "", contentType: undefined },
  { label: "JSON sent as text/plain", status: 200, body: "{}", contentType: "text/plain" },
  { label: "null", status: 200, body: "null", contentType: json },
  { label: "an array", status: 200, body: "[1,\"two\",{\"three\":3}]", contentType: json },
  { label: "a number", status: 200, body: "42", contentType: json },
  { label: "a string", status: 200, body: "\"ok\"", contentType: json },
  { label: "an empty object (required fields missing)", status: 200, body: "{}", contentType: json },
  {
    label: "wrong field types",
    status: 200,
    body: "{\"data\":42,\"users\":\"x\",\"id\":[],\"email\":{}}",
    contentType: json
  },
  {
    label: "a 10 MB body",
    status: 200,
    get body() {
      return bigBody()
    },
    contentType: json
  },
  { label: "201 with garbage", status: 201, body: "\u0000\u0001garbage", contentType: "application/octet-stream" },
  { label: "204 on an operation with a body", status: 204, body: "", contentType: undefined },
  {
    label: "HTML 500 from a proxy",
    status: 500,
    body: "<html><body>Internal Server Error</body></html>",
    contentType: "text/html"
  },
  { label: "HTML 502 from a gateway", status: 502, body: "<html>Bad Gateway</html>", contentType: "text/html" },
  { label: "404 with an empty body", status: 404, body: "", contentType: undefined },
  {
    label: "401 with a wrong error shape",
    status: 401,
    body: "{\"message\":{\"nested\":true},\"statusCode\":\"x\"}",
    contentType: json
  },
  { label: "418, undocumented", status: 418, body: "I'm a teapot", contentType: "text/plain" },
  { label: "302 redirect", status: 302, body: "", contentType: undefined }
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
