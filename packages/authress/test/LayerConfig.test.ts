import { assert, describe, it } from "@effect/vitest"
import * as LayerConfig from "@userkit/testkit/LayerConfig"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as ServiceClientToken from "../src/ServiceClientToken.js"
import { vendorTestKey } from "./helpers.js"

const getUserSent = LayerConfig.sender({
  tag: AuthressUsers.AuthressUsers,
  layerConfig: AuthressUsers.layerConfig,
  call: (users) => users.getUser("oauth|ada"),
  body: { userId: "oauth|ada" }
})

LayerConfig.layerConfigSuite({
  sent: getUserSent,
  sends: {
    "a token, given or read, replaces the access key, which is then not read": [{
      options: { token: Config.redacted("MYAPP_AUTHRESS_TOKEN") },
      env: { MYAPP_AUTHRESS_TOKEN: "jwt-from-env", AUTHRESS_API_URL: "https://auth.example.com" },
      headers: { authorization: "Bearer jwt-from-env" }
    }, {
      options: { token: Effect.succeed(Redacted.make("jwt-fresh")), baseUrl: "https://auth.example.com" },
      env: {},
      headers: { authorization: "Bearer jwt-fresh" }
    }]
  },
  fails: {
    "fails naming the application's variable when it is missing": [{
      options: { token: Config.redacted("MYAPP_AUTHRESS_TOKEN") },
      env: { AUTHRESS_API_URL: "https://auth.example.com", AUTHRESS_ACCESS_KEY: vendorTestKey },
      mentions: ["MYAPP_AUTHRESS_TOKEN"]
    }]
  }
})

describe("layerConfig with an access key", () => {
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
      // The key signs a token for the URL read: the issuer proves which variables were used.
      const decoded = ServiceClientToken.decode((request.headers["authorization"] ?? "").replace(/^Bearer /, ""))
      if (Option.isNone(decoded)) return assert.fail("not a JWT")
      assert.strictEqual(decoded.value.claims.iss, "https://auth.example.com/v1/clients/sc_service_client")
    }))
})
