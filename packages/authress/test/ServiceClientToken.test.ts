import { assert, describe, expect, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Testing from "@userkit/core/Testing"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as NodeCrypto from "node:crypto"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as ServiceClientToken from "../src/ServiceClientToken.js"
import { baseUrl, vendorTestKey, vendorTestPrivateKey } from "./helpers.js"

// Independent of the code under test: node:crypto, not WebCrypto, derives the public key.
const vendorPrivateKey = NodeCrypto.createPrivateKey({
  key: Buffer.from(vendorTestPrivateKey, "base64"),
  format: "der",
  type: "pkcs8"
})
const vendorPublicKey = NodeCrypto.createPublicKey(vendorPrivateKey)

const segments = (token: string) => {
  const [header, payload, signature] = token.split(".")
  return {
    signingInput: `${header}.${payload}`,
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")),
    payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")),
    signature: Buffer.from(signature, "base64url")
  }
}

const verifiesWithVendorKey = (token: string): boolean => {
  const { signature, signingInput } = segments(token)
  return NodeCrypto.verify(null, Buffer.from(signingInput), vendorPublicKey, signature)
}

const tokenFrom = (accessKey: string, url: string | undefined = baseUrl) =>
  Effect.flatMap(
    ServiceClientToken.make({ accessKey: Redacted.make(accessKey), baseUrl: url }),
    (token) => Effect.map(token, Redacted.value)
  )

// 2026-03-01T12:00:00.400Z: a whole second plus 400 ms, so `iat` is rounded as Authress's SDK does.
const start = Date.UTC(2026, 2, 1, 12, 0, 0, 400)
const startSeconds = Math.round(start / 1000)

// What Authress's SDK writes for its test key (tests/serviceClientTokenProvider.test.js), in its order.
const expectedClaims = {
  aud: "acc-test_account_id.accounts.authress.io",
  iss: "https://acc-test_account_id.api.authress.io/v1/clients/sc_service_client",
  sub: "sc_service_client",
  client_id: "sc_service_client",
  iat: startSeconds,
  exp: startSeconds + 86400,
  scope: "openid"
}

describe("a token minted from the vendor's test key", () => {
  it.effect("verifies against the key's Ed25519 public key", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const token = yield* tokenFrom(vendorTestKey)
      assert.isTrue(verifiesWithVendorKey(token))
      const { payload, signature } = segments(token)
      assert.strictEqual(signature.length, 64)
      // Any change to the signed part breaks the signature.
      const forged = Buffer.from(JSON.stringify({ ...payload, sub: "someone-else" })).toString("base64url")
      const [header, , sig] = token.split(".")
      assert.isFalse(verifiesWithVendorKey(`${header}.${forged}.${sig}`))
    }))

  it.effect("carries the documented header and claims, in the SDK's order", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const { header, payload } = segments(yield* tokenFrom(vendorTestKey))
      assert.deepStrictEqual(header, { alg: "EdDSA", kid: "uDeF", typ: "at+jwt" })
      assert.deepStrictEqual(Object.keys(payload), ["aud", "iss", "sub", "client_id", "iat", "exp", "scope"])
      assert.deepStrictEqual(payload, expectedClaims)
    }))

  it.effect("is byte for byte the token node:crypto signs from the same header and claims", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const token = yield* tokenFrom(vendorTestKey)
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")
      const signingInput = `${encode({ alg: "EdDSA", kid: "uDeF", typ: "at+jwt" })}.${encode(expectedClaims)}`
      const signature = NodeCrypto.sign(null, Buffer.from(signingInput), vendorPrivateKey).toString("base64url")
      assert.strictEqual(token, `${signingInput}.${signature}`)
    }))

  it.effect("ServiceClientToken.verify accepts it with the derived public key and rejects a tampered one", () =>
    Effect.gen(function*() {
      const token = yield* tokenFrom(vendorTestKey)
      const key = yield* ServiceClientToken.parse(Redacted.make(vendorTestKey))
      const publicKey = yield* ServiceClientToken.importVerifyingKey(key)
      const verified = yield* ServiceClientToken.verify(token, publicKey)
      assert.strictEqual(
        Option.map(verified, (decoded) => decoded.claims.sub).pipe(Option.getOrNull),
        "sc_service_client"
      )
      const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`
      assert.isTrue(Option.isNone(yield* ServiceClientToken.verify(tampered, publicKey)))
      assert.isTrue(Option.isNone(yield* ServiceClientToken.verify("not.a.jwt", publicKey)))
    }))
})

describe("the issuer", () => {
  const key = { accountId: "acc1", clientId: "sc client/1" }

  it("is the custom domain when the API is reached through one", () => {
    assert.strictEqual(
      ServiceClientToken.issuer(key, "https://auth.example.com/"),
      "https://auth.example.com/v1/clients/sc%20client%2F1"
    )
  })

  it("is the account host for any authress.io URL, regional ones included, and without a URL", () => {
    for (const url of ["https://acc1.api-eu-west.authress.io", "https://acc1.api.authress.io", undefined]) {
      assert.strictEqual(ServiceClientToken.issuer(key, url), "https://acc1.api.authress.io/v1/clients/sc%20client%2F1")
    }
  })
})

describe("the token cache", () => {
  it.effect("reuses the token until less than an hour is left, then mints a new one", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(start)
      const token = yield* ServiceClientToken.make({ accessKey: Redacted.make(vendorTestKey), baseUrl })
      const first = Redacted.value(yield* token)
      yield* TestClock.adjust(Duration.hours(12))
      assert.strictEqual(Redacted.value(yield* token), first)
      // 23 h minus 1 s after minting: 1 h and 1 s left, still reused.
      yield* TestClock.adjust(Duration.millis(11 * 3_600_000 - 1000))
      assert.strictEqual(Redacted.value(yield* token), first)
      // 23 h after minting: 1 h left, no longer enough.
      yield* TestClock.adjust(Duration.seconds(1))
      const second = Redacted.value(yield* token)
      assert.notStrictEqual(second, first)
      assert.strictEqual(segments(second).payload.iat, startSeconds + 23 * 3600)
      assert.strictEqual(segments(second).payload.exp, startSeconds + 47 * 3600)
      assert.isTrue(verifiesWithVendorKey(second))
      yield* TestClock.adjust(Duration.hours(22))
      assert.strictEqual(Redacted.value(yield* token), second)
    }))

  const counting = () => {
    let mints = 0
    const mint = Effect.gen(function*() {
      mints += 1
      const n = mints
      // Suspends, so that concurrent callers really do overlap with the mint in progress.
      yield* Effect.sleep(Duration.millis(10))
      const now = yield* Clock.currentTimeMillis
      return { token: Redacted.make(`token-${n}`), expiresAt: now - 10 + Duration.toMillis(Duration.hours(24)) }
    })
    return { mint, mints: () => mints }
  }

  it.effect("concurrent first use mints once", () =>
    Effect.gen(function*() {
      const { mint, mints } = counting()
      const token = yield* ServiceClientToken.cached(mint)
      const fiber = yield* Effect.fork(
        Effect.all(Array.from({ length: 20 }, () => Effect.map(token, Redacted.value)), { concurrency: "unbounded" })
      )
      // Long enough for twenty mints in a row, should the cache let each caller mint its own.
      yield* TestClock.adjust(Duration.seconds(1))
      const tokens = yield* Fiber.join(fiber)
      assert.deepStrictEqual(new Set(tokens), new Set(["token-1"]))
      assert.strictEqual(mints(), 1)
    }))

  it.effect("renews once when the margin is reached, honouring a custom margin", () =>
    Effect.gen(function*() {
      const { mint, mints } = counting()
      const token = yield* ServiceClientToken.cached(mint, { renewBefore: Duration.hours(6) })
      const take = Effect.fork(Effect.map(token, Redacted.value)).pipe(
        Effect.tap(() => TestClock.adjust(Duration.millis(10))),
        Effect.flatMap(Fiber.join)
      )
      assert.strictEqual(yield* take, "token-1")
      yield* TestClock.adjust(Duration.hours(17))
      assert.strictEqual(yield* take, "token-1")
      yield* TestClock.adjust(Duration.hours(1))
      assert.strictEqual(yield* take, "token-2")
      assert.strictEqual(mints(), 2)
    }))
})

describe("a malformed access key", () => {
  const x25519 = "MC4CAQAwBQYDK2VuBCIEIE99LFw2c3DCiYwrY/Qkg1nIDiagoHtdCwb88RxarVYA"
  const cases: ReadonlyArray<readonly [string, string, "Format" | "PrivateKey"]> = [
    ["empty", "", "Format"],
    ["one part", vendorTestPrivateKey, "Format"],
    ["three parts", `sc_client.kid.${vendorTestPrivateKey}`, "Format"],
    ["five parts", `a.b.c.${vendorTestPrivateKey}.e`, "Format"],
    ["an empty client id", `.kid.acc.${vendorTestPrivateKey}`, "Format"],
    ["a JWT", "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJzZWNyZXQtc3ViIn0.c2lnbmF0dXJlLXNlY3JldA", "Format"],
    ["a private key that is not base64", "a.b.c.!!secret-not-base64!!", "PrivateKey"],
    ["a private key that is not PKCS#8", `a.b.c.${Buffer.from("secret bytes").toString("base64")}`, "PrivateKey"],
    ["an X25519 key", `a.b.c.${x25519}`, "PrivateKey"],
    ["a truncated key", `a.b.c.${vendorTestPrivateKey.slice(0, 40)}`, "PrivateKey"]
  ]

  for (const [label, accessKey, reason] of cases) {
    it.effect(`${label}: the layer fails with InvalidAccessKey (${reason}), never echoing the key`, () =>
      Effect.gen(function*() {
        const built = AuthressUsers.layer({ baseUrl, accessKey: Redacted.make(accessKey) }).pipe(
          Layer.provide(MockHttpClient.layer([])),
          Layer.build,
          Effect.scoped
        )
        const captured = yield* Testing.capture(
          Effect.tapError(built, (error) => Effect.logError(error.message, error))
        )
        const exit = captured.exit
        if (Exit.isSuccess(exit)) return assert.fail("the layer was built")
        // A typed failure in the error channel, not a defect.
        assert.isFalse(Cause.isDie(exit.cause))
        const error = Cause.failureOption(exit.cause)
        if (Option.isNone(error)) return assert.fail("no failure")
        assert.strictEqual(error.value._tag, "InvalidAccessKey")
        assert.strictEqual(error.value.reason, reason)
        assert.match(error.value.message, /^Authress: the access key is invalid: /)
        // The part that carries the private key: the longest one.
        const secret = accessKey.split(".").reduce((a, b) => (b.length > a.length ? b : a), "")
        for (const text of [captured.text, error.value.message, JSON.stringify(error.value), String(error.value)]) {
          if (accessKey !== "") expect(text).not.toContain(accessKey)
          if (secret !== "") expect(text).not.toContain(secret)
        }
        expect(captured.text).not.toContain("secret")
      }))
  }
})
