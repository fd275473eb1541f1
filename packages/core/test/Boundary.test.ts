import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Api from "@userkit/core/Api"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as Endpoint from "@userkit/core/Endpoint"
import type * as Errors from "@userkit/core/Errors"
import * as Testing from "@userkit/core/Testing"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { authsCarrying, createItem, getItem, itemJson, ping, TestApi } from "./fixtures.js"
import { serve, transports, waitLive } from "./loopback.js"

const key = "k3y-never-leaves-its-origin"
const password = "pw-never-leaves-its-origin"

const auths = authsCarrying(key, password)

const redirects = [301, 302, 303, 307, 308] as const

const call = (
  client: Client.Client<unknown>,
  method: "GET" | "POST"
): Effect.Effect<
  unknown,
  Errors.StatusError | Errors.CallError | Errors.RequestValidationError
> =>
  method === "GET"
    ? client.operation(getItem)({ params: { id: "a1" } })
    : client.operation(createItem)({ params: {}, body: { id: "abc", secret: Redacted.make("s") } })

// The reason of a TransportError; a failure of another kind fails the test.
const transportReason = (error: Errors.StatusError | Errors.CallError | Errors.RequestValidationError) => {
  assert.strictEqual(error._tag, "TransportError")
  return error._tag === "TransportError" ? error.reason : undefined
}

describe.each(transports)("the boundary over $name", ({ layer }) => {
  describe("no redirect is ever followed", () => {
    for (const [scheme, auth] of auths) {
      it.live(`${scheme}: every 3xx, GET and POST, same and cross origin and a loop: one request, a typed failure`, () =>
        Effect.gen(function*() {
          const other = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
          for (const status of redirects) {
            for (const method of ["GET", "POST"] as const) {
              for (const target of ["cross", "same", "loop"] as const) {
                const origin = yield* serve((req, res, self) => {
                  const location = target === "cross"
                    ? `${other.url}/items/a1`
                    : target === "same"
                    ? `${self.url}/elsewhere`
                    : `${self.url}${req.url}`
                  res.writeHead(status, { location }).end()
                })
                const client = yield* Client.make(TestApi, { baseUrl: origin.url, auth })
                const error = yield* Effect.flip(call(client, method))
                const where = `${status} ${method} ${target}`
                assert.strictEqual(error._tag, "UnexpectedStatus", where)
                if (error._tag !== "UnexpectedStatus") continue
                assert.strictEqual(error.status, status, where)
                const expected = target === "cross"
                  ? `${other.url}/items/a1`
                  : target === "same"
                  ? `${origin.url}/elsewhere`
                  : `${origin.url}${method === "GET" ? "/items/a1" : "/items"}`
                assert.strictEqual(error.location, expected, where)
                assert.strictEqual(origin.received.length, 1, `${where}: requests at the origin`)
              }
            }
          }
          // Whatever the status, the method or the target, nothing reached the other origin.
          assert.deepStrictEqual(other.received, [])
        }).pipe(Effect.scoped, Effect.provide(layer)))
    }
  })

  describe("a credential no header can carry fails typed, before sending, and is printed nowhere", () => {
    const bad = ["K\r\nX-Injected: 1", "K\nX", "K\rX", "K\u0000X", " K", "K\u0100"]
    const schemes = (value: string): ReadonlyArray<readonly [string, string, Auth.Auth]> => [
      ["header key", "X-Acme-Key", Auth.header("X-Acme-Key", Redacted.make(value))],
      ["header key after a scheme word", "Authorization", Auth.header("Authorization", Redacted.make(value), "ApiKey")],
      ["bearer", "Authorization", Auth.bearer(Redacted.make(value))],
      ["bearer from an effect", "Authorization", Auth.bearer(Effect.succeed(Redacted.make(value)))],
      ["basic password", "Authorization", Auth.basic("ada", Redacted.make(value))],
      ["basic user-id", "Authorization", Auth.basic(value, Redacted.make("pw"))]
    ]
    it.live("every scheme, CR, LF, CR/LF, NUL, a character above U+00FF, leading whitespace", () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
        for (const value of bad) {
          for (const [scheme, header, auth] of schemes(value)) {
            // Leading whitespace and U+0100 are fine in a Basic password: base64 carries them.
            if (scheme.startsWith("basic") && (value === " K" || value === "K\u0100")) continue
            const where = `${scheme} ${JSON.stringify(value)}`
            const client = yield* Client.make(TestApi, { baseUrl: server.url, auth })
            const captured = yield* Testing.capture(
              Effect.tapError(client.operation(getItem)({ params: { id: "a1" } }), (error) => Effect.logError(error))
            )
            assert.isTrue(Exit.isFailure(captured.exit), where)
            const error = Exit.isFailure(captured.exit) ? captured.exit.cause : undefined
            expect(captured.text, where).toContain("InvalidCredentials")
            expect(captured.text, where).toContain(`the ${header} credential`)
            for (const part of value.split(/[\r\n]/).flatMap((line) => line.split("\u0000"))) {
              if (part.length > 1) expect(captured.text, where).not.toContain(part)
            }
            expect(captured.text, where).not.toContain("X-Injected")
            assert.isDefined(error)
          }
        }
        assert.deepStrictEqual(server.received, [])
      }).pipe(Effect.scoped, Effect.provide(layer)))

    it.live("a token Effect is checked each time it produces a token", () =>
      Effect.gen(function*() {
        const server = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
        let produced = 0
        const tokens = ["good-token", "bad\r\ntoken", "good-token"]
        const auth = Auth.bearer(Effect.sync(() => Redacted.make(tokens[produced++ % tokens.length])))
        const client = yield* Client.make(TestApi, { baseUrl: server.url, auth, retry: false })
        const first = yield* Effect.exit(client.operation(getItem)({ params: { id: "a1" } }))
        const second = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
        const third = yield* Effect.exit(client.operation(getItem)({ params: { id: "a1" } }))
        assert.isTrue(Exit.isSuccess(first) && Exit.isSuccess(third))
        assert.strictEqual(transportReason(second), "InvalidCredentials")
        assert.strictEqual(server.received.length, 2)
      }).pipe(Effect.scoped, Effect.provide(layer)))
  })

  it.live("a base URL with user:password@ is refused: nothing sent, neither part printed", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
      const baseUrl = server.url.replace("http://", "http://ada:url-secret-pw@")
      const client = yield* Client.make(TestApi, { baseUrl, auth: Auth.header("X-Acme-Key", Redacted.make(key)) })
      const captured = yield* Testing.capture(client.operation(getItem)({ params: { id: "a1" } }))
      expect(captured.text).toContain("InvalidUrl")
      expect(captured.text).toContain("carries credentials")
      expect(captured.text).not.toContain("url-secret-pw")
      expect(captured.text).not.toContain("ada:")
      assert.deepStrictEqual(server.received, [])
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("a bodiless success is not read: the call returns and the connection is let go", () =>
    Effect.gen(function*() {
      let written = 0
      const server = yield* serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        const chunk = Buffer.alloc(1024 * 1024, 0x20)
        const pump = () => {
          while (!res.destroyed && written < 1024 * chunk.length && res.write(chunk)) written += chunk.length
          if (!res.destroyed && written < 1024 * chunk.length) res.once("drain", pump)
        }
        pump()
      })
      const client = yield* Client.make(TestApi, { baseUrl: server.url, auth: auths[0][1] })
      yield* client.operation(ping)({ params: {} })
      yield* waitLive(() => server.openSockets() === 0)
      expect(written).toBeLessThan(256 * 1024 * 1024)
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("a success past maxResponseBytes is ResponseTooLarge, and the rest is not read", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.end(`{"id":"${"x".repeat(2 * 1024 * 1024)}","createdAt":"2024-05-01T10:00:00.000Z"}`)
      })
      const client = yield* Client.make(TestApi, {
        baseUrl: server.url,
        auth: auths[0][1],
        maxResponseBytes: 1024 * 1024
      })
      const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
      assert.strictEqual(transportReason(error), "ResponseTooLarge")
      // Not retried: a body too large stays too large.
      assert.strictEqual(server.received.length, 1)
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("an error body is read only as far as it is kept", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(404, { "content-type": "text/html" })
        res.end(`<html>${"y".repeat(20 * 1024 * 1024)}</html>`)
      })
      const client = yield* Client.make(TestApi, { baseUrl: server.url, auth: auths[0][1] })
      const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
      assert.strictEqual(error._tag, "NotFound")
      if (error._tag === "NotFound") assert.strictEqual(error.bodyText?.length, 2049)
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("headers, then one byte a second: a TimeoutError (a short configured timeout, in real time)", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write(" ")), 1000)
        res.on("close", () => clearInterval(drip))
      })
      const client = yield* Client.make(TestApi, {
        baseUrl: server.url,
        auth: auths[0][1],
        retry: false,
        timeout: Duration.millis(1500)
      })
      const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
      assert.strictEqual(error._tag, "TimeoutError")
      yield* waitLive(() => server.openSockets() === 0)
    }).pipe(Effect.scoped, Effect.provide(layer)))

  it.live("a 418 with a decodable error body: UnexpectedStatus carries it decoded, beside bodyText", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => {
        res.writeHead(418, { "content-type": "application/json" })
        res.end(JSON.stringify({ detail: "short and stout", traceId: "t-418" }))
      })
      const client = yield* Client.make(TestApi, { baseUrl: server.url, auth: auths[0][1] })
      const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
      assert.strictEqual(error._tag, "UnexpectedStatus")
      if (error._tag !== "UnexpectedStatus") return
      assert.deepStrictEqual(error.body, { detail: "short and stout", traceId: "t-418" })
      assert.strictEqual(error.requestId, "t-418")
      assert.isDefined(error.bodyText)
    }).pipe(Effect.scoped, Effect.provide(layer)))
})

describe("FetchHttpClient: the application's RequestInit is kept, with redirects off for userkit only", () => {
  it.live("an init given to the FetchHttpClient layer still applies, and its redirect is overridden", () =>
    Effect.gen(function*() {
      const other = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
      const origin = yield* serve((_req, res) => res.writeHead(302, { location: `${other.url}/items/a1` }).end())
      const appLayer = FetchHttpClient.layer.pipe(
        Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { headers: { "x-app": "kept" }, redirect: "follow" }))
      )
      const error = yield* Effect.flip(
        Effect.flatMap(
          Client.make(TestApi, { baseUrl: origin.url, auth: auths[0][1] }),
          (client) => client.operation(getItem)({ params: { id: "a1" } })
        ).pipe(Effect.provide(appLayer))
      )
      assert.strictEqual(error._tag, "UnexpectedStatus")
      assert.strictEqual(origin.received[0]?.headers["x-app"], "kept")
      assert.deepStrictEqual(other.received, [])
      // The application's own requests through the same layer still follow redirects.
      const followed = yield* Effect.flatMap(HttpClient.HttpClient, (http) => http.get(`${origin.url}/x`)).pipe(
        Effect.provide(appLayer)
      )
      assert.strictEqual(followed.status, 200)
      assert.strictEqual(other.received.length, 1)
    }).pipe(Effect.scoped))
})

// A secret path parameter: the token is revoked by putting it in the path.
const SecretApi = Api.make({
  ...TestApi,
  operations: {
    revoke: Endpoint.make({
      method: "DELETE",
      path: "/tokens/{token}",
      secretParams: ["token"],
      successStatus: 204,
      errors: [404, 503]
    })
  }
})
const revoke = SecretApi.operations.revoke
const pathToken = "tok-in-the-path-never-traced"

describe("a secret path parameter", () => {
  for (const status of [204, 503, 404, 418, 302]) {
    it.live(`never in a span, a log or an error, with a tracer installed (${status}, retried where retryable)`, () =>
      Effect.gen(function*() {
        const server = yield* serve((req, res) => {
          res.writeHead(status, { location: `http://127.0.0.1:9${req.url}`, "content-type": "text/plain" })
          res.end(status === 204 ? undefined : `no such token ${req.url}`)
        })
        const client = yield* Client.make(SecretApi, {
          baseUrl: server.url,
          auth: auths[0][1],
          retry: { baseDelay: Duration.millis(1), times: 3 }
        })
        const captured = yield* Testing.capture(
          Effect.tapError(client.operation(revoke)({ params: { token: pathToken } }), (error) => Effect.logError(error))
        )
        assert.strictEqual(server.received.length, status === 503 ? 4 : 1)
        assert.isTrue(server.received.every(({ line }) => line.includes(pathToken)), "the token was sent")
        // The operation span and one attempt span per send, named by the template; no platform span.
        assert.deepStrictEqual(
          captured.spans.map((span) => span.name),
          ["Acme.revoke", ...server.received.map(() => "DELETE /tokens/{token}")]
        )
        for (const span of captured.spans.slice(1)) {
          assert.strictEqual(span.attributes.get("url.template"), "/tokens/{token}")
        }
        expect(captured.text).not.toContain(pathToken)
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
  }
})

// A transport whose answer sends its headers and then nothing, forever: only the clock ends it.
const silentAfterHeaders = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) =>
    Effect.succeed(HttpClientResponse.fromWeb(
      request,
      new Response(
        new ReadableStream({
          start: (controller) => controller.enqueue(new TextEncoder().encode("{"))
        }),
        { status: 200, headers: { "content-type": "application/json" } }
      )
    ))
  )
)

describe("deadlines", () => {
  it.effect("by default an attempt ends at 30 s with a TimeoutError, even mid-body", () =>
    Effect.gen(function*() {
      const client = yield* Client.make(TestApi, { baseUrl: "http://127.0.0.1:9", auth: auths[0][1], retry: false })
      const fiber = yield* Effect.fork(Effect.flip(client.operation(getItem)({ params: { id: "a1" } })))
      yield* TestClock.adjust(Duration.millis(29_999))
      assert.isTrue((yield* Fiber.poll(fiber))._tag === "None")
      yield* TestClock.adjust(Duration.millis(1))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") assert.isTrue(Duration.equals(error.timeout, Duration.seconds(30)))
    }).pipe(Effect.provide(silentAfterHeaders)))

  it.effect("timeout: false waits for as long as it takes", () =>
    Effect.gen(function*() {
      const client = yield* Client.make(TestApi, {
        baseUrl: "http://127.0.0.1:9",
        auth: auths[0][1],
        retry: false,
        timeout: false
      })
      const fiber = yield* Effect.fork(client.operation(getItem)({ params: { id: "a1" } }))
      yield* TestClock.adjust(Duration.hours(1))
      assert.isTrue((yield* Fiber.poll(fiber))._tag === "None")
      yield* Fiber.interrupt(fiber)
    }).pipe(Effect.provide(silentAfterHeaders)))

  it.effect("the deadline covers every attempt and every wait between them", () =>
    Effect.gen(function*() {
      let attempts = 0
      const always503 = Layer.succeed(
        HttpClient.HttpClient,
        HttpClient.make((request) =>
          Effect.sync(() => {
            attempts++
            return HttpClientResponse.fromWeb(request, new Response("busy", { status: 503 }))
          })
        )
      )
      const client = yield* Client.make(TestApi, {
        baseUrl: "http://127.0.0.1:9",
        auth: auths[0][1],
        retry: { baseDelay: Duration.seconds(1), times: 10 },
        deadline: Duration.seconds(2)
      }).pipe(Effect.provide(always503))
      const fiber = yield* Effect.fork(Effect.flip(client.operation(getItem)({ params: { id: "a1" } })))
      yield* TestClock.adjust(Duration.seconds(2))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") assert.isTrue(Duration.equals(error.timeout, Duration.seconds(2)))
      // 1 s ±20 % then 2 s ±20 %: the second retry cannot start within 2 s.
      assert.strictEqual(attempts, 2)
    }))
})
