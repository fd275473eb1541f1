/**
 * A scripted `HttpClient` for wire-level tests: routes answer requests, and every request is
 * recorded so a test can check what was sent (method, percent-encoded path, headers, body).
 *
 * @since 0.1.0
 */
import type * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { httpClientFrom } from "./internal/web.js"
import * as Route from "./Route.js"

/**
 * A request the mock received.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedRequest {
  readonly method: string
  readonly url: URL
  /** The path as sent, still percent-encoded. */
  readonly path: string
  readonly headers: Headers.Headers
  /** The body text, if any. */
  readonly body: string | undefined
  /** The route parameters, decoded, when the route has a template. */
  readonly params: Readonly<Record<string, string>>
}

/**
 * One scripted answer.
 *
 * @since 0.1.0
 * @category models
 */
export interface MockRoute {
  /** The method, or `"*"` for any. */
  readonly method: string
  /** The path template (`/users/{id}`), or `"*"` for any. */
  readonly path: string
  readonly respond: (request: RecordedRequest) => Response | Effect.Effect<Response>
}

/**
 * Declares a route.
 *
 * @since 0.1.0
 * @category constructors
 */
export const route = (method: string, path: string, respond: MockRoute["respond"]): MockRoute => ({
  method,
  path,
  respond
})

/**
 * A JSON response.
 *
 * @since 0.1.0
 * @category responses
 */
export const json = (status: number, body: unknown, headers?: Record<string, string>): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } })

/**
 * A response with a text body of any content type (an HTML error page, a truncated body).
 *
 * @since 0.1.0
 * @category responses
 */
export const text = (status: number, body: string, headers?: Record<string, string>): Response =>
  new Response(body, { status, headers: { "content-type": "text/plain", ...headers } })

/**
 * A response without a body.
 *
 * @since 0.1.0
 * @category responses
 */
export const empty = (status: number, headers?: Record<string, string>): Response =>
  new Response(null, { status, ...(headers === undefined ? {} : { headers }) })

/**
 * What a test reads back from the mock.
 *
 * @since 0.1.0
 * @category models
 */
export interface Recorder {
  /** Every request received so far, in order. */
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
}

/**
 * The recorder of the mock in context.
 *
 * @since 0.1.0
 * @category tags
 */
export class MockHttpClient extends Context.Tag("@userkit/core/MockHttpClient")<MockHttpClient, Recorder>() {}

/**
 * The requests the mock in context has received.
 *
 * @since 0.1.0
 * @category accessors
 */
export const requests: Effect.Effect<ReadonlyArray<RecordedRequest>, never, MockHttpClient> = Effect.flatMap(
  MockHttpClient,
  (recorder) => recorder.requests
)

/**
 * A mock `HttpClient` answering with the first matching route. A request no route matches is a
 * mistake in the test, so it dies naming the request rather than inventing an answer.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (routes: ReadonlyArray<MockRoute>): Layer.Layer<HttpClient.HttpClient | MockHttpClient> =>
  Layer.effectContext(Effect.sync(() => {
    const recorded: Array<RecordedRequest> = []
    const compiled = routes.map((route) => ({
      route,
      template: route.path === "*" ? undefined : Route.parse(route.path)
    }))
    const client = httpClientFrom((incoming) =>
      Effect.suspend(() => {
        const path = incoming.url.pathname
        for (const { route, template } of compiled) {
          if (route.method !== "*" && route.method !== incoming.method) continue
          const params = template === undefined ? {} : Route.match(template, path)
          if (params === undefined) continue
          const request: RecordedRequest = {
            method: incoming.method,
            url: incoming.url,
            path,
            headers: incoming.headers,
            body: incoming.text,
            params
          }
          recorded.push(request)
          const response = route.respond(request)
          return response instanceof Response ? Effect.succeed(response) : response
        }
        return Effect.dieMessage(`MockHttpClient: no route for ${incoming.method} ${path}`)
      })
    )
    return Context.make(HttpClient.HttpClient, client).pipe(
      Context.add(MockHttpClient, { requests: Effect.sync(() => [...recorded]) })
    )
  }))
