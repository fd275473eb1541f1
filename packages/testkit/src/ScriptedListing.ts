/**
 * A listing server on loopback that pages wrongly on purpose (cursor cycles, growing totals, an
 * ignored offset), for proving over real sockets that a stream ends typed within a bounded number
 * of requests. Past `maxRequests` it answers 410 Gone, so a stream that would loop forever ends
 * in a status failure the test rejects, instead of hanging the run.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Http from "node:http"

/**
 * A listing being served.
 *
 * @since 0.2.0
 * @category models
 */
export interface ScriptedListing {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** The URLs of the requests received so far (path and query). */
  readonly requests: ReadonlyArray<URL>
}

/**
 * Serves `page(url, n)` as a JSON 200 for the n-th request (1-based), on an ephemeral port of
 * 127.0.0.1, until the scope closes.
 *
 * @since 0.2.0
 * @category constructors
 */
export const serve = (page: (url: URL, n: number) => unknown, options: { readonly maxRequests?: number } = {}) =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Http.Server; readonly listing: ScriptedListing }>((resume) => {
      const requests: Array<URL> = []
      const maxRequests = options.maxRequests ?? 50
      const server = Http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1")
        requests.push(url)
        const [status, body] = requests.length > maxRequests
          ? [410, { message: "the test server's request budget is spent" }]
          : [200, page(url, requests.length)]
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify(body))
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        const port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({ server, listing: { url: `http://127.0.0.1:${port}`, requests } }))
      })
    }),
    ({ server }) =>
      Effect.async<undefined>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.succeed(undefined)))
      })
  ).pipe(Effect.map(({ listing }) => listing))
