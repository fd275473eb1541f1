import { assert, describe, it } from "@effect/vitest"
import * as LayerConfig from "@userkit/testkit/LayerConfig"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TileDBUsers from "../src/TileDBUsers.js"

const getUserSent = (options: TileDBUsers.LayerConfigOptions, env: Record<string, string>) =>
  LayerConfig.requestSent({
    tag: TileDBUsers.TileDBUsers,
    layer: TileDBUsers.layerConfig({ retry: false, rateLimit: false, ...options }),
    env,
    call: (users) => users.getUser(),
    body: { username: "ada" }
  })

describe("layerConfig options", () => {
  it.effect("reads the API key from the application's own variable, not TILEDB_REST_TOKEN", () =>
    Effect.gen(function*() {
      const request = yield* getUserSent({ apiKey: Config.redacted("MYAPP_TILEDB_KEY") }, {
        MYAPP_TILEDB_KEY: "mine",
        TILEDB_REST_TOKEN: "the-vendor-default"
      })
      assert.strictEqual(request.headers["x-tiledb-rest-api-key"], "mine")
      assert.strictEqual(request.url.href, "https://api.tiledb.com/v1/user")
    }))

  it.effect("a username and password given win over TILEDB_REST_TOKEN; one left out is read", () =>
    Effect.gen(function*() {
      const both = yield* getUserSent({ username: "ada", password: Config.redacted("MYAPP_PASSWORD") }, {
        MYAPP_PASSWORD: "pw-mine",
        TILEDB_REST_TOKEN: "the-vendor-default"
      })
      assert.strictEqual(both.headers["authorization"], `Basic ${btoa("ada:pw-mine")}`)
      assert.strictEqual(both.headers["x-tiledb-rest-api-key"], undefined)
      const half = yield* getUserSent({ username: Config.string("MYAPP_USER") }, {
        MYAPP_USER: "grace",
        TILEDB_REST_PASSWORD: "pw-env"
      })
      assert.strictEqual(half.headers["authorization"], `Basic ${btoa("grace:pw-env")}`)
    }))

  it.effect("takes a plain key and a nested host", () =>
    Effect.gen(function*() {
      const request = yield* getUserSent({
        apiKey: Redacted.make("literal"),
        baseUrl: Config.map(Config.nested(Config.string("HOST"), "TILEDB_EU"), TileDBUsers.hostUrl)
      }, { "TILEDB_EU.HOST": "eu.api.tiledb.com" })
      assert.strictEqual(request.headers["x-tiledb-rest-api-key"], "literal")
      assert.strictEqual(request.url.href, "https://eu.api.tiledb.com/v1/user")
    }))

  it.effect("missing credentials fail naming the variables expected, not an empty path", () =>
    Effect.gen(function*() {
      const none = String(yield* Effect.flip(getUserSent({}, {})))
      assert.notInclude(none, "Missing data at :")
      assert.include(none, "Missing data at TILEDB_REST_TOKEN")
      assert.include(none, "set TILEDB_REST_TOKEN, or TILEDB_REST_USERNAME and TILEDB_REST_PASSWORD")
      const half = String(yield* Effect.flip(getUserSent({}, { TILEDB_REST_USERNAME: "ada" })))
      assert.include(half, "TILEDB_REST_PASSWORD is unset")
      const custom = String(yield* Effect.flip(getUserSent({ apiKey: Config.redacted("MYAPP_TILEDB_KEY") }, {})))
      assert.include(custom, "MYAPP_TILEDB_KEY")
    }))

  it("takes an API key or a username and password, not both, each a value or a Config of its own type", () => {
    // @ts-expect-error an API key and a username at once
    TileDBUsers.layerConfig({ apiKey: Config.redacted("KEY"), username: "ada" })
    // @ts-expect-error a Config<string> is not a Config<Redacted<string>>
    TileDBUsers.layerConfig({ password: Config.string("MYAPP_PASSWORD") })
    assert.isTrue(Layer.isLayer(TileDBUsers.layerConfig({ password: Config.redacted("MYAPP_PASSWORD") })))
  })
})
