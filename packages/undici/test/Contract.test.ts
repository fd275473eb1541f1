/**
 * The HTTP client contract, over real sockets on 127.0.0.1, for every transport of
 * @userkit/testkit/Transports (FetchHttpClient is the reference), with the tracer enabled (the
 * platform's span path) and disabled (UndiciHttpClient's direct path).
 */
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { assert, describe, it } from "@effect/vitest"
import { transports } from "@userkit/testkit/Transports"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as Net from "node:net"
import * as Server from "./server.js"

interface Echo {
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string | undefined>
  readonly body: string
  readonly length: number
}

const isEcho = (value: unknown): value is Echo =>
  typeof value === "object" && value !== null && "method" in value && "headers" in value && "body" in value

const echoOf = (response: { readonly json: Effect.Effect<unknown, unknown> }) =>
  Effect.flatMap(response.json, (json) => isEcho(json) ? Effect.succeed(json) : Effect.die("not an echo"))

/** A port nothing listens on: bound, then released. */
const closedPort = Effect.async<number>((resume) => {
  const server = Net.createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

const variants = transports.flatMap((transport) => [
  { ...transport, name: `${transport.name}, tracer enabled`, traced: true },
  {
    ...transport,
    name: `${transport.name}, tracer disabled`,
    layer: Layer.merge(transport.layer, Layer.setTracerEnabled(false)),
    traced: false
  }
])

for (const variant of variants) {
  describe(variant.name, () => {
    const withServer = <A, E>(
      use: (client: HttpClient.HttpClient, server: Server.TestServer) => Effect.Effect<A, E, Scope.Scope>
    ) =>
      Effect.gen(function*() {
        const server = yield* Server.make
        const client = yield* HttpClient.HttpClient
        return yield* use(client, server)
      }).pipe(Effect.scoped, Effect.provide(variant.layer))

    it.effect("every method reaches the server, HEAD without a body", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const) {
            const echo = yield* echoOf(yield* client.execute(HttpClientRequest.make(method)(`${server.url}/echo`)))
            assert.strictEqual(echo.method, method)
          }
          const head = yield* client.head(`${server.url}/echo`)
          assert.strictEqual(head.status, 200)
          assert.strictEqual(yield* head.text, "")
        })
      ))

    it.effect("request headers, the URL's query and a Latin-1 value arrive as sent", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.url}/echo`, {
            headers: { "x-one": "1", "x-latin1": "café" },
            urlParams: { q: "a b", n: "1" }
          })
          const echo = yield* echoOf(response)
          assert.strictEqual(echo.headers["x-one"], "1")
          assert.strictEqual(echo.headers["x-latin1"], "café")
          assert.strictEqual(echo.path, "/echo?q=a+b&n=1")
        })
      ))

    it.effect("a header value outside Latin-1 is refused before it is sent", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const error = yield* Effect.flip(client.get(`${server.url}/echo`, { headers: { "x-bad": "日本" } }))
          assert.strictEqual(error._tag, "RequestError")
          assert.strictEqual(error.reason, "Transport")
        })
      ))

    it.effect("duplicate response headers are joined, cookies kept apart, bytes read as Latin-1", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.url}/headers`)
          assert.strictEqual(response.headers["x-dup"], "a, b")
          assert.strictEqual(response.headers["x-utf8"], Buffer.from("café", "utf8").toString("latin1"))
          assert.deepStrictEqual(Object.keys(response.cookies.cookies).sort(), ["a", "b"])
          assert.strictEqual(yield* response.text, "ok")
        })
      ))

    it.effect("request bodies: empty, text, JSON, bytes, a stream", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const post = (body: HttpBody.HttpBody) =>
            Effect.flatMap(
              client.execute(HttpClientRequest.post(`${server.url}/echo`).pipe(HttpClientRequest.setBody(body))),
              echoOf
            )
          const empty = yield* post(HttpBody.empty)
          assert.strictEqual(empty.length, 0)
          const text = yield* post(HttpBody.text("zwölf €"))
          assert.strictEqual(text.body, "zwölf €")
          assert.strictEqual(text.headers["content-type"], "text/plain")
          const json = yield* post(yield* HttpBody.json({ a: [1, "ü"] }))
          assert.deepStrictEqual(JSON.parse(json.body), { a: [1, "ü"] })
          assert.strictEqual(json.headers["content-type"], "application/json")
          const bytes = yield* post(HttpBody.uint8Array(new Uint8Array([104, 105])))
          assert.strictEqual(bytes.body, "hi")
          const streamed = yield* post(
            HttpBody.stream(Stream.make("a", "b", "c").pipe(Stream.encodeText), "text/plain")
          )
          assert.strictEqual(streamed.body, "abc")
        })
      ))

    it.effect("a form-data body is sent as multipart with its boundary", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const form = new FormData()
          form.append("field", "value")
          const sent = client.post(`${server.url}/echo`, { body: HttpBody.formData(form) })
          if (variant.deviations.includes("formData")) {
            return assert.strictEqual((yield* Effect.flip(sent)).reason, "Transport")
          }
          const echo = yield* echoOf(yield* sent)
          assert.match(echo.headers["content-type"] ?? "", /^multipart\/form-data; boundary=/)
          assert.include(echo.body, "name=\"field\"\r\n\r\nvalue")
        })
      ))

    it.effect("large bodies both ways (4 MB)", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const size = 4 * 1024 * 1024
          const up = yield* client.post(`${server.url}/echo`, { body: HttpBody.uint8Array(new Uint8Array(size)) })
          assert.strictEqual((yield* echoOf(up)).length, size)
          const down = yield* client.get(`${server.url}/large?bytes=${size}`)
          assert.strictEqual((yield* down.arrayBuffer).byteLength, size)
          const streamed = yield* client.get(`${server.url}/large?bytes=${size}`)
          const total = yield* Stream.runFold(streamed.stream, 0, (n, chunk) => n + chunk.length)
          assert.strictEqual(total, size)
        })
      ), { timeout: 30_000 })

    it.effect("response bodies: text read twice, JSON, an empty JSON body, a bad one", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.url}/json`)
          assert.strictEqual(yield* response.text, "{\"ok\":true,\"text\":\"zwölf €\"}")
          assert.deepStrictEqual(yield* response.json, { ok: true, text: "zwölf €" })
          const empty = yield* client.get(`${server.url}/status?code=204`)
          assert.strictEqual(yield* empty.json, null)
          const bad = yield* Effect.flip((yield* client.get(`${server.url}/not-json`)).json)
          assert.strictEqual(bad._tag, "ResponseError")
          assert.strictEqual(bad.reason, "Decode")
        })
      ))

    it.effect("the stream of a 204 fails with EmptyBody", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.url}/status?code=204`)
          if (variant.deviations.includes("emptyBodyStream")) {
            return assert.strictEqual(Chunk.size(yield* Stream.runCollect(response.stream)), 0)
          }
          const error = yield* Effect.flip(Stream.runDrain(response.stream))
          assert.strictEqual(error.reason, "EmptyBody")
        })
      ))

    it.effect("every status is a response, not a failure", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          for (const code of [200, 201, 204, 400, 401, 404, 409, 429, 500, 503]) {
            const response = yield* client.get(`${server.url}/status?code=${code}`)
            assert.strictEqual(response.status, code)
            assert.strictEqual(yield* response.text, code === 204 ? "" : `status ${code}`)
          }
        })
      ))

    it.effect("a redirect is the caller's: the 302 comes back with its location", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.url}/redirect`)
          assert.strictEqual(response.status, 302)
          assert.strictEqual(response.headers.location, "/echo")
        })
      ))

    it.effect("a timeout fails with TimeoutException and closes the socket", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const fiber = yield* Effect.fork(Effect.timeout(client.get(`${server.url}/hang`), "5 seconds"))
          yield* server.reached("/hang")
          yield* TestClock.adjust("5 seconds")
          const error = yield* Effect.flip(Fiber.join(fiber))
          assert.strictEqual(error._tag, "TimeoutException")
          yield* server.drained
          assert.strictEqual(server.open(), 0)
        })
      ))

    it.effect("interrupted before the headers: the socket is closed", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const fiber = yield* Effect.fork(client.get(`${server.url}/hang`))
          yield* server.reached("/hang")
          yield* Fiber.interrupt(fiber)
          yield* server.drained
          assert.strictEqual(server.open(), 0)
        })
      ))

    it.effect("interrupted in the middle of the body: the socket is closed", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.url}/half`)
          const fiber = yield* Effect.fork(response.text)
          yield* server.reached("/half")
          // The read must have begun: a fiber interrupted before it starts reads nothing.
          yield* Effect.yieldNow()
          yield* Fiber.interrupt(fiber)
          yield* server.drained
          assert.strictEqual(server.open(), 0)
        })
      ))

    it.effect("a stream taken in part, or interrupted, closes the socket", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const first = yield* client.get(`${server.url}/endless`)
          const taken = yield* Stream.runCollect(Stream.take(first.stream, 3))
          assert.strictEqual(Chunk.size(taken), 3)
          yield* server.drained
          const second = yield* client.get(`${server.url}/endless?second`)
          const fiber = yield* Effect.fork(Stream.runDrain(second.stream))
          yield* server.reached("/endless?second")
          yield* Effect.yieldNow()
          yield* Fiber.interrupt(fiber)
          yield* server.drained
          assert.strictEqual(server.open(), 0)
        })
      ))

    it.effect("a truncated body fails with a ResponseError (Decode)", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          const response = yield* client.get(`${server.url}/truncated`)
          const error = yield* Effect.flip(response.text)
          assert.strictEqual(error._tag, "ResponseError")
          assert.strictEqual(error.reason, "Decode")
        })
      ))

    it.effect("a refused connection is a RequestError (Transport)", () =>
      Effect.gen(function*() {
        const port = yield* closedPort
        const client = yield* HttpClient.HttpClient
        const error = yield* Effect.flip(client.get(`http://127.0.0.1:${port}/`))
        assert.strictEqual(error._tag, "RequestError")
        assert.strictEqual(error.reason, "Transport")
      }).pipe(Effect.provide(variant.layer)))

    it.effect("a bad URL is a RequestError (InvalidUrl)", () =>
      Effect.gen(function*() {
        const client = yield* HttpClient.HttpClient
        for (const url of ["http://exa mple.com/", "/relative", "http://[::1/"]) {
          const error = yield* Effect.flip(client.get(url))
          assert.strictEqual(error._tag, "RequestError")
          assert.strictEqual(error.reason, "InvalidUrl")
        }
      }).pipe(Effect.provide(variant.layer)))

    it.effect("sequential requests reuse their kept-alive sockets", () =>
      withServer((client, server) =>
        Effect.gen(function*() {
          for (let i = 0; i < 20; i++) yield* (yield* client.get(`${server.url}/json`)).text
          // The second request may be sent in the tick the first one ends, before its socket is free.
          assert.isAtMost(server.connections(), 2)
        })
      ))

    it.effect(
      "1,000 concurrent requests each get their own answer",
      () =>
        withServer((client, server) =>
          Effect.gen(function*() {
            const paths = yield* Effect.forEach(
              Array.from({ length: 1000 }, (_, i) => i),
              (i) => Effect.map(Effect.flatMap(client.get(`${server.url}/echo?i=${i}`), echoOf), (echo) => echo.path),
              { concurrency: "unbounded" }
            )
            assert.deepStrictEqual(paths, Array.from({ length: 1000 }, (_, i) => `/echo?i=${i}`))
          })
        ),
      { timeout: 60_000 }
    )

    it.effect(
      variant.traced ? "the request carries the span's traceparent" : "no traceparent without a tracer",
      () =>
        withServer((client, server) =>
          Effect.gen(function*() {
            const echo = yield* echoOf(yield* client.get(`${server.url}/echo`))
            if (!variant.traced) return assert.isUndefined(echo.headers.traceparent)
            const parent = yield* Effect.currentSpan
            const traceparent = echo.headers.traceparent ?? ""
            assert.match(traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/)
            assert.strictEqual(traceparent.split("-")[1], parent.traceId)
          }).pipe(Effect.withSpan("parent"))
        )
    )
  })
}
