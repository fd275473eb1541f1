/**
 * The machinery of the fake vendors: a server derived from the same endpoint declarations as the
 * client. Each handler receives decoded, validated input and returns a decoded value; routing,
 * authentication, request decoding, response encoding and vendor-shaped error bodies are done
 * here. A fake runs in-process as an `HttpClient` layer, or on a loopback port for real sockets.
 *
 * @since 0.1.0
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as ParseResult from "effect/ParseResult"
import type * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type { Server } from "node:http"
import type * as Api from "./Api.js"
import * as Endpoint from "./Endpoint.js"
import { describeIssues, fieldIssues } from "./internal/issues.js"
import { httpClientFrom, type IncomingRequest } from "./internal/web.js"
import * as Route from "./Route.js"

/**
 * A request as a fake sees it: method, URL, headers and the whole body text.
 *
 * @since 0.1.0
 * @category models
 */
export type { IncomingRequest } from "./internal/web.js"

/**
 * A failure a fake handler answers with: a status, and optionally a message for the vendor's
 * error body and extra headers (`Retry-After`).
 *
 * @since 0.1.0
 * @category errors
 */
export class FakeError extends Data.TaggedError("FakeError")<{
  readonly status: number
  readonly message: string
  readonly headers?: Readonly<Record<string, string>>
}> {}

/**
 * Fails a fake handler with a status.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fail = (status: number, message: string, headers?: Readonly<Record<string, string>>) =>
  Effect.fail(new FakeError(headers === undefined ? { status, message } : { status, message, headers }))

/**
 * A fake that could not start listening: the port is taken (`EADDRINUSE`), not allowed
 * (`EACCES`), or the address is unavailable.
 *
 * @since 0.2.0
 * @category errors
 */
export class ListenError extends Data.TaggedError("ListenError")<{
  /** The port asked for (0 for an ephemeral one). */
  readonly port: number
  /** Node's error code, e.g. `"EADDRINUSE"`. */
  readonly code: string | undefined
}> {
  override get message(): string {
    return `the fake cannot listen on 127.0.0.1:${this.port}${this.code === undefined ? "" : ` (${this.code})`}`
  }
}

/**
 * What a fake handler receives: decoded path parameters, query and body.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeRequest<Params extends string, Query, Body> {
  /** A path parameter, decoded. */
  readonly param: (name: Params) => string
  readonly query: Query
  readonly body: Body
  readonly headers: Headers.Headers
}

/**
 * A handler bound to its endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export interface Handler {
  readonly endpoint: Endpoint.Any
  readonly run: (
    incoming: IncomingRequest,
    params: Readonly<Record<string, string>>
  ) => Effect.Effect<Response, FakeError>
}

const hasNoInput = (schema: Schema.Schema.AnyNoContext): boolean => Object.is(schema, Endpoint.NoInput)

const queryRecord = (url: URL): Record<string, string | Array<string>> => {
  const record: Record<string, string | Array<string>> = {}
  for (const [key, value] of url.searchParams) {
    const existing = record[key]
    record[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return record
}

const invalid = (issue: ParseResult.ParseIssue, root: string) =>
  new FakeError({ status: 400, message: `invalid ${root}: ${describeIssues(fieldIssues(issue, root))}` })

/**
 * Implements one endpoint in a fake.
 *
 * @since 0.1.0
 * @category constructors
 */
export function handle<E extends Endpoint.Declared>(endpoint: E, implementation: Implementation<E>): Handler
export function handle(
  endpoint: Endpoint.Declared,
  implementation: (request: FakeRequest<string, unknown, unknown>) => Effect.Effect<unknown, FakeError>
): Handler {
  const decodeQuery = ParseResult.decodeUnknownEither(endpoint.query)
  const decodeBody = ParseResult.decodeUnknownEither(endpoint.body)
  const encodeSuccess = ParseResult.encodeUnknownEither(endpoint.success)
  const noQuery = hasNoInput(endpoint.query)
  const noBody = hasNoInput(endpoint.body)
  return {
    endpoint,
    run: (incoming, params) =>
      Effect.suspend(() => {
        const query = decodeQuery(noQuery ? undefined : queryRecord(incoming.url))
        if (Either.isLeft(query)) return Effect.fail(invalid(query.left, "query"))
        // An absent body decodes as `undefined`: the body schema says whether that is allowed.
        let json: unknown = undefined
        if (!noBody && incoming.text !== undefined && incoming.text !== "") {
          try {
            json = JSON.parse(incoming.text)
          } catch {
            return fail(400, "the body is not JSON")
          }
        }
        const body = decodeBody(json)
        if (Either.isLeft(body)) return Effect.fail(invalid(body.left, "body"))
        return Effect.flatMap(
          implementation({
            param: (name) => params[name] ?? "",
            query: query.right,
            body: body.right,
            headers: incoming.headers
          }),
          (value) => {
            if (!endpoint.expectsBody) return Effect.succeed(new Response(null, { status: endpoint.successStatus }))
            const encoded = encodeSuccess(value)
            if (Either.isLeft(encoded)) return fail(500, "the fake produced an invalid response")
            return Effect.succeed(
              new Response(JSON.stringify(encoded.right), {
                status: endpoint.successStatus,
                headers: { "content-type": endpoint.accept }
              })
            )
          }
        )
      })
  }
}

/**
 * How a fake vendor checks credentials and shapes its error bodies.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<Ops extends Api.Operations> {
  /** The API the fake serves: one handler per operation of its record. */
  readonly api: { readonly operations: Ops }
  /** The handler of each operation, by its public name; leaving one out does not compile. */
  readonly handlers: Handlers<Ops>
  /**
   * The path the API is served under, as the vendor's base URL has it (`/v1`): a client whose
   * base URL is `<listening url><basePath>` reaches the fake. Default: none.
   */
  readonly basePath?: string
  /**
   * Whether the request's credentials are accepted, for endpoints that need them; or, when
   * checking takes work (verifying a signature), an Effect that fails with the 401 to answer.
   */
  readonly authorize: (headers: Headers.Headers) => boolean | Effect.Effect<void, FakeError>
  /** The vendor's error body for a status and message. */
  readonly errorBody: (status: number, message: string) => unknown
  /**
   * Counts a routed request against the vendor's quotas (see `FakeQuota`), failing with the
   * refusal once over. Default: no quotas.
   */
  readonly admit?: ((operation: string) => Effect.Effect<void, FakeError>) | undefined
}

/**
 * A running fake vendor.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeServer {
  /** Answers one request. */
  readonly handle: (request: IncomingRequest) => Effect.Effect<Response>
  /** An in-process `HttpClient` served by this fake. */
  readonly httpClient: HttpClient.HttpClient
  /** The same, as a layer. */
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  /**
   * Serves this fake on `127.0.0.1` (an ephemeral port by default) until the scope closes; fails
   * with `ListenError` when it cannot listen there (a busy port).
   */
  readonly serve: (options?: { readonly port?: number }) => Effect.Effect<Listening, ListenError, Scope.Scope>
  /**
   * How many requests each operation received so far (by its public name), counted when routed,
   * before quotas and credentials are checked. Also served as JSON at `GET /__userkit/requests`
   * ({@link requestsPath}), so a test in another process can prove what was (not) sent.
   */
  readonly requests: Effect.Effect<RequestCounts>
}

/**
 * Requests received per operation name; an operation never called is absent.
 *
 * @since 0.3.0
 * @category models
 */
export type RequestCounts = { readonly [operation: string]: number }

/**
 * The path, outside any base path, where every fake answers its {@link RequestCounts} as JSON.
 *
 * @since 0.3.0
 * @category constants
 */
export const requestsPath = "/__userkit/requests"

/**
 * A fake listening on loopback.
 *
 * @since 0.1.0
 * @category models
 */
export interface Listening {
  /** `http://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** The URL to hand to the vendor's `layer` as `baseUrl`: {@link url} with the fake's base path. */
  readonly baseUrl: string
}

/**
 * What a fake does for one endpoint: from the decoded request to the decoded success.
 *
 * @since 0.2.0
 * @category models
 */
export type Implementation<E> = (
  request: FakeRequest<Endpoint.TypesOf<E>["params"], Endpoint.TypesOf<E>["query"], Endpoint.TypesOf<E>["body"]>
) => Effect.Effect<Endpoint.TypesOf<E>["success"], FakeError>

/**
 * One implementation per operation of an API record.
 *
 * @since 0.2.0
 * @category models
 */
export type Handlers<Ops extends Api.Operations> = { readonly [Name in keyof Ops]: Implementation<Ops[Name]> }

/**
 * Builds a fake vendor from its handlers.
 *
 * @since 0.1.0
 * @category constructors
 */
export function make<Ops extends Api.Operations>(options: Options<Ops>): FakeServer
export function make(options: Options<Api.Operations>): FakeServer {
  // Routes with fewer parameters first: `/users/self` must win over `/users/{user}`.
  const routes = Object.entries(options.api.operations)
    .map(([name, endpoint]) => handle(endpoint, options.handlers[name]))
    .map((handler) => ({ handler, template: Route.parse(handler.endpoint.path) }))
    .sort((a, b) => a.template.params.length - b.template.params.length)
  const errorResponse = (error: FakeError) =>
    new Response(JSON.stringify(options.errorBody(error.status, error.message)), {
      status: error.status,
      headers: { "content-type": "application/json", ...error.headers }
    })
  const authorize = (endpoint: Endpoint.Any, headers: Headers.Headers): Effect.Effect<void, FakeError> => {
    if (!endpoint.authenticated) return Effect.void
    const authorized = options.authorize(headers)
    if (typeof authorized !== "boolean") return authorized
    return authorized ? Effect.void : Effect.fail(new FakeError({ status: 401, message: "invalid credentials" }))
  }
  const basePath = (options.basePath ?? "").replace(/\/+$/, "")
  const counts = new Map<string, number>()
  const requestCounts = Effect.sync((): RequestCounts =>
    Object.fromEntries([...counts].sort(([a], [b]) => a < b ? -1 : 1))
  )
  const handleRequest = (incoming: IncomingRequest): Effect.Effect<Response> => {
    let pathMatched = false
    const fullPath = incoming.url.pathname
    if (fullPath === requestsPath && incoming.method === "GET") {
      return Effect.map(
        requestCounts,
        (snapshot) =>
          new Response(JSON.stringify(snapshot), { status: 200, headers: { "content-type": "application/json" } })
      )
    }
    const path = fullPath.startsWith(`${basePath}/`) ? fullPath.slice(basePath.length) : undefined
    for (const { handler, template } of path === undefined ? [] : routes) {
      const params = Route.match(template, path ?? "")
      if (params === undefined) continue
      pathMatched = true
      if (handler.endpoint.method !== incoming.method) continue
      counts.set(handler.endpoint.name, (counts.get(handler.endpoint.name) ?? 0) + 1)
      const admit = options.admit?.(handler.endpoint.name) ?? Effect.void
      return Effect.zipRight(admit, authorize(handler.endpoint, incoming.headers)).pipe(
        Effect.zipRight(handler.run(incoming, params)),
        Effect.catchAll((error) => Effect.succeed(errorResponse(error)))
      )
    }
    return Effect.succeed(
      errorResponse(
        pathMatched
          ? new FakeError({ status: 405, message: `${incoming.method} is not allowed here` })
          : new FakeError({ status: 404, message: `no route ${fullPath}` })
      )
    )
  }
  const httpClient = httpClientFrom(handleRequest)
  return {
    handle: handleRequest,
    httpClient,
    layer: Layer.succeed(HttpClient.HttpClient, httpClient),
    requests: requestCounts,
    serve: (serveOptions) =>
      Effect.map(serve(handleRequest, serveOptions?.port ?? 0), (listening) => ({
        ...listening,
        baseUrl: `${listening.url}${basePath}`
      }))
  }
}

const errorCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined

// Listening fails through the server's 'error' event; without a listener Node would throw it as
// an uncaught exception and end the process.
const listen = (server: Server, port: number): Effect.Effect<Omit<Listening, "baseUrl">, ListenError> =>
  Effect.async<Omit<Listening, "baseUrl">, ListenError>((resume) => {
    const onError = (error: unknown) => resume(Effect.fail(new ListenError({ port, code: errorCode(error) })))
    server.once("error", onError)
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError)
      const address = server.address()
      const actualPort = typeof address === "object" && address !== null ? address.port : port
      resume(Effect.succeed({ url: `http://127.0.0.1:${actualPort}`, port: actualPort }))
    })
    return Effect.sync(() => {
      server.off("error", onError)
      server.close()
    })
  })

const close = (server: Server) =>
  Effect.async<undefined>((resume) => {
    server.closeAllConnections()
    server.close(() => resume(Effect.succeed(undefined)))
  })

const serve = (
  handleRequest: (request: IncomingRequest) => Effect.Effect<Response>,
  port: number
): Effect.Effect<Omit<Listening, "baseUrl">, ListenError, Scope.Scope> =>
  Effect.flatMap(
    Effect.acquireRelease(
      // Loaded lazily so that importing a vendor package never pulls Node's http into a bundle.
      Effect.map(Effect.promise(() => import("node:http")), (http) =>
        http.createServer((req, res) => {
          const chunks: Array<Buffer> = []
          req.on("data", (chunk: Buffer) => chunks.push(chunk))
          req.on("end", () => {
            const text = chunks.length === 0 ? undefined : Buffer.concat(chunks).toString("utf8")
            const incoming: IncomingRequest = {
              method: req.method ?? "GET",
              url: new URL(req.url ?? "/", "http://127.0.0.1"),
              headers: Headers.fromInput(req.headers),
              text
            }
            Effect.runPromise(handleRequest(incoming)).then(async (response) => {
              const body = Buffer.from(await response.arrayBuffer())
              const headers: Record<string, string> = {}
              response.headers.forEach((value, key) => {
                headers[key] = value
              })
              res.writeHead(response.status, headers)
              res.end(body)
            }, () => {
              res.writeHead(500)
              res.end()
            })
          })
        })),
      close
    ),
    (server) => listen(server, port)
  )
