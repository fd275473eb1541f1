import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import { assert, describe, expect, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Testing from "@userkit/core/Testing"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import { acmeClient, createItem, getItem, itemJson, listItems, ping, TestApi } from "./fixtures.js"

const secret = "sekret-key-123"

const withMock = <A, E>(
  routes: ReadonlyArray<MockHttpClient.MockRoute>,
  use: (client: Client.Client<typeof TestApi.errorBody.Type>) => Effect.Effect<A, E, MockHttpClient.MockHttpClient>,
  options: Partial<Client.Options> = {}
) =>
  Effect.gen(function*() {
    const client = yield* Client.make(TestApi, {
      baseUrl: "https://acme.test/api/",
      auth: Auth.header("X-Acme-Key", Redacted.make(secret)),
      retry: false,
      ...options
    })
    return yield* use(client)
  }).pipe(Effect.provide(MockHttpClient.layer(routes)))

describe("Client", () => {
  it.effect("sends the method, base URL, encoded path, accept and auth headers", () =>
    withMock(
      [MockHttpClient.route("GET", "*", () => MockHttpClient.json(200, itemJson))],
      (client) =>
        Effect.gen(function*() {
          const item = yield* client.operation(getItem)({ params: { id: "a/../../admin?x=1#f" } })
          assert.deepStrictEqual(item, { id: "a1", createdAt: new Date("2024-05-01T10:00:00.000Z") })
          const [request] = yield* MockHttpClient.requests
          assert.strictEqual(request.method, "GET")
          assert.strictEqual(request.url.origin, "https://acme.test")
          assert.strictEqual(request.path, "/api/items/a%2F..%2F..%2Fadmin%3Fx%3D1%23f")
          assert.strictEqual(request.url.search, "")
          assert.strictEqual(request.url.hash, "")
          assert.strictEqual(request.headers["accept"], "application/json")
          assert.strictEqual(request.headers["x-acme-key"], secret)
        })
    ))

  it.effect("encodes query parameters, numbers as text and arrays as repeated keys", () =>
    withMock(
      [MockHttpClient.route("GET", "/api/items", () => MockHttpClient.json(200, []))],
      (client) =>
        Effect.gen(function*() {
          yield* client.operation(listItems)({ params: {}, query: { limit: 20, tag: ["a b", "c&d"] } })
          const [request] = yield* MockHttpClient.requests
          assert.strictEqual(request.url.search, "?limit=20&tag=a+b&tag=c%26d")
        })
    ))

  it.effect("sends a JSON body encoded by its schema, Redacted fields in clear only on the wire", () =>
    withMock(
      [MockHttpClient.route("POST", "/api/items", () => MockHttpClient.json(201, itemJson))],
      (client) =>
        Effect.gen(function*() {
          yield* client.operation(createItem)({ params: {}, body: { id: "abc", secret: Redacted.make("pw-1") } })
          const [request] = yield* MockHttpClient.requests
          assert.strictEqual(request.headers["content-type"], "application/json")
          assert.deepStrictEqual(JSON.parse(request.body ?? ""), { id: "abc", secret: "pw-1" })
        })
    ))

  it.effect("rejects ids that cannot be one path segment before sending", () =>
    withMock([], (client) =>
      Effect.gen(function*() {
        for (const id of ["", ".", ".."]) {
          const error = yield* Effect.flip(client.operation(getItem)({ params: { id } }))
          assert.strictEqual(error._tag, "RequestValidationError")
        }
        assert.deepStrictEqual(yield* MockHttpClient.requests, [])
      })))

  it.effect("rejects an invalid body naming the field, never echoing the value", () =>
    withMock([], (client) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(
          client.operation(createItem)({ params: {}, body: { id: "zq", secret: Redacted.make("pw-1") } })
        )
        assert.strictEqual(error._tag, "RequestValidationError")
        if (error._tag !== "RequestValidationError") return
        assert.deepStrictEqual(error.issues.map((issue) => issue.path), ["body.id"])
        expect(error.message).not.toContain("zq")
        expect(JSON.stringify(error)).not.toContain("zq")
      })))

  it.effect("an optional query parameter out of range is one issue, not two", () =>
    withMock([], (client) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(client.operation(listItems)({ params: {}, query: { limit: 500 } }))
        if (error._tag !== "RequestValidationError") return assert.fail(error._tag)
        assert.deepStrictEqual(error.issues.map((issue) => issue.path), ["query.limit"])
        assert.notInclude(error.message, "undefined")
      })))

  it.effect("maps a documented status to its class with the decoded body, request id and Retry-After", () =>
    withMock(
      [MockHttpClient.route("GET", "*", () =>
        MockHttpClient.json(429, { detail: "slow down", traceId: "t-1" }, { "retry-after": "7" }))],
      (client) =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
          assert.strictEqual(error._tag, "TooManyRequests")
          if (error._tag !== "TooManyRequests") {
            return
          }
          assert.strictEqual(error.status, 429)
          assert.deepStrictEqual(error.body, { detail: "slow down", traceId: "t-1" })
          assert.strictEqual(error.requestId, "t-1")
          assert.deepStrictEqual(error.retryAfter, Duration.seconds(7))
          assert.strictEqual(error.message, "Acme.getItem: 429 Too Many Requests: slow down (request id t-1)")
          assert.strictEqual(error.route, "/items/{id}")
        })
    ))

  it.effect("keeps a documented status typed when its body is HTML or empty", () =>
    withMock(
      [
        MockHttpClient.route("GET", "/api/items/html", () => MockHttpClient.text(404, "<html>gone</html>")),
        MockHttpClient.route("GET", "/api/items/empty", () => MockHttpClient.empty(503))
      ],
      (client) =>
        Effect.gen(function*() {
          const html = yield* Effect.flip(client.operation(getItem)({ params: { id: "html" } }))
          assert.strictEqual(html._tag, "NotFound")
          if (html._tag === "NotFound") {
            assert.strictEqual(html.body, undefined)
            assert.strictEqual(html.bodyText, "<html>gone</html>")
          }
          const empty = yield* Effect.flip(client.operation(getItem)({ params: { id: "empty" } }))
          assert.strictEqual(empty._tag, "ServiceUnavailable")
        })
    ))

  it.effect("maps an undocumented status to UnexpectedStatus with the body text", () =>
    withMock(
      [MockHttpClient.route("GET", "*", () => MockHttpClient.text(418, "teapot"))],
      (client) =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
          assert.strictEqual(error._tag, "UnexpectedStatus")
          if (error._tag !== "UnexpectedStatus") return
          assert.strictEqual(error.status, 418)
          assert.strictEqual(error.bodyText, "teapot")
        })
    ))

  it.effect("a documented status of another operation is unexpected here", () =>
    withMock(
      [MockHttpClient.route("GET", "*", () => MockHttpClient.json(409, {}))],
      (client) =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
          assert.strictEqual(error._tag, "UnexpectedStatus")
        })
    ))

  it.effect("fails with ResponseDecodeError on HTML, empty, truncated or mistyped success bodies", () =>
    withMock(
      [
        MockHttpClient.route("GET", "/api/items/html", () => MockHttpClient.text(200, "<html></html>")),
        MockHttpClient.route("GET", "/api/items/empty", () => MockHttpClient.empty(200)),
        MockHttpClient.route("GET", "/api/items/truncated", () => MockHttpClient.text(200, "{\"id\":\"a")),
        MockHttpClient.route("GET", "/api/items/mistyped", () => MockHttpClient.json(200, { id: 1 }))
      ],
      (client) =>
        Effect.gen(function*() {
          for (const id of ["html", "empty", "truncated", "mistyped"]) {
            const error = yield* Effect.flip(client.operation(getItem)({ params: { id } }))
            assert.strictEqual(error._tag, "ResponseDecodeError", id)
          }
          const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "mistyped" } }))
          if (error._tag === "ResponseDecodeError") {
            assert.include(error.issue, "id: expected string")
            assert.include(error.issue, "createdAt")
          }
        })
    ))

  it.effect("ignores unknown fields and the body of a no-content success", () =>
    withMock(
      [
        MockHttpClient.route("GET", "/api/items/{id}", () => MockHttpClient.json(200, { ...itemJson, extra: [1] })),
        MockHttpClient.route("GET", "/api/ping", () => MockHttpClient.text(200, "not json, and not read"))
      ],
      (client) =>
        Effect.gen(function*() {
          assert.deepStrictEqual(Object.keys(yield* client.operation(getItem)({ params: { id: "a1" } })), [
            "id",
            "createdAt"
          ])
          assert.strictEqual(yield* client.operation(ping)({ params: {} }), undefined)
        })
    ))

  it.effect("a transport failure is a TransportError that keeps neither the request nor its headers", () =>
    Effect.gen(function*() {
      const client = yield* acmeClient(secret)
      const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag !== "TransportError") return
      assert.strictEqual(error.reason, "Transport")
      assert.strictEqual(error.description, "TypeError (ECONNREFUSED)")
      expect(JSON.stringify(error)).not.toContain(secret)
      expect(String(error)).not.toContain(secret)
    }).pipe(
      Effect.provideService(
        HttpClient.HttpClient,
        HttpClient.make((request) =>
          Effect.fail(
            new HttpClientError.RequestError({
              request,
              reason: "Transport",
              cause: new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })
            })
          )
        )
      )
    ))

  it.effect("times out an attempt with TimeoutError and aborts it", () =>
    withMock(
      [MockHttpClient.route("GET", "*", () => Effect.as(Effect.never, MockHttpClient.empty(200)))],
      (client) =>
        Effect.gen(function*() {
          const fiber = yield* Effect.fork(Effect.flip(client.operation(getItem)({ params: { id: "a1" } })))
          yield* TestClock.adjust(Duration.seconds(2))
          const error = yield* Fiber.join(fiber)
          assert.strictEqual(error._tag, "TimeoutError")
          if (error._tag === "TimeoutError") assert.strictEqual(error.message, "Acme.getItem: no response within 2s")
        }),
      { timeout: Duration.seconds(2) }
    ))
})

describe("tracing", () => {
  it.effect("a call is an operation span with one attempt span named by the route template, never the ids", () =>
    Effect.gen(function*() {
      const client = yield* Client.make(TestApi, {
        baseUrl: "https://acme.test:8443/api/",
        auth: Auth.header("X-Acme-Key", Redacted.make(secret)),
        retry: false
      })
      const captured = yield* Testing.capture(client.operation(getItem)({ params: { id: "ada@example.com" } }))
      assert.deepStrictEqual(captured.spans.map((span) => [span.name, span.kind]), [
        ["Acme.getItem", "internal"],
        ["GET /api/items/{id}", "client"]
      ])
      const [operation, attempt] = captured.spans
      assert.deepStrictEqual(Object.fromEntries(operation?.attributes ?? []), {
        "userkit.vendor": "Acme",
        "userkit.operation": "getItem"
      })
      assert.deepStrictEqual(Object.fromEntries(attempt?.attributes ?? []), {
        "http.request.method": "GET",
        "url.template": "/api/items/{id}",
        "server.address": "acme.test",
        "server.port": 8443,
        "http.response.status_code": 200
      })
      assert.notInclude(captured.text, "ada@example.com")
      assert.notInclude(captured.text, secret)
    }).pipe(Effect.provide(MockHttpClient.layer([
      MockHttpClient.route("GET", "*", () => MockHttpClient.json(200, itemJson))
    ]))))
})
