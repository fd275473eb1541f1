/**
 * Aids for the pagination tests of every vendor: a listing server on loopback that pages wrongly
 * on purpose (cursor cycles, growing totals, an ignored offset), a way to run a stream to its end,
 * and the check of the `PaginationError` it must end with.
 *
 * @since 0.2.0
 */
import { assert } from "@effect/vitest"
import * as Pagination from "@userkit/core/Pagination"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as Http from "node:http"

/**
 * A listing being served.
 *
 * @since 0.2.0
 * @category models
 */
export interface Served {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  /** The URLs of the requests received so far (path and query). */
  readonly requests: ReadonlyArray<URL>
}

/**
 * Serves `page(url, n)` as a JSON 200 for the n-th request (1-based), on an ephemeral port of
 * 127.0.0.1, until the scope closes. Past `maxRequests` (50) it answers 410 Gone, so a stream
 * that would loop forever ends in a status failure the test rejects, instead of hanging the run.
 *
 * @since 0.2.0
 * @category constructors
 */
export const serve = (page: (url: URL, n: number) => unknown, options: { readonly maxRequests?: number } = {}) =>
  Effect.acquireRelease(
    Effect.async<{ readonly server: Http.Server; readonly listing: Served }>((resume) => {
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

/**
 * Runs a stream to its end: what it emitted, and how it ended.
 *
 * @since 0.2.0
 * @category testing
 */
export const drain = <A, E, R>(stream: Stream.Stream<A, E, R>) =>
  Effect.gen(function*() {
    const items: Array<A> = []
    const end = yield* Stream.runForEach(stream, (item) =>
      Effect.sync(() => {
        items.push(item)
      })).pipe(Effect.either)
    return { items, end }
  })

/**
 * Asserts that a stream ended with the `PaginationError` expected.
 *
 * @since 0.2.0
 * @category testing
 */
export const assertPaginationError = (
  end: Either.Either<void, { readonly _tag: string }>,
  expected: Pick<Pagination.PaginationError, "reason" | "pages" | "vendor" | "operation">
) => {
  if (Either.isRight(end)) return assert.fail("the stream ended without a failure")
  const error = end.left
  if (!(error instanceof Pagination.PaginationError)) return assert.fail(`failed with ${error._tag}`)
  assert.deepStrictEqual(
    { reason: error.reason, pages: error.pages, vendor: error.vendor, operation: error.operation },
    { reason: expected.reason, pages: expected.pages, vendor: expected.vendor, operation: expected.operation }
  )
}
