/**
 * Service-client tokens: an Authress access key (`clientId.keyId.accountId.privateKey`, the
 * private key a base64 PKCS#8 Ed25519 key) signs its own bearer JWT, the way Authress's own SDKs
 * do it. Signing uses the platform's WebCrypto (`crypto.subtle`, Ed25519), so no JWT library and
 * no Node-only module is needed. The token lives 24 hours and is re-minted once less than an
 * hour of it is left; the clock is Effect's `Clock`, so `TestClock` drives expiry in tests.
 *
 * @example
 * ```ts
 * import { ServiceClientToken } from "@userkit/authress"
 * import { Effect, Redacted } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const token = yield* ServiceClientToken.make({
 *     accessKey: Redacted.make(process.env.AUTHRESS_ACCESS_KEY ?? ""),
 *     baseUrl: "https://auth.example.com"
 *   })
 *   return yield* token // the same JWT until less than an hour of it is left
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as SynchronizedRef from "effect/SynchronizedRef"
import {
  decodeBase64,
  decodeBase64Url,
  decodeTextBase64Url,
  encodeBase64Url,
  encodeTextBase64Url
} from "./internal/base64.js"

/**
 * An access key that cannot be used: not four dot-separated parts, a JWT given in its place, a
 * private key that is not a base64 PKCS#8 Ed25519 key, or a platform without Ed25519 in
 * WebCrypto. The message says which, and never contains any part of the key.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidAccessKey extends Data.TaggedError("InvalidAccessKey")<{
  readonly reason: "Format" | "PrivateKey" | "Unsupported"
  readonly message: string
}> {}

/**
 * A parsed access key. The private key stays `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AccessKey {
  readonly clientId: string
  readonly keyId: string
  readonly accountId: string
  /** The PKCS#8 DER bytes of the Ed25519 private key. */
  readonly privateKey: Redacted.Redacted<Uint8Array<ArrayBuffer>>
}

const invalid = (reason: InvalidAccessKey["reason"], detail: string) =>
  new InvalidAccessKey({ reason, message: `Authress: the access key is invalid: ${detail}` })

/**
 * Splits an access key into its parts. Only the shape is checked here; whether the private key
 * is an Ed25519 key is known once it is imported ({@link importSigningKey}).
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (accessKey: Redacted.Redacted<string>): Either.Either<AccessKey, InvalidAccessKey> => {
  const value = Redacted.value(accessKey).trim()
  // A JWT also has dots; Authress's SDK rejects it the same way, so it cannot pass for a key.
  if (value.startsWith("eyJ")) {
    return Either.left(invalid("Format", "it is a JWT, not a service-client access key; pass it as `token` instead"))
  }
  const parts = value.split(".")
  if (parts.length !== 4 || parts.slice(0, 3).some((part) => part === "")) {
    return Either.left(invalid("Format", "expected four dot-separated parts: clientId.keyId.accountId.privateKey"))
  }
  const [clientId, keyId, accountId, encodedKey] = parts
  const privateKey = decodeBase64(encodedKey)
  if (privateKey === undefined || privateKey.length === 0) {
    return Either.left(invalid("PrivateKey", "the private key (fourth part) is not base64"))
  }
  return Either.right({ clientId, keyId, accountId, privateKey: Redacted.make(privateKey) })
}

const subtle = (): SubtleCrypto | undefined => globalThis.crypto?.subtle

const importKey = (key: AccessKey, extractable: boolean): Effect.Effect<CryptoKey, InvalidAccessKey> => {
  const crypto = subtle()
  if (crypto === undefined) {
    return Effect.fail(invalid("Unsupported", "this platform has no WebCrypto (crypto.subtle)"))
  }
  return Effect.tryPromise({
    try: () => crypto.importKey("pkcs8", Redacted.value(key.privateKey), { name: "Ed25519" }, extractable, ["sign"]),
    catch: (error) =>
      error instanceof Error && error.name === "NotSupportedError"
        ? invalid("Unsupported", "this platform's WebCrypto does not support Ed25519")
        : invalid("PrivateKey", "the private key (fourth part) is not a PKCS#8 Ed25519 key")
  })
}

/**
 * Imports the private key for signing. The `CryptoKey` is not extractable: its bytes cannot be
 * read back from it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const importSigningKey = (key: AccessKey): Effect.Effect<CryptoKey, InvalidAccessKey> => importKey(key, false)

/**
 * The public key of an access key, for verifying its tokens (the fake Authress does).
 *
 * @since 0.1.0
 * @category constructors
 */
export const importVerifyingKey = (key: AccessKey): Effect.Effect<CryptoKey, InvalidAccessKey> =>
  Effect.flatMap(importKey(key, true), (privateKey) =>
    Effect.tryPromise({
      try: async () => {
        // WebCrypto cannot derive a public key directly; the private JWK carries it as `x`.
        const { x } = await crypto.subtle.exportKey("jwk", privateKey)
        if (x === undefined) throw new Error("no public key in the JWK")
        const publicJwk: JsonWebKey = { kty: "OKP", crv: "Ed25519", x }
        return crypto.subtle.importKey("jwk", publicJwk, { name: "Ed25519" }, true, ["verify"])
      },
      catch: () => invalid("Unsupported", "this platform's WebCrypto cannot export an Ed25519 public key")
    }))

/**
 * The protected header of a service-client token.
 *
 * @since 0.1.0
 * @category models
 */
export const Header = /* @__PURE__ */ Schema.Struct({
  alg: Schema.Literal("EdDSA"),
  kid: Schema.String,
  typ: Schema.Literal("at+jwt")
}).annotations({ identifier: "ServiceClientTokenHeader" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Header extends Schema.Schema.Type<typeof Header> {}

/**
 * The claims of a service-client token, in the order Authress's SDK writes them.
 *
 * @since 0.1.0
 * @category models
 */
export const Claims = /* @__PURE__ */ Schema.Struct({
  /** `<accountId>.accounts.authress.io` */
  aud: Schema.String,
  /** `<origin>/v1/clients/<clientId>`, see {@link issuer}. */
  iss: Schema.String,
  sub: Schema.String,
  client_id: Schema.String,
  /** Seconds since the epoch. */
  iat: Schema.Int,
  /** `iat` + 24 hours. */
  exp: Schema.Int,
  scope: Schema.String
}).annotations({ identifier: "ServiceClientTokenClaims" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Claims extends Schema.Schema.Type<typeof Claims> {}

/**
 * How long a minted token is valid.
 *
 * @since 0.1.0
 * @category constants
 */
export const lifetime: Duration.Duration = Duration.hours(24)

/**
 * How much validity must be left for a cached token to be reused.
 *
 * @since 0.1.0
 * @category constants
 */
export const renewBefore: Duration.Duration = Duration.hours(1)

/**
 * The token's issuer: the account's custom domain when the API is reached through one, else
 * `https://<accountId>.api.authress.io` (never a regional `api-<region>` host), followed by
 * `/v1/clients/<clientId>`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const issuer = (key: Pick<AccessKey, "accountId" | "clientId">, baseUrl?: string): string => {
  const origin = baseUrl !== undefined && !/authress\.io/.test(baseUrl)
    ? baseUrl.replace(/\/+$/, "")
    : `https://${key.accountId}.api.authress.io`
  return `${origin}/v1/clients/${encodeURIComponent(key.clientId)}`
}

/**
 * The claims of a token issued at `iat` (seconds since the epoch).
 *
 * @since 0.1.0
 * @category constructors
 */
export const claims = (key: AccessKey, iat: number, baseUrl?: string): Claims => ({
  aud: `${key.accountId}.accounts.authress.io`,
  iss: issuer(key, baseUrl),
  sub: key.clientId,
  client_id: key.clientId,
  iat,
  exp: iat + Duration.toSeconds(lifetime),
  scope: "openid"
})

/**
 * A minted token and when it expires (epoch milliseconds).
 *
 * @since 0.1.0
 * @category models
 */
export interface Minted {
  readonly token: Redacted.Redacted<string>
  readonly expiresAt: number
}

/**
 * Mints a token now (by the `Clock`), signed with the imported key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const mint = (key: AccessKey, signingKey: CryptoKey, baseUrl?: string): Effect.Effect<Minted> =>
  Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const payload = claims(key, Math.round(now / 1000), baseUrl)
    const header: Header = { alg: "EdDSA", kid: key.keyId, typ: "at+jwt" }
    const signingInput = `${encodeTextBase64Url(JSON.stringify(header))}.${
      encodeTextBase64Url(JSON.stringify(payload))
    }`
    // The key was imported and checked when the provider was built, so signing cannot fail on
    // account of the key; a rejection here is a platform fault, hence a defect.
    return Effect.map(
      Effect.promise(() => crypto.subtle.sign({ name: "Ed25519" }, signingKey, new TextEncoder().encode(signingInput))),
      (signature): Minted => ({
        token: Redacted.make(`${signingInput}.${encodeBase64Url(new Uint8Array(signature))}`),
        expiresAt: payload.exp * 1000
      })
    )
  })

/**
 * Caches what `mintToken` gives: the token is reused while more than `renewBefore` (default one
 * hour) of it is left, then minted again. Concurrent callers that find no usable token wait for
 * one mint instead of each minting their own.
 *
 * @since 0.1.0
 * @category combinators
 */
export const cached = (
  mintToken: Effect.Effect<Minted>,
  options: { readonly renewBefore?: Duration.DurationInput | undefined } = {}
): Effect.Effect<Effect.Effect<Redacted.Redacted<string>>> =>
  Effect.map(SynchronizedRef.make<Minted | undefined>(undefined), (ref) => {
    const margin = Duration.toMillis(options.renewBefore ?? renewBefore)
    const usable = (minted: Minted | undefined, now: number): minted is Minted =>
      minted !== undefined && minted.expiresAt > now + margin
    // Checked again under the lock: another fiber may have minted while this one waited.
    const renew = SynchronizedRef.modifyEffect(
      ref,
      (current) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          usable(current, now)
            ? Effect.succeed([current.token, current] as const)
            : Effect.map(mintToken, (minted) => [minted.token, minted] as const))
    )
    return Effect.flatMap(
      Clock.currentTimeMillis,
      (now) =>
        Effect.flatMap(
          SynchronizedRef.get(ref),
          (current) => usable(current, now) ? Effect.succeed(current.token) : renew
        )
    )
  })

/**
 * The options of {@link make}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly accessKey: Redacted.Redacted<string>
  /** The Authress API URL the token is for; a custom domain becomes the issuer's origin. */
  readonly baseUrl?: string | undefined
  /** Defaults to {@link renewBefore}. */
  readonly renewBefore?: Duration.DurationInput | undefined
}

/**
 * Checks and imports the access key, then gives an Effect that yields a valid token on every
 * run: cached, and renewed before it expires. A malformed key fails here, not at the first call.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Effect.Effect<Redacted.Redacted<string>>, InvalidAccessKey> =>
  Effect.flatMap(parse(options.accessKey), (key) =>
    Effect.flatMap(
      importSigningKey(key),
      (signingKey) => cached(mint(key, signingKey, options.baseUrl), { renewBefore: options.renewBefore })
    ))

/**
 * A token taken apart.
 *
 * @since 0.1.0
 * @category models
 */
export interface Decoded {
  readonly header: Header
  readonly claims: Claims
}

const decodeJson = <A, I>(schema: Schema.Schema<A, I>) => {
  const decodeText = Schema.decodeUnknownOption(Schema.parseJson(schema))
  return (segment: string): Option.Option<A> =>
    Option.flatMap(Option.fromNullable(decodeTextBase64Url(segment)), decodeText)
}
// Marked pure: an application that only signs tokens bundles none of the decoding (the fake and
// the tests verify).
const decodeHeader = /* @__PURE__ */ decodeJson(Header)
const decodeClaims = /* @__PURE__ */ decodeJson(Claims)

/**
 * Reads a token's header and claims without checking its signature.
 *
 * @since 0.1.0
 * @category parsing
 */
export const decode = (token: string): Option.Option<Decoded> => {
  const parts = token.split(".")
  if (parts.length !== 3) return Option.none()
  return Option.all({ header: decodeHeader(parts[0]), claims: decodeClaims(parts[1]) })
}

/**
 * Reads a token and checks its Ed25519 signature against a public key
 * ({@link importVerifyingKey}); `None` when it does not verify. Expiry and audience are the
 * caller's to check.
 *
 * @since 0.1.0
 * @category parsing
 */
export const verify = (token: string, publicKey: CryptoKey): Effect.Effect<Option.Option<Decoded>> => {
  const decoded = decode(token)
  const parts = token.split(".")
  const signature = parts.length === 3 ? decodeBase64Url(parts[2]) : undefined
  if (Option.isNone(decoded) || signature === undefined) return Effect.succeed(Option.none())
  const signingInput = new TextEncoder().encode(`${parts[0]}.${parts[1]}`)
  return Effect.map(
    Effect.tryPromise(() => crypto.subtle.verify({ name: "Ed25519" }, publicKey, signature, signingInput)),
    (valid) => (valid ? decoded : Option.none())
  ).pipe(Effect.orElseSucceed(() => Option.none()))
}
