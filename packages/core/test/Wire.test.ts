import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Api from "@userkit/core/Api"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as Endpoint from "@userkit/core/Endpoint"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Http from "node:http"

const WireApi = Api.make({
  vendor: "Wire",
  errorBody: Schema.Unknown,
  operations: {
    getMember: Endpoint.make({
      method: "GET",
      path: "/orgs/{org}/users/{user}",
      errors: [404]
    })
  }
})

// A loopback server that keeps the request target exactly as it came off the socket.
const recording = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly server: Http.Server; readonly targets: Array<string> }>((resume) => {
    const targets: Array<string> = []
    const server = Http.createServer((req, res) => {
      targets.push(req.url ?? "")
      res.writeHead(404, { "content-type": "application/json" })
      res.end("{}")
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, server, targets }))
    })
  }),
  ({ server }) =>
    Effect.async<undefined>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.succeed(undefined)))
    })
)

// Any unicode (astral planes included), separators, escapes and dot segments.
const hostileId = FastCheck.oneof(
  FastCheck.string({ unit: "grapheme", minLength: 1, maxLength: 16 }),
  FastCheck.string({ unit: "binary", minLength: 1, maxLength: 8 }),
  FastCheck.stringMatching(/^[./?#% \\a-z]{1,10}$/),
  FastCheck.constantFrom("a/../../admin?x=1#f", "%2E%2E", "%", "../..", "a b", "\u00e9\u0301")
).filter((id) => id !== "" && id !== "." && id !== "..")

describe("path parameters on the wire", () => {
  it.live(
    "300 pairs of hostile ids reach a real server through fetch as exactly two segments, unchanged",
    () =>
      Effect.gen(function*() {
        const { targets, url } = yield* recording
        const client = yield* Client.make(WireApi, {
          baseUrl: url,
          auth: Auth.header("X-Key", Redacted.make("k")),
          retry: false
        }).pipe(Effect.provide(FetchHttpClient.layer))
        const get = client.operation(WireApi.operations.getMember)
        const pairs = FastCheck.sample(FastCheck.tuple(hostileId, hostileId), { numRuns: 300, seed: 3 })
        for (const [org, user] of pairs) yield* Effect.ignore(get({ params: { org, user } }))
        assert.strictEqual(targets.length, pairs.length)
        targets.forEach((target, i) => {
          const [org, user] = pairs[i]
          const label = JSON.stringify(pairs[i])
          // Neither fetch nor the server normalised anything: the target is what the client encoded.
          assert.strictEqual(target, `/orgs/${encodeURIComponent(org)}/users/${encodeURIComponent(user)}`, label)
          const segments = target.split("/")
          assert.strictEqual(segments.length, 5, label)
          assert.deepStrictEqual([decodeURIComponent(segments[2]), decodeURIComponent(segments[4])], [org, user], label)
        })
      }).pipe(Effect.scoped),
    { timeout: 30_000 }
  )
})
