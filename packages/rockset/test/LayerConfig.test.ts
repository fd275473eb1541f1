import { assert, describe, it } from "@effect/vitest"
import * as LayerConfig from "@userkit/testkit/LayerConfig"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as RocksetUsers from "../src/RocksetUsers.js"

const listSent = (options: RocksetUsers.LayerConfigOptions, env: Record<string, string>) =>
  LayerConfig.requestSent({
    tag: RocksetUsers.RocksetUsers,
    layer: RocksetUsers.layerConfig({ retry: false, rateLimit: false, ...options }),
    env,
    call: (users) => users.list()
  })

describe("layerConfig options", () => {
  it.effect("reads the key from the application's own variable, not ROCKSET_APIKEY", () =>
    Effect.gen(function*() {
      const request = yield* listSent({ apiKey: Config.redacted("MYAPP_KEY") }, {
        MYAPP_KEY: "mine",
        ROCKSET_APIKEY: "the-vendor-default"
      })
      assert.strictEqual(request.headers["authorization"], "ApiKey mine")
      assert.strictEqual(request.url.origin, "https://api.usw2a1.rockset.com")
    }))

  it.effect("takes plain values, a given region overriding ROCKSET_APISERVER", () =>
    Effect.gen(function*() {
      const request = yield* listSent({ apiKey: Redacted.make("literal"), region: "euc1a1" }, {
        ROCKSET_APISERVER: "api.rs2.usw2.rockset.com"
      })
      assert.strictEqual(request.headers["authorization"], "ApiKey literal")
      assert.strictEqual(request.url.origin, "https://api.euc1a1.rockset.com")
    }))

  it.effect("reads nested names and a custom server variable", () =>
    Effect.gen(function*() {
      const request = yield* listSent({
        apiKey: Config.nested(Config.redacted("APIKEY"), "ROCKSET_EU"),
        baseUrl: Config.map(Config.string("MYAPP_ROCKSET_HOST"), RocksetUsers.apiServerUrl)
      }, { "ROCKSET_EU.APIKEY": "eu-key", MYAPP_ROCKSET_HOST: "api.euc1a1.rockset.com" })
      assert.strictEqual(request.headers["authorization"], "ApiKey eu-key")
      assert.strictEqual(request.url.href, "https://api.euc1a1.rockset.com/v1/orgs/self/users")
    }))

  it.effect("fails naming the application's variable when it is missing", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(listSent({ apiKey: Config.redacted("MYAPP_KEY") }, { ROCKSET_APIKEY: "k" }))
      assert.include(String(error), "MYAPP_KEY")
    }))

  it("takes a value or a Config of the option's own type, nothing else", () => {
    // @ts-expect-error a Config<string> is not a Config<Redacted<string>>: the key stays redacted
    RocksetUsers.layerConfig({ apiKey: Config.string("MYAPP_KEY") })
    // @ts-expect-error not a Rockset region
    RocksetUsers.layerConfig({ region: Config.succeed("mars") })
    assert.isTrue(Layer.isLayer(RocksetUsers.layerConfig({ region: Config.succeed("euc1a1") })))
  })
})
