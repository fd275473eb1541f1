import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as Tracing from "@userkit/testkit/Tracing"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Http from "node:http"
import { getItem, itemJson, TestApi } from "./fixtures.js"
import { serve, transports } from "./loopback.js"

const secret = "tracing-secret-never-recorded"

const server = serve((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" })
  res.end(JSON.stringify(itemJson))
})

const getOver = (url: string) =>
  Effect.flatMap(
    Client.make(TestApi, { baseUrl: url, auth: Auth.header("X-Acme-Key", Redacted.make(secret)), retry: false }),
    (client) => client.operation(getItem)({ params: { id: "ada@example.com" } })
  )

const traceparentOf = (headers: Http.IncomingHttpHeaders) =>
  typeof headers.traceparent === "string" ? headers.traceparent : undefined

describe("tracing choices of the application", () => {
  for (const transport of transports) {
    it.live(`with Effect's default tracer and a parent span, a traceparent reaches the server (${transport.name})`, () =>
      Effect.gen(function*() {
        const loopback = yield* server
        const parent = yield* Effect.flatMap(
          Effect.currentSpan,
          (span) => Effect.as(getOver(loopback.url), span)
        ).pipe(Effect.withSpan("the application's span"))
        const traceparent = traceparentOf(loopback.received[0]?.headers ?? {})
        assert.isDefined(traceparent)
        assert.match(traceparent ?? "", new RegExp(`^00-${parent.traceId}-[0-9a-f]{16}-01$`))
        // The attempt span's own id is sent: a child of the application's trace, not its span.
        assert.notInclude(traceparent ?? "", parent.spanId)
      }).pipe(Effect.scoped, Effect.provide(transport.layer)))
  }

  it.live("with no tracer and no parent span a call makes no span and sends no traceparent", () =>
    Effect.gen(function*() {
      const loopback = yield* server
      yield* getOver(loopback.url)
      assert.isUndefined(loopback.received[0]?.headers.traceparent)
      assert.isUndefined(loopback.received[0]?.headers.b3)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("the application's transforms and token effects run with its tracer settings, not userkit's", () =>
    Effect.gen(function*() {
      const loopback = yield* server
      const seen: Array<string> = []
      const record = (where: string) =>
        Effect.map(FiberRef.get(FiberRef.currentTracerEnabled), (enabled) => {
          seen.push(`${where}: ${enabled}`)
        })
      const traced = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, HttpClient.tapRequest(() => record("transform")))
      ).pipe(Layer.provide(FetchHttpClient.layer))
      const auth = Auth.bearer(Effect.as(record("token"), Redacted.make(secret)))
      yield* Effect.flatMap(
        Client.make(TestApi, { baseUrl: loopback.url, auth, retry: false }),
        (client) => client.operation(getItem)({ params: { id: "a1" } })
      ).pipe(Effect.provide(traced))
      assert.deepStrictEqual(seen, ["token: true", "transform: true"])
      assert.isTrue(yield* FiberRef.get(FiberRef.currentTracerEnabled))
    }).pipe(Effect.scoped))

  it.live("an OpenTelemetry tracer: the traceparent is the attempt span's; the application may turn it off", () =>
    Effect.gen(function*() {
      const loopback = yield* server
      yield* getOver(loopback.url)
      yield* getOver(loopback.url).pipe(Effect.locally(HttpClient.currentTracerPropagation, false))
      const spans = yield* Effect.flatMap(Tracing.Spans, (recorded) => recorded.finished)
      const attempts = spans.filter((span) => span.name === "GET /items/{id}")
      assert.strictEqual(attempts.length, 2)
      assert.strictEqual(
        traceparentOf(loopback.received[0]?.headers ?? {}),
        `00-${attempts[0]?.traceId}-${attempts[0]?.spanId}-01`
      )
      assert.isUndefined(loopback.received[1]?.headers.traceparent)
      assert.isFalse(spans.some((span) => span.name.startsWith("http.client")), "no platform span")
    }).pipe(Effect.scoped, Effect.provide(Layer.merge(Tracing.layer, FetchHttpClient.layer))))

  it.live("the platform's span stays on for the application's own requests through the same client", () =>
    Effect.gen(function*() {
      const loopback = yield* server
      yield* getOver(loopback.url)
      yield* Effect.flatMap(HttpClient.HttpClient, (http) => http.get(`${loopback.url}/own`))
      const spans = yield* Effect.flatMap(Tracing.Spans, (recorded) => recorded.finished)
      assert.deepStrictEqual(spans.map((span) => span.name), ["GET /items/{id}", "Acme.getItem", "http.client GET"])
    }).pipe(Effect.scoped, Effect.provide(Layer.merge(Tracing.layer, FetchHttpClient.layer))))
})
