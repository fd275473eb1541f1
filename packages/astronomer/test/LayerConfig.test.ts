import { assert, describe, it } from "@effect/vitest"
import * as LayerConfig from "@userkit/testkit/LayerConfig"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import { userJson } from "./helpers.js"

const selfSent = (options: AstronomerUsers.LayerConfigOptions, env: Record<string, string>) =>
  LayerConfig.requestSent({
    tag: AstronomerUsers.AstronomerUsers,
    layer: AstronomerUsers.layerConfig({ retry: false, rateLimit: false, ...options }),
    env,
    call: (users) => users.getSelfUser(),
    body: userJson("usr-self")
  })

describe("layerConfig options", () => {
  it.effect("reads the token from the application's own variable, not ASTRO_API_TOKEN", () =>
    Effect.gen(function*() {
      const request = yield* selfSent({ token: Config.redacted("MYAPP_ASTRO_TOKEN") }, {
        MYAPP_ASTRO_TOKEN: "mine",
        ASTRO_API_TOKEN: "the-vendor-default",
        ASTRO_API_URL: "https://astro.internal/v1alpha1"
      })
      assert.strictEqual(request.headers["authorization"], "Bearer mine")
      assert.strictEqual(request.url.href, "https://astro.internal/v1alpha1/users/self")
    }))

  it.effect("takes plain values and nested names", () =>
    Effect.gen(function*() {
      const literal = yield* selfSent({ token: Redacted.make("literal"), baseUrl: "http://127.0.0.1:9/v1alpha1" }, {})
      assert.strictEqual(literal.headers["authorization"], "Bearer literal")
      assert.strictEqual(literal.url.href, "http://127.0.0.1:9/v1alpha1/users/self")
      const nested = yield* selfSent({ token: Config.nested(Config.redacted("TOKEN"), "ASTRO_STAGING") }, {
        "ASTRO_STAGING.TOKEN": "staging"
      })
      assert.strictEqual(nested.headers["authorization"], "Bearer staging")
      assert.strictEqual(nested.url.origin, "https://api.astronomer.io")
    }))

  it.effect("fails naming the application's variable when it is missing", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(selfSent({ token: Config.redacted("MYAPP_ASTRO_TOKEN") }, {}))
      assert.include(String(error), "MYAPP_ASTRO_TOKEN")
    }))

  it("takes a value or a Config of the option's own type, nothing else", () => {
    // @ts-expect-error a Config<string> is not a Config<Redacted<string>>: the token stays redacted
    AstronomerUsers.layerConfig({ token: Config.string("MYAPP_ASTRO_TOKEN") })
    // @ts-expect-error the base URL is a string
    AstronomerUsers.layerConfig({ baseUrl: Config.integer("PORT") })
    assert.isTrue(Layer.isLayer(AstronomerUsers.layerConfig({ baseUrl: Config.string("URL") })))
  })
})
