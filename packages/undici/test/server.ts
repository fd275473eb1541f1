/**
 * A loopback HTTP server on 127.0.0.1 (port 0) whose routes exercise an HTTP client, and which
 * counts its open sockets: after a client is interrupted, `drained` waits until none is left.
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as FiberId from "effect/FiberId"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type * as Net from "node:net"

export interface TestServer {
  readonly url: string
  /** Sockets the server has accepted so far. */
  readonly connections: () => number
  /** Sockets open right now. */
  readonly open: () => number
  /** Completes once a request reached `path` with its query (a route that never answers, or answers halfway). */
  readonly reached: (path: string) => Effect.Effect<undefined>
  /** Completes once no socket is open. */
  readonly drained: Effect.Effect<undefined>
}

const chunk = Buffer.alloc(16 * 1024, "x")

const readBody = (request: Http.IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (c: Buffer) => chunks.push(c))
    request.on("end", () => resolve(Buffer.concat(chunks)))
    request.on("error", reject)
  })

const route = async (
  request: Http.IncomingMessage,
  response: Http.ServerResponse,
  reach: (path: string) => void
): Promise<void> => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1")
  switch (url.pathname) {
    case "/echo": {
      const body = await readBody(request)
      response.setHeader("content-type", "application/json")
      response.end(JSON.stringify({
        method: request.method,
        path: request.url,
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        latin1: Buffer.from(request.rawHeaders.join("\n"), "latin1").toString("hex"),
        body: body.toString("utf8"),
        length: body.length
      }))
      return
    }
    case "/status":
      response.statusCode = Number(url.searchParams.get("code") ?? "200")
      response.end(
        response.statusCode === 204 || response.statusCode === 304 ? undefined : `status ${response.statusCode}`
      )
      return
    case "/redirect":
      response.writeHead(302, { location: "/echo" })
      response.end()
      return
    case "/headers":
      // Raw bytes on the wire: a duplicate header, two cookies, and a UTF-8 value.
      response.writeHead(
        200,
        [
          ["x-dup", "a"],
          ["x-dup", "b"],
          ["set-cookie", "a=1; Path=/"],
          ["set-cookie", "b=2; Path=/"],
          ["x-utf8", Buffer.from("café", "utf8").toString("latin1")]
        ].flat()
      )
      response.end("ok")
      return
    case "/large": {
      const size = Number(url.searchParams.get("bytes") ?? String(8 * 1024 * 1024))
      response.writeHead(200, { "content-length": String(size) })
      let left = size
      const write = () => {
        while (left > 0) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left)
          left -= piece.length
          if (!response.write(piece)) {
            response.once("drain", write)
            return
          }
        }
        response.end()
      }
      write()
      return
    }
    case "/hang":
      reach(request.url ?? "")
      return
    case "/half":
      response.writeHead(200, { "content-length": "1000" })
      response.write("x".repeat(500), () => reach(request.url ?? ""))
      return
    case "/endless": {
      response.writeHead(200, { "content-type": "application/octet-stream" })
      const write = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once("drain", write)
      }
      write()
      reach(request.url ?? "")
      return
    }
    case "/truncated":
      response.writeHead(200, { "content-length": "1000" })
      response.write("x".repeat(10), () => response.socket?.destroy())
      return
    case "/json":
      response.setHeader("content-type", "application/json")
      response.end(JSON.stringify({ ok: true, text: "zwölf €" }))
      return
    case "/not-json":
      response.end("{ not json")
      return
    default:
      response.statusCode = 404
      response.end()
  }
}

/** Starts the server for the scope; closes it (and every socket) with the scope. */
export const make: Effect.Effect<TestServer, never, Scope.Scope> = Effect.gen(function*() {
  const sockets = new Set<Net.Socket>()
  const reachedPaths = new Map<string, Deferred.Deferred<undefined>>()
  const reachedDeferred = (path: string) => {
    let deferred = reachedPaths.get(path)
    if (deferred === undefined) {
      deferred = Deferred.unsafeMake<undefined>(FiberId.none)
      reachedPaths.set(path, deferred)
    }
    return deferred
  }
  let drainWaiters: Array<() => void> = []
  let connections = 0
  const server = Http.createServer((request, response) => {
    route(request, response, (path) => Deferred.unsafeDone(reachedDeferred(path), Effect.succeed(undefined))).catch(
      () => response.destroy()
    )
  })
  server.keepAliveTimeout = 60_000
  server.on("connection", (socket: Net.Socket) => {
    connections++
    sockets.add(socket)
    socket.once("close", () => {
      sockets.delete(socket)
      if (sockets.size === 0) {
        const waiters = drainWaiters
        drainWaiters = []
        for (const wake of waiters) wake()
      }
    })
  })
  yield* Effect.acquireRelease(
    Effect.async<undefined>((resume) => {
      // A backlog for a thousand connections at once (the default, 511, resets the rest).
      server.listen({ port: 0, host: "127.0.0.1", backlog: 2048 }, () => resume(Effect.succeed(undefined)))
    }),
    () =>
      Effect.async<undefined>((resume) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resume(Effect.succeed(undefined)))
      })
  )
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    open: () => sockets.size,
    reached: (path) => Deferred.await(reachedDeferred(path)),
    drained: Effect.async<undefined>((resume) => {
      if (sockets.size === 0) return resume(Effect.succeed(undefined))
      drainWaiters.push(() => resume(Effect.succeed(undefined)))
    })
  }
})
