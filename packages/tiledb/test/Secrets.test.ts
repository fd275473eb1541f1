import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import { assert, describe, expect, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Models from "@userkit/tiledb/Models"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/TestClock"
import * as Tracer from "effect/Tracer"
import { inspect } from "node:util"
import { apiKey, awsSecret, basicPassword, basicUsername, errorBody, samples, userPassword } from "./support.js"

// Everything a secret could leak into: errors (JSON, String, inspect, pretty cause), log lines at every
// level (as the logfmt and JSON loggers print them), span attributes, and models.
interface Observed {
  readonly outputs: Array<string>
  readonly logs: Array<string>
  readonly spans: Array<Tracer.Span>
}

const renderings = (value: unknown): ReadonlyArray<string> => [
  JSON.stringify(value) ?? "",
  String(value),
  inspect(value, { depth: 10 }),
  Cause.pretty(Cause.fail(value))
]

/** Runs a call, keeps every rendering of its outcome, and logs it at every level. */
const observe = (observed: Observed, call: Effect.Effect<unknown, unknown>) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(call)
    observed.outputs.push(...renderings(exit))
    if (Exit.isFailure(exit)) {
      const failure = Cause.failureOption(exit.cause)
      if (failure._tag === "Some") observed.outputs.push(...renderings(failure.value))
      yield* Effect.logError("call failed", exit.cause)
      yield* Effect.logDebug(exit.cause)
      yield* Effect.logTrace(failure)
    } else {
      yield* Effect.logInfo("call succeeded", exit.value)
    }
    yield* Effect.logWarning(exit)
  })

/** The service over a transport, with a middleware that logs what it sends from inside the call. */
const observing = <A, E>(
  options: TileDBUsers.Options,
  transport: Layer.Layer<HttpClient.HttpClient>,
  program: (users: TileDBUsers.TileDBUsersService, observed: Observed) => Effect.Effect<A, E>
) =>
  Effect.gen(function*() {
    const observed: Observed = { outputs: [], logs: [], spans: [] }
    const native = yield* Effect.tracer
    const tracer = Tracer.make({
      span: (...args) => {
        const span = native.span(...args)
        observed.spans.push(span)
        return span
      },
      context: (f, fiber) => native.context(f, fiber)
    })
    const logger = Logger.make((options) => {
      observed.logs.push(Logger.logfmtLogger.log(options), Logger.jsonLogger.log(options))
    })
    const logged = Layer.effect(
      HttpClient.HttpClient,
      Effect.map(
        HttpClient.HttpClient,
        HttpClient.tapRequest((request) =>
          Effect.logDebug("sending", { method: request.method, url: request.url, headers: request.headers })
        )
      )
    ).pipe(Layer.provide(transport))
    const users = yield* TileDBUsers.make({ retry: false, rateLimit: false, ...options }).pipe(Effect.provide(logged))
    yield* program(users, observed).pipe(
      Effect.withTracer(tracer),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.All)
    )
    return observed
  })

const spanAttributes = (observed: Observed) =>
  observed.spans.flatMap((span) => [...span.attributes].map(([key, value]) => `${key}=${String(value)}`))

const assertNoLeak = (observed: Observed, hidden: ReadonlyArray<string>) => {
  const everything = [...observed.outputs, ...observed.logs, ...spanAttributes(observed)]
  assert.isAbove(everything.length, 0)
  for (const secret of hidden) {
    for (const text of everything) expect(text).not.toContain(secret)
  }
}

const answering = (respond: () => Response | Effect.Effect<Response>) =>
  Layer.project(
    MockHttpClient.layer([MockHttpClient.route("*", "*", respond)]),
    HttpClient.HttpClient,
    HttpClient.HttpClient,
    (client) => client
  )

// A transport whose failure carries the request, headers included, as platform errors do.
const refusing = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) =>
    Effect.fail(
      new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("connect ECONNREFUSED") })
    )
  )
)

// Each of these walks all 22 operations several times over, rendering and logging every outcome.
const heavy = 30_000

const basicOptions: TileDBUsers.Options = { username: basicUsername, password: Redacted.make(basicPassword) }
const basicEncoded = Buffer.from(`${basicUsername}:${basicPassword}`).toString("base64")
const keyOptions: TileDBUsers.Options = { apiKey: Redacted.make(apiKey) }

// Every operation, failing in every way a call can fail.
const allFailures = (users: TileDBUsers.TileDBUsersService, observed: Observed) =>
  Effect.forEach(Object.values(samples), (sample) => observe(observed, sample.call(users)), { discard: true })

describe("secrets never leak", () => {
  for (
    const [label, options, hidden] of [
      ["the API key", keyOptions, [apiKey]],
      ["the basic-auth password", basicOptions, [basicPassword, basicEncoded]]
    ] as const
  ) {
    it.scoped(`${label}: not in any error status, log line or span attribute`, () =>
      Effect.gen(function*() {
        for (const status of [401, 404, 418, 502]) {
          const observed = yield* observing(
            options,
            answering(() => MockHttpClient.json(status, errorBody(status))),
            allFailures
          )
          assertNoLeak(observed, hidden)
          // The logging middleware did see the credentials header, redacted.
          const headerName = "apiKey" in options ? "x-tiledb-rest-api-key" : "authorization"
          assert.isTrue(observed.logs.some((line) => line.includes(headerName) && line.includes("<redacted>")))
          // The attempt spans were made, and record no header (the platform's span is off for
          // userkit's requests).
          assert.include(spanAttributes(observed), "http.response.status_code=" + status)
          assert.isFalse(spanAttributes(observed).some((attribute) => attribute.startsWith("http.request.header.")))
        }
      }), heavy)

    it.scoped(`${label}: not in transport, decode or timeout failures`, () =>
      Effect.gen(function*() {
        assertNoLeak(yield* observing(options, refusing, allFailures), hidden)
        assertNoLeak(
          yield* observing(options, answering(() => MockHttpClient.text(200, "<html>login</html>")), allFailures),
          hidden
        )
        const hanging = yield* observing(
          { ...options, timeout: Duration.seconds(1) },
          answering(() => Effect.as(Effect.never, MockHttpClient.empty(200))),
          (users, observed) =>
            Effect.gen(function*() {
              const fiber = yield* Effect.fork(observe(observed, users.getUser()))
              yield* TestClock.adjust(Duration.seconds(1))
              yield* Fiber.join(fiber)
            })
        )
        assert.isTrue(hanging.outputs.some((text) => text.includes("TimeoutError")))
        assertNoLeak(hanging, hidden)
      }), heavy)
  }

  it.scoped("a user password: not in errors, logs or spans of createUser, updateUser and resetUserPassword", () =>
    Effect.gen(function*() {
      const password = Redacted.make(userPassword)
      const calls = (users: TileDBUsers.TileDBUsersService, observed: Observed) =>
        Effect.all([
          observe(observed, users.createUser({ username: "ada", password })),
          observe(observed, users.updateUser("ada", { username: "ada", password })),
          observe(observed, users.resetUserPassword({ password })),
          // Rejected before sending, for another field and for its own length.
          observe(observed, users.createUser({ username: "not valid", password })),
          observe(observed, users.resetUserPassword({ password: Redacted.make(userPassword.slice(0, 7)) }))
        ])
      for (const status of [400, 409, 418, 502]) {
        assertNoLeak(
          yield* observing(keyOptions, answering(() => MockHttpClient.json(status, errorBody(status))), calls),
          [userPassword, userPassword.slice(0, 7)]
        )
      }
      assertNoLeak(yield* observing(keyOptions, refusing, calls), [userPassword, userPassword.slice(0, 7)])
    }))

  it.scoped("an AWS secret key: not in errors, logs or spans of adding and updating credentials", () =>
    Effect.gen(function*() {
      const secret = Redacted.make(awsSecret)
      const calls = (users: TileDBUsers.TileDBUsersService, observed: Observed) =>
        Effect.all([
          observe(observed, users.addAwsAccessCredentials("ns", { name: "main", secret_access_key: secret })),
          observe(observed, users.updateAwsAccessCredentials("ns", "main", { secret_access_key: secret })),
          observe(observed, users.addAwsAccessCredentials("..", { name: "main", secret_access_key: secret }))
        ])
      for (const status of [400, 404, 409, 418, 503]) {
        assertNoLeak(
          yield* observing(keyOptions, answering(() => MockHttpClient.json(status, errorBody(status))), calls),
          [awsSecret]
        )
      }
    }))

  it.scoped("secrets in decoded models: not in logs, JSON or inspect output", () =>
    Effect.gen(function*() {
      const observed = yield* observing(
        keyOptions,
        answering(() =>
          MockHttpClient.json(200, { username: "ada", password: userPassword, secret_access_key: awsSecret })
        ),
        (users, observed) =>
          Effect.gen(function*() {
            yield* observe(observed, users.getUser())
            yield* observe(observed, users.checkAwsAccessCredentialsByName("ns", "main"))
          })
      )
      assertNoLeak(observed, [userPassword, awsSecret])
      const user = Schema.decodeUnknownSync(Models.User)({ username: "ada", password: userPassword })
      const credentials = Schema.decodeUnknownSync(Models.AWSAccessCredentials)({ secret_access_key: awsSecret })
      for (const text of [...renderings(user), ...renderings(credentials)]) {
        expect(text).not.toContain(userPassword)
        expect(text).not.toContain(awsSecret)
      }
    }))
})
