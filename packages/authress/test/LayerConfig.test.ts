import { assert, describe, it } from "@effect/vitest"
import * as LayerConfig from "@userkit/testkit/LayerConfig"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as ServiceClientToken from "../src/ServiceClientToken.js"
import { vendorTestKey } from "./helpers.js"

const getUserSent = (options: AuthressUsers.LayerConfigOptions, env: Record<string, string>) =>
  LayerConfig.requestSent({
    tag: AuthressUsers.AuthressUsers,
    layer: AuthressUsers.layerConfig({ retry: false, rateLimit: false, ...options }),
    env,
    call: (users) => users.getUser("oauth|ada"),
    body: { userId: "oauth|ada" }
  })

describe("layerConfig options", () => {
  it.effect("reads the access key and URL from the application's own variables", () =>
    Effect.gen(function*() {
      const request = yield* getUserSent({
        accessKey: Config.redacted("MYAPP_AUTHRESS_KEY"),
        baseUrl: Config.string("MYAPP_AUTHRESS_URL")
      }, {
        MYAPP_AUTHRESS_KEY: vendorTestKey,
        MYAPP_AUTHRESS_URL: "auth.example.com",
        AUTHRESS_API_URL: "https://not-this.example.com",
        AUTHRESS_ACCESS_KEY: "not.a.valid.key"
      })
      assert.strictEqual(request.url.href, "https://auth.example.com/v1/users/oauth%7Cada")
      const decoded = ServiceClientToken.decode((request.headers["authorization"] ?? "").replace(/^Bearer /, ""))
      if (Option.isNone(decoded)) return assert.fail("not a JWT")
      assert.strictEqual(decoded.value.claims.iss, "https://auth.example.com/v1/clients/sc_service_client")
    }))

  it.effect("a token, given or read, replaces the access key, which is then not read", () =>
    Effect.gen(function*() {
      const read = yield* getUserSent({ token: Config.redacted("MYAPP_AUTHRESS_TOKEN") }, {
        MYAPP_AUTHRESS_TOKEN: "jwt-from-env",
        AUTHRESS_API_URL: "https://auth.example.com"
      })
      assert.strictEqual(read.headers["authorization"], "Bearer jwt-from-env")
      const literal = yield* getUserSent({
        token: Effect.succeed(Redacted.make("jwt-fresh")),
        baseUrl: "https://auth.example.com"
      }, {})
      assert.strictEqual(literal.headers["authorization"], "Bearer jwt-fresh")
    }))

  it.effect("fails naming the application's variable when it is missing", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(getUserSent({ token: Config.redacted("MYAPP_AUTHRESS_TOKEN") }, {
        AUTHRESS_API_URL: "https://auth.example.com",
        AUTHRESS_ACCESS_KEY: vendorTestKey
      }))
      assert.include(String(error), "MYAPP_AUTHRESS_TOKEN")
    }))

  it("takes an access key or a token, not both, each a value or a Config of its own type", () => {
    const key = Config.redacted("MYAPP_AUTHRESS_KEY")
    // @ts-expect-error an access key and a token at once
    AuthressUsers.layerConfig({ accessKey: key, token: key })
    // @ts-expect-error a Config<string> is not a Config<Redacted<string>>
    AuthressUsers.layerConfig({ accessKey: Config.string("MYAPP_AUTHRESS_KEY") })
    assert.isTrue(Layer.isLayer(AuthressUsers.layerConfig({ token: key })))
  })
})
