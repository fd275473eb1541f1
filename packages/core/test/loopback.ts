import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as UndiciHttpClient from "@userkit/undici/UndiciHttpClient"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Http from "node:http"
import type * as Net from "node:net"

// Every transport the boundary guarantees are proven on, by the name a child process is given.
// The same list as packages/testkit/src/Transports.ts (core's tests cannot import testkit, which
// depends on core): a new transport is added to both.
export const transports: ReadonlyArray<{ readonly name: string; readonly layer: Layer.Layer<HttpClient.HttpClient> }> =
  [
    { name: "FetchHttpClient", layer: FetchHttpClient.layer },
    { name: "UndiciHttpClient", layer: UndiciHttpClient.layer },
    { name: "NodeHttpClient.layerUndici", layer: NodeHttpClient.layerUndici }
  ]

export const transportLayer = (name: string): Layer.Layer<HttpClient.HttpClient> => {
  const found = transports.find((transport) => transport.name === name)
  if (found === undefined) throw new Error(`unknown transport ${name}`)
  return found.layer
}

export interface Loopback {
  readonly url: string
  /** The requests received so far, as `METHOD path` with their headers. */
  readonly received: ReadonlyArray<{ readonly line: string; readonly headers: Http.IncomingHttpHeaders }>
  readonly openSockets: () => number
}

/** A `node:http` server on 127.0.0.1 (ephemeral port) for the test's scope, recording its requests. */
export const serve = (onRequest: (req: Http.IncomingMessage, res: Http.ServerResponse, self: Loopback) => void) =>
  Effect.acquireRelease(
    Effect.async<readonly [Loopback, Http.Server]>((resume) => {
      const sockets = new Set<Net.Socket>()
      const received: Array<{ readonly line: string; readonly headers: Http.IncomingHttpHeaders }> = []
      const self: { url: string; received: typeof received; openSockets: () => number } = {
        url: "",
        received,
        openSockets: () => sockets.size
      }
      const server = Http.createServer((req, res) => {
        received.push({ line: `${req.method} ${req.url}`, headers: req.headers })
        onRequest(req, res, self)
      })
      server.on("connection", (socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        self.url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
        const ready: readonly [Loopback, Http.Server] = [self, server]
        resume(Effect.succeed(ready))
      })
    }),
    ([, server]) =>
      Effect.async<undefined>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.succeed(undefined)))
      })
  ).pipe(Effect.map(([loopback]) => loopback))

/** Waits on real time (sockets close on the event loop, whatever the test clock says), at most 7 s. */
export const waitLive = (condition: () => boolean) =>
  Effect.promise(async () => {
    for (let i = 0; i < 700 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10))
  }).pipe(Effect.flatMap(() => condition() ? Effect.void : Effect.dieMessage("condition not met within 7 s")))
