import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as Http from "node:http"
import type * as Net from "node:net"
import { getItem, itemJson, TestApi } from "./fixtures.js"

interface Misbehaving {
  readonly url: string
  readonly server: Http.Server
  readonly openSockets: () => number
  readonly requestsReceived: () => number
}

// A loopback server that misbehaves on purpose, and counts the requests it got and the sockets
// still open.
const misbehaving = (onRequest: (req: Http.IncomingMessage, res: Http.ServerResponse) => void) =>
  Effect.acquireRelease(
    Effect.async<Misbehaving>(
      (resume) => {
        const sockets = new Set<Net.Socket>()
        let received = 0
        const server = Http.createServer((req, res) => {
          received++
          onRequest(req, res)
        })
        server.on("connection", (socket) => {
          sockets.add(socket)
          socket.on("close", () => sockets.delete(socket))
        })
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          resume(Effect.succeed({
            url: `http://127.0.0.1:${port}`,
            server,
            openSockets: () => sockets.size,
            requestsReceived: () => received
          }))
        })
      }
    ),
    ({ server }) =>
      Effect.async<undefined>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.succeed(undefined)))
      })
  )

const clientAt = (url: string, options: Partial<Client.Options> = {}) =>
  Client.make(TestApi, {
    baseUrl: url,
    auth: Auth.header("X-Acme-Key", Redacted.make("k")),
    retry: false,
    ...options
  }).pipe(Effect.provide(FetchHttpClient.layer))

// What a getItem against `url` fails with: a TransportError, and its reason.
const transportReason = (url: string) =>
  Effect.gen(function*() {
    const client = yield* clientAt(url)
    const error = yield* Effect.flip(client.operation(getItem)({ params: { id: "a1" } }))
    assert.strictEqual(error._tag, "TransportError")
    return error._tag === "TransportError" ? error.reason : undefined
  })

describe("faults over real sockets", { timeout: 15_000 }, () => {
  it.live("connection refused is a TransportError", () =>
    Effect.gen(function*() {
      const { server, url } = yield* misbehaving(() => {})
      yield* Effect.async<undefined>((resume) => {
        server.close(() => resume(Effect.succeed(undefined)))
      })
      assert.strictEqual(yield* transportReason(url), "Transport")
    }).pipe(Effect.scoped))

  it.live("a connection reset in the middle of the body is a TransportError", () =>
    Effect.gen(function*() {
      const { url } = yield* misbehaving((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
        res.write("{\"id\":\"a1\",\"crea")
        setTimeout(() => res.socket?.destroy(), 10)
      })
      assert.strictEqual(yield* transportReason(url), "ResponseBody")
    }).pipe(Effect.scoped))

  it.effect("a server that never answers: the timeout fires as a TimeoutError and the socket is closed", () =>
    Effect.gen(function*() {
      const { openSockets, requestsReceived, url } = yield* misbehaving(() => {})
      const client = yield* clientAt(url, { timeout: Duration.seconds(5) })
      const fiber = yield* Effect.fork(Effect.flip(client.operation(getItem)({ params: { id: "a1" } })))
      // Once the request is on the server, an abort must close the socket (an idle one would stay
      // in fetch's keep-alive pool, which is not a leak).
      yield* waitLive(() => requestsReceived() === 1)
      yield* TestClock.adjust(Duration.seconds(5))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TimeoutError")
      yield* waitLive(() => openSockets() === 0)
    }).pipe(Effect.scoped))

  it.live("interrupting a running call aborts the request and leaves no socket behind", () =>
    Effect.gen(function*() {
      let aborted = false
      const { openSockets, requestsReceived, url } = yield* misbehaving((req) => {
        req.socket.on("close", () => {
          aborted = true
        })
      })
      const client = yield* clientAt(url)
      const fiber = yield* Effect.fork(client.operation(getItem)({ params: { id: "a1" } }))
      yield* waitLive(() => requestsReceived() === 1)
      yield* Fiber.interrupt(fiber)
      yield* waitLive(() => aborted && openSockets() === 0)
      assert.isTrue(aborted)
    }).pipe(Effect.scoped))

  it.live("a well-behaved answer still works over the same machinery", () =>
    Effect.gen(function*() {
      const { url } = yield* misbehaving((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" })
        res.end(JSON.stringify(itemJson))
      })
      const client = yield* clientAt(url)
      assert.strictEqual((yield* client.operation(getItem)({ params: { id: "a1" } })).id, "a1")
    }).pipe(Effect.scoped))
})

// Waits on real time for a condition (sockets open and close on the event loop, whatever the
// test clock says), for at most 7 s: fetch (undici) sometimes hands an aborted connection back to
// its keep-alive pool rather than destroying it, and then closes it after its 4 s idle timeout.
const waitLive = (condition: () => boolean) =>
  Effect.promise(async () => {
    for (let i = 0; i < 700 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  }).pipe(Effect.flatMap(() => condition() ? Effect.void : Effect.dieMessage("condition not met within 7 s")))
