/**
 * The loopback vendor the benchmarks call, run in a process of its own (forked by run.ts) so that
 * its work is not counted against the client measured. Bodies are serialised once where they are
 * fixed; listing pages are built per request.
 *
 * It stops itself: when its parent disconnects (exit, crash, kill -9 of the runner), and in any
 * case after a hard time limit, so no benchmark run can leave it behind.
 */
import * as Http from "node:http"
import * as Data from "./data.js"

const hardLimitMs = 10 * 60 * 1000

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value))

const fixed = {
  rocksetUser: json(Data.rocksetUser(0)),
  rocksetList: json(Data.rocksetList(Data.listSize)),
  tiledbUser: json(Data.tiledbUser(0)),
  authressUser: json(Data.authressUser(0)),
  astronomerList: json(Data.astronomerPage(0, Data.listSize, Data.listSize))
}

const send = (response: Http.ServerResponse, body: Buffer, contentType = "application/json") => {
  response.writeHead(200, { "content-type": contentType, "content-length": body.length })
  response.end(body)
}

const intParam = (url: URL, name: string, fallback: number): number => {
  const value = Number(url.searchParams.get(name))
  return Number.isInteger(value) && value >= 0 && url.searchParams.has(name) ? value : fallback
}

// TileDB's SDK resolves its paths against the origin, dropping any base path, so TileDB is
// served at the root (`/v1/...`) and the other vendors under a prefix.
const routes: ReadonlyArray<readonly [RegExp, (url: URL, response: Http.ServerResponse) => void]> = [
  [/^\/rockset\/v1\/orgs\/self\/users$/, (_, res) => send(res, fixed.rocksetList)],
  [/^\/rockset\/v1\/orgs\/self\/users\/[^/]+$/, (_, res) => send(res, fixed.rocksetUser)],
  [/^\/v1\/users\/[^/]+$/, (_, res) => send(res, fixed.tiledbUser)],
  [/^\/authress\/v1\/users$/, (url, res) => {
    const total = intParam(url, "total", Data.streamTotal)
    send(
      res,
      json(Data.authressPage(intParam(url, "cursor", 0), intParam(url, "limit", 20), total)),
      "application/links+json"
    )
  }],
  [/^\/authress\/v1\/users\/[^/]+$/, (_, res) => send(res, fixed.authressUser, "application/links+json")],
  [/^\/astronomer\/organizations\/[^/]+\/users$/, (url, res) => {
    const limit = intParam(url, "limit", 20)
    // `limit=10000` is the decode benchmark's single big page, served ready-made.
    if (limit === Data.listSize) return send(res, fixed.astronomerList)
    send(res, json(Data.astronomerPage(intParam(url, "offset", 0), limit, Data.streamTotal)))
  }]
]

const server = Http.createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1")
  // Drain any body so the connection stays reusable.
  request.resume()
  for (const [pattern, handle] of routes) {
    if (pattern.test(url.pathname)) return handle(url, response)
  }
  response.writeHead(404, { "content-type": "application/json" })
  response.end(JSON.stringify({ message: `no route ${url.pathname}` }))
})
// 1,000 concurrent requests open up to 1,000 sockets at once.
server.maxConnections = 10_000
server.listen({ host: "127.0.0.1", port: 0, backlog: 4096 }, () => {
  const address = server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  if (process.send) process.send({ port })
  else console.log(`listening on http://127.0.0.1:${port}`)
})

const stop = () => {
  server.closeAllConnections()
  server.close()
  process.exit(0)
}
process.on("disconnect", stop)
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
setTimeout(stop, hardLimitMs).unref()
