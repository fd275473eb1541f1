import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Testing from "@userkit/core/Testing"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"
import { calls, errorJson, fakeLayer, mockLayer, secret, userJson } from "./helpers.js"

// A failure is looked at in every way an application would: logged as a value, as its string
// form and as its JSON. `Testing.capture` adds the spans, the exit's JSON and the pretty cause.
const logged = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.tapError(
    effect,
    (error) =>
      Effect.all([Effect.logDebug(error), Effect.logInfo(String(error)), Effect.logError(JSON.stringify(error))])
  )

const capturedWith = <A>(
  layer: Layer.Layer<AstronomerUsers.AstronomerUsers>,
  call: (users: AstronomerUsers.AstronomerUsersService) => Effect.Effect<A, { readonly _tag: string }>
) => Testing.capture(logged(Effect.flatMap(AstronomerUsers.AstronomerUsers, call))).pipe(Effect.provide(layer))

const serviceOver = (client: HttpClient.HttpClient, options: Partial<AstronomerUsers.Options> = {}) =>
  AstronomerUsers.layer({ token: Redacted.make(secret), retry: false, rateLimit: false, ...options }).pipe(
    Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
  )

describe("the token never leaks", () => {
  for (const [name, call] of Object.entries(calls)) {
    for (const status of [400, 401, 403, 500]) {
      it.effect(`${name} ${status}: not in the error, its JSON, the logs or the spans`, () =>
        Effect.gen(function*() {
          const captured = yield* capturedWith(
            mockLayer([MockHttpClient.route("*", "*", () => MockHttpClient.json(status, errorJson(status)))]),
            call
          )
          assert.include(captured.text, `Astronomer.${name}: ${status}`)
          assert.include(captured.text, "req-7f3a")
          assert.notInclude(captured.text, secret)
        }))
    }
  }

  it.effect("Unauthorized from the fake: the token was sent, refused, and is not echoed", () =>
    Effect.gen(function*() {
      const captured = yield* capturedWith(
        fakeLayer({}, secret),
        (users) => users.getUser(Fake.defaultOrganizationId, Fake.defaultSelfUserId)
      )
      assert.include(captured.text, "Unauthorized")
      assert.notInclude(captured.text, secret)
    }))

  it.effect("UnexpectedStatus, ResponseDecodeError and RequestValidationError", () =>
    Effect.gen(function*() {
      const unexpected = yield* capturedWith(
        mockLayer([MockHttpClient.route("*", "*", () => MockHttpClient.text(418, "teapot"))]),
        (users) => users.listOrgUsers("o")
      )
      const decode = yield* capturedWith(
        mockLayer([MockHttpClient.route("*", "*", () => MockHttpClient.json(200, { users: "many" }))]),
        (users) => users.listOrgUsers("o")
      )
      const invalid = yield* capturedWith(mockLayer([]), (users) => users.listOrgUsers("..", { offset: -1 }))
      assert.include(unexpected.text, "UnexpectedStatus")
      assert.include(decode.text, "ResponseDecodeError")
      assert.include(invalid.text, "RequestValidationError")
      for (const captured of [unexpected, decode, invalid]) assert.notInclude(captured.text, secret)
    }))

  it.effect("TransportError: the platform's error, which prints the Authorization header, is not kept", () =>
    Effect.gen(function*() {
      const broken = HttpClient.make((request) =>
        Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", cause: new TypeError("fetch failed") })
        )
      )
      // The trap: the platform's own failure carries the request, headers raw.
      const raw = yield* Effect.flip(
        Effect.flatMap(
          HttpClient.HttpClient,
          (client) => client.get("https://x", { headers: { authorization: secret } })
        )
          .pipe(Effect.provide(Layer.succeed(HttpClient.HttpClient, broken)))
      )
      assert.include(JSON.stringify(raw), secret)
      const captured = yield* capturedWith(serviceOver(broken), (users) => users.getSelfUser())
      assert.include(captured.text, "Astronomer.getSelfUser: the request could not be sent: TypeError")
      assert.notInclude(captured.text, secret)
    }))

  it.effect("TimeoutError", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.fork(
        capturedWith(serviceOver(HttpClient.make(() => Effect.never), { timeout: "1 second" }), (users) =>
          users.getSelfUser())
      )
      yield* TestClock.adjust("1 second")
      const captured = yield* Fiber.join(fiber)
      assert.include(captured.text, "Astronomer.getSelfUser: no response within 1s")
      assert.notInclude(captured.text, secret)
    }))

  it.effect("spans: the attempt span names the route template; no span records the header", () =>
    Effect.gen(function*() {
      const captured = yield* capturedWith(
        mockLayer([MockHttpClient.route("*", "*", () => MockHttpClient.json(200, userJson("usr-1")))]),
        (users) => users.getUser("org-1", "usr-1")
      )
      assert.deepStrictEqual(captured.spans.map((span) => span.name), [
        "Astronomer.getUser",
        "GET /v1alpha1/organizations/{organizationId}/users/{userId}"
      ])
      for (const span of captured.spans) assert.isFalse(span.attributes.has("http.request.header.authorization"))
      assert.notInclude(captured.text, secret)
    }))
})
