import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as ServiceClientToken from "../src/ServiceClientToken.js"
import { vendorTestKey, vendorTestPrivateKey } from "./helpers.js"

const fromEnv = (env: Record<string, string>) =>
  AuthressUsers.layerConfig({ retry: false, rateLimit: false }).pipe(
    Layer.provideMerge(MockHttpClient.layer([
      MockHttpClient.route("*", "*", (request) => MockHttpClient.json(200, { userId: request.params["userId"] ?? "" }))
    ])),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
  )

const buildError = (env: Record<string, string>) =>
  Effect.map(Effect.exit(Layer.build(fromEnv(env)).pipe(Effect.scoped)), (exit) => {
    if (Exit.isSuccess(exit)) return assert.fail("the layer was built")
    assert.isFalse(Cause.isDie(exit.cause))
    return Option.getOrThrow(Cause.failureOption(exit.cause))
  })

describe("layers", () => {
  it.effect("layerConfig reads AUTHRESS_API_URL (scheme optional) and signs with AUTHRESS_ACCESS_KEY", () =>
    Effect.gen(function*() {
      yield* (yield* AuthressUsers.AuthressUsers).getUser("oauth|ada")
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.url.href, "https://auth.example.com/v1/users/oauth%7Cada")
      const bearer = (request.headers["authorization"] ?? "").replace(/^Bearer /, "")
      const decoded = ServiceClientToken.decode(bearer)
      if (Option.isNone(decoded)) return assert.fail("not a JWT")
      // A custom domain is the issuer's origin.
      assert.strictEqual(decoded.value.claims.iss, "https://auth.example.com/v1/clients/sc_service_client")
    }).pipe(Effect.provide(fromEnv({ AUTHRESS_API_URL: "auth.example.com/", AUTHRESS_ACCESS_KEY: vendorTestKey }))))

  it.effect("layerConfig without AUTHRESS_ACCESS_KEY fails with a ConfigError naming it", () =>
    Effect.gen(function*() {
      const error = yield* buildError({ AUTHRESS_API_URL: "https://auth.example.com" })
      assert.isTrue(ConfigError.isConfigError(error))
      assert.include(String(error), "AUTHRESS_ACCESS_KEY")
    }))

  it.effect("layerConfig without AUTHRESS_API_URL fails with a ConfigError naming it", () =>
    Effect.gen(function*() {
      const error = yield* buildError({ AUTHRESS_ACCESS_KEY: vendorTestKey })
      assert.isTrue(ConfigError.isConfigError(error))
      assert.include(String(error), "AUTHRESS_API_URL")
      assert.notInclude(String(error), vendorTestPrivateKey)
    }))

  it.effect("layerConfig with a malformed AUTHRESS_ACCESS_KEY fails with InvalidAccessKey", () =>
    Effect.gen(function*() {
      const error = yield* buildError({
        AUTHRESS_API_URL: "https://auth.example.com",
        AUTHRESS_ACCESS_KEY: `a.b.c.${vendorTestPrivateKey.slice(0, 30)}`
      })
      assert.strictEqual(error._tag, "InvalidAccessKey")
      assert.notInclude(JSON.stringify(error), vendorTestPrivateKey.slice(0, 30))
    }))

  it.effect("layerTest runs the given methods and names a missing one when it dies", () =>
    Effect.gen(function*() {
      const users = yield* AuthressUsers.AuthressUsers
      assert.strictEqual((yield* users.getUser("oauth|ada")).userId, "oauth|ada")
      const exit = yield* Effect.exit(users.deleteUser("oauth|ada"))
      assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause))
      assert.include(String(exit), "AuthressUsers.layerTest: deleteUser is not implemented")
      const stream = yield* Effect.exit(Stream.runCollect(users.getUsersStream()))
      assert.include(String(stream), "AuthressUsers.layerTest: getUsersStream is not implemented")
    }).pipe(Effect.provide(AuthressUsers.layerTest({ getUser: (userId) => Effect.succeed({ userId }) }))))
})
