/**
 * How a request proves who sends it. Every secret stays `Redacted` until the moment it is written
 * into a header, and every header that carries one is named so that logs and spans redact it.
 *
 * @since 0.1.0
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/**
 * A way to authenticate requests.
 *
 * @since 0.1.0
 * @category models
 */
export interface Auth {
  /** Lower-case names of the headers that carry the secret, for `Headers.currentRedactedNames`. */
  readonly redactedHeaders: ReadonlyArray<string>
  readonly authenticate: (
    request: HttpClientRequest.HttpClientRequest
  ) => Effect.Effect<HttpClientRequest.HttpClientRequest>
}

/**
 * A key sent in a header of its own, optionally after a scheme word (`Authorization: ApiKey <key>`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const header = (name: string, key: Redacted.Redacted<string>, scheme?: string): Auth => {
  const prefix = scheme === undefined ? "" : `${scheme} `
  return {
    redactedHeaders: [name.toLowerCase()],
    authenticate: (request) => Effect.succeed(HttpClientRequest.setHeader(request, name, prefix + Redacted.value(key)))
  }
}

/**
 * `Authorization: Bearer <token>`, from a token or from an Effect that provides a fresh one
 * for every request (a cached, self-renewing token source).
 *
 * @since 0.1.0
 * @category constructors
 */
export const bearer = (token: Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>>): Auth => ({
  redactedHeaders: ["authorization"],
  authenticate: Redacted.isRedacted(token)
    ? (request) => Effect.succeed(HttpClientRequest.bearerToken(request, token))
    : (request) => Effect.map(token, (value) => HttpClientRequest.bearerToken(request, value))
})

/**
 * HTTP Basic authentication. The credentials are encoded as UTF-8 (RFC 7617), so a password
 * outside Latin-1 works where `btoa` alone would throw.
 *
 * @since 0.1.0
 * @category constructors
 */
export const basic = (username: string, password: Redacted.Redacted<string>): Auth => {
  const bytes = new TextEncoder().encode(`${username}:${Redacted.value(password)}`)
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  const credentials = Redacted.make(`Basic ${btoa(binary)}`)
  return {
    redactedHeaders: ["authorization"],
    authenticate: (request) =>
      Effect.succeed(HttpClientRequest.setHeader(request, "Authorization", Redacted.value(credentials)))
  }
}
