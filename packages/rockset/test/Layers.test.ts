import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as RocksetUsers from "../src/RocksetUsers.js"

const fromEnv = (env: Record<string, string>) =>
  RocksetUsers.layerConfig({ retry: false, rateLimit: false }).pipe(
    Layer.provideMerge(MockHttpClient.layer([MockHttpClient.route("*", "*", () => MockHttpClient.json(200, {}))])),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
  )

describe("layers", () => {
  it.effect("layerConfig reads ROCKSET_APIKEY and a scheme-less ROCKSET_APISERVER", () =>
    Effect.gen(function*() {
      yield* (yield* RocksetUsers.RocksetUsers).list()
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.url.href, "https://api.euc1a1.rockset.com/v1/orgs/self/users")
      assert.strictEqual(request.headers["authorization"], "ApiKey from-env")
    }).pipe(Effect.provide(fromEnv({ ROCKSET_APIKEY: "from-env", ROCKSET_APISERVER: "api.euc1a1.rockset.com/" }))))

  it.effect("layerConfig defaults to the usw2a1 host", () =>
    Effect.gen(function*() {
      yield* (yield* RocksetUsers.RocksetUsers).list()
      assert.strictEqual((yield* MockHttpClient.requests)[0].url.origin, "https://api.usw2a1.rockset.com")
    }).pipe(Effect.provide(fromEnv({ ROCKSET_APIKEY: "from-env" }))))

  it.effect("layerConfig without ROCKSET_APIKEY fails with a ConfigError", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Layer.build(fromEnv({})).pipe(Effect.scoped))
      assert.isTrue(Exit.isFailure(exit))
      assert.include(String(exit), "ROCKSET_APIKEY")
    }))

  it.effect("layerTest runs the given methods and names a missing one when it dies", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      assert.strictEqual((yield* users.get("ada@example.com")).email, "ada@example.com")
      const exit = yield* Effect.exit(users.list())
      assert.isTrue(Exit.isFailure(exit))
      assert.include(String(exit), "RocksetUsers.layerTest: list is not implemented")
    }).pipe(Effect.provide(RocksetUsers.layerTest({ get: (email) => Effect.succeed({ email }) }))))
})
