/**
 * The transport-boundary suite every vendor package runs, over real sockets on 127.0.0.1 and every
 * transport in {@link Transports.asConfigured}: no operation follows a redirect (every 3xx, to another
 * origin and to itself), and a credential holding CR/LF is refused typed for every auth scheme,
 * before anything is sent, and printed nowhere.
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, expect, it } from "@effect/vitest"
import type * as Endpoint from "@userkit/core/Endpoint"
import * as Testing from "@userkit/core/Testing"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import * as Calls from "./Calls.js"
import * as Transports from "./Transports.js"

/**
 * One way the vendor authenticates, built from one secret.
 *
 * @since 0.2.0
 * @category models
 */
export interface Scheme<Service> {
  readonly name: string
  /** The header the credential travels in, as failures name it. */
  readonly header: string
  /** The service at `baseUrl` with the vendor's default options, authenticated by `secret`. */
  readonly service: (
    baseUrl: string,
    secret: string
  ) => Effect.Effect<Service, unknown, HttpClient.HttpClient | Scope.Scope>
}

/**
 * The vendor under test.
 *
 * @since 0.2.0
 * @category models
 */
export interface Vendor<Service> {
  readonly api: { readonly endpoints: ReadonlyArray<Endpoint.Declared> }
  readonly schemes: ReadonlyArray<Scheme<Service>>
}

interface Server {
  readonly url: string
  readonly requests: Array<Http.IncomingHttpHeaders>
}

// A loopback server for the test's scope, on an ephemeral port, counting what it receives.
const serve = (answer: (req: Http.IncomingMessage, res: Http.ServerResponse, self: Server) => void) =>
  Effect.acquireRelease(
    Effect.async<{ readonly self: Server; readonly server: Http.Server }>((resume) => {
      const self = { url: "", requests: new Array<Http.IncomingHttpHeaders>() }
      const server = Http.createServer((req, res) => {
        self.requests.push(req.headers)
        req.resume()
        answer(req, res, self)
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        self.url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
        resume(Effect.succeed({ self, server }))
      })
    }),
    ({ server }) =>
      Effect.async<undefined>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.succeed(undefined)))
      })
  ).pipe(Effect.map(({ self }) => self))

const redirectStatuses = [301, 302, 303, 307, 308]

/** The key of the issue: a header injection attempt. */
const injected = "K\r\nX-Injected: 1"

const failureOf = (exit: Exit.Exit<unknown, { readonly _tag: string }>) =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined

/**
 * Declares the suite for a vendor.
 *
 * @since 0.2.0
 * @category suites
 */
export const boundarySuite = <Service extends object>(vendor: Vendor<Service>): void => {
  const { api, schemes } = vendor
  const calls = api.endpoints.map((endpoint) => ({ endpoint, call: Calls.withParams<Service>(endpoint) }))

  describe.each(Transports.asConfigured)("over $name", ({ layer }) => {
    for (const scheme of schemes) {
      it.live(
        `${scheme.name}: every operation, every 3xx, to another origin and to itself: one request, never a success`,
        () =>
          Effect.gen(function*() {
            const other = yield* serve((_req, res) => res.end("{}"))
            for (const status of redirectStatuses) {
              for (const target of ["another origin", "itself"]) {
                const origin = yield* serve((req, res, self) =>
                  res.writeHead(status, { location: target === "itself" ? `${self.url}${req.url}` : `${other.url}/x` })
                    .end()
                )
                const users = yield* scheme.service(origin.url, "redirect-test-secret")
                for (const { call, endpoint } of calls) {
                  const where = `${endpoint.name} ${status} to ${target}`
                  const before = origin.requests.length
                  const failure = failureOf(yield* Effect.exit(call(users)))
                  assert.strictEqual(failure?._tag, "UnexpectedStatus", where)
                  assert.strictEqual(origin.requests.length - before, 1, `${where}: requests`)
                }
              }
            }
            assert.strictEqual(other.requests.length, 0, "requests at the other origin")
          }).pipe(Effect.scoped, Effect.provide(layer)),
        { timeout: 60_000 }
      )

      it.live(
        `${scheme.name}: a credential with CR/LF fails typed for every operation, unsent and unprinted`,
        () =>
          Effect.gen(function*() {
            const server = yield* serve((_req, res) => res.writeHead(500).end())
            const users = yield* scheme.service(server.url, injected)
            for (const { call, endpoint } of calls) {
              if (!endpoint.authenticated) continue
              const before = server.requests.length
              const captured = yield* Testing.capture(Effect.tapError(call(users), (error) => Effect.logError(error)))
              const failure = failureOf(captured.exit)
              assert.strictEqual(failure?._tag, "TransportError", endpoint.name)
              assert.strictEqual(server.requests.length, before, `${endpoint.name}: nothing sent`)
              expect(captured.text, endpoint.name).toContain(`the ${scheme.header} credential`)
              expect(captured.text, endpoint.name).not.toContain("X-Injected")
              expect(captured.text, endpoint.name).not.toContain("K\r")
              expect(JSON.stringify(failure), endpoint.name).not.toContain("X-Injected")
            }
            assert.strictEqual(server.requests.filter((headers) => "x-injected" in headers).length, 0)
          }).pipe(Effect.scoped, Effect.provide(layer)),
        { timeout: 60_000 }
      )
    }
  })
}
