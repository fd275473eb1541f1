import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"

/** A request as a test server sees it: everything readable, nothing streaming. */
export interface IncomingRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Headers.Headers
  readonly text: string | undefined
}

const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  switch (body._tag) {
    case "Uint8Array":
      return new TextDecoder().decode(body.body)
    case "Raw":
      return typeof body.body === "string" ? body.body : undefined
    default:
      return undefined
  }
}

/** An in-process `HttpClient` whose every request is answered by `handle`, as a server would. */
export const httpClientFrom = (handle: (request: IncomingRequest) => Effect.Effect<Response>): HttpClient.HttpClient =>
  HttpClient.make((request, url) => {
    const contentType = request.body._tag === "Uint8Array" || request.body._tag === "Raw"
      ? request.body.contentType
      : undefined
    const headers = contentType === undefined
      ? request.headers
      : Headers.set(request.headers, "content-type", contentType)
    return Effect.map(
      handle({ method: request.method, url, headers, text: bodyText(request) }),
      (response) => HttpClientResponse.fromWeb(request, response)
    )
  })
