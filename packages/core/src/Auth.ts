/**
 * How a request proves who sends it. Every secret stays `Redacted` until the moment it is written
 * into a header, and every header that carries one is named so that logs and spans redact it.
 * A value no header can carry (CR, LF, NUL or another control character) is refused here, typed
 * and naming only the header, before any transport sees it: transports report such a value in
 * their error messages, whole.
 *
 * @since 0.1.0
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"

/**
 * A credential that cannot be sent: its header value would hold a character outside an RFC 9110
 * field value. Names the header, never the value.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidCredentials extends Data.TaggedError("InvalidCredentials")<{
  /** The header the credential was for, e.g. `"X-TILEDB-REST-API-KEY"`. */
  readonly header: string
  /** Which rule the value breaks, without the value. */
  readonly problem: string
}> {}

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
  ) => Effect.Effect<HttpClientRequest.HttpClientRequest, InvalidCredentials>
  /**
   * `true` when `authenticate` waits for nothing (no token to fetch). A transport that takes the
   * per-attempt timeout itself (core/TransportDeadline.ts) starts it when the request is handed
   * over, so only then may it take it; otherwise the attempt, authentication included, is timed
   * by userkit.
   *
   * @since 0.3.0
   */
  readonly immediate?: boolean | undefined
}

// RFC 9110 5.5: field-value = *field-content, of VCHAR, obs-text (0x80-0xFF), SP and HTAB, with no
// whitespace at either end (a transport would trim it, sending another credential than given).
const fieldValue = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/

// RFC 7617 2: neither user-id nor password may contain a control character; user-id has no colon.
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\x00-\x1f\x7f]/

/**
 * Checks a header value at the boundary.
 *
 * @since 0.2.0
 * @category validation
 */
export const validateHeaderValue = (header: string, value: string): Effect.Effect<string, InvalidCredentials> =>
  fieldValue.test(value)
    ? Effect.succeed(value)
    : Effect.fail(
      new InvalidCredentials({
        header,
        problem: "holds a character outside an RFC 9110 field value (CR, LF, NUL, another control character, " +
          "a character above U+00FF, or whitespace at either end)"
      })
    )

/**
 * A key sent in a header of its own, optionally after a scheme word (`Authorization: ApiKey <key>`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const header = (name: string, key: Redacted.Redacted<string>, scheme?: string): Auth => {
  const prefix = scheme === undefined ? "" : `${scheme} `
  // Checked once: the key never changes.
  const value = validateHeaderValue(name, Redacted.value(key)).pipe(Effect.map((valid) => prefix + valid))
  return {
    redactedHeaders: [name.toLowerCase()],
    immediate: true,
    authenticate: (request) => Effect.map(value, (valid) => HttpClientRequest.setHeader(request, name, valid))
  }
}

const withBearer = (request: HttpClientRequest.HttpClientRequest, token: Redacted.Redacted<string>) =>
  Effect.map(
    validateHeaderValue("Authorization", Redacted.value(token)),
    () => HttpClientRequest.bearerToken(request, token)
  )

/**
 * `Authorization: Bearer <token>`, from a token or from an Effect that provides a fresh one
 * for every request (a cached, self-renewing token source). A token from an Effect is checked
 * each time it is produced.
 *
 * @since 0.1.0
 * @category constructors
 */
export const bearer = (token: Redacted.Redacted<string> | Effect.Effect<Redacted.Redacted<string>>): Auth => ({
  redactedHeaders: ["authorization"],
  immediate: Redacted.isRedacted(token),
  authenticate: Redacted.isRedacted(token)
    ? (request) => withBearer(request, token)
    : (request) => Effect.flatMap(token, (value) => withBearer(request, value))
})

const basicProblem = (username: string, password: string): string | undefined => {
  if (username.includes(":")) return "has a user-id with a colon (RFC 7617)"
  if (controlCharacter.test(username) || controlCharacter.test(password)) {
    return "has a user-id or password with a control character (RFC 7617)"
  }
  return undefined
}

/**
 * HTTP Basic authentication. The credentials are encoded as UTF-8 (RFC 7617), so a password
 * outside Latin-1 works where `btoa` alone would throw.
 *
 * @since 0.1.0
 * @category constructors
 */
export const basic = (username: string, password: Redacted.Redacted<string>): Auth => {
  const problem = basicProblem(username, Redacted.value(password))
  const bytes = new TextEncoder().encode(`${username}:${Redacted.value(password)}`)
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  const credentials = Redacted.make(`Basic ${btoa(binary)}`)
  const invalid = problem === undefined ? undefined : new InvalidCredentials({ header: "Authorization", problem })
  return {
    redactedHeaders: ["authorization"],
    immediate: true,
    authenticate: (request) =>
      invalid === undefined
        ? Effect.succeed(HttpClientRequest.setHeader(request, "Authorization", Redacted.value(credentials)))
        : Effect.fail(invalid)
  }
}
