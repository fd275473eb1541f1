import * as LayerConfig from "@userkit/testkit/LayerConfig"
import * as Config from "effect/Config"
import * as Redacted from "effect/Redacted"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import { userJson } from "./helpers.js"

LayerConfig.layerConfigSuite({
  sent: LayerConfig.sender({
    tag: AstronomerUsers.AstronomerUsers,
    layerConfig: AstronomerUsers.layerConfig,
    call: (users) => users.getSelfUser(),
    body: userJson("usr-self")
  }),
  sends: {
    "reads the token from the application's own variable, not ASTRO_API_TOKEN": [{
      options: { token: Config.redacted("MYAPP_ASTRO_TOKEN") },
      env: {
        MYAPP_ASTRO_TOKEN: "mine",
        ASTRO_API_TOKEN: "the-vendor-default",
        ASTRO_API_URL: "https://astro.internal/v1alpha1"
      },
      headers: { authorization: "Bearer mine" },
      href: "https://astro.internal/v1alpha1/users/self"
    }],
    "takes plain values and nested names": [{
      options: { token: Redacted.make("literal"), baseUrl: "http://127.0.0.1:9/v1alpha1" },
      env: {},
      headers: { authorization: "Bearer literal" },
      href: "http://127.0.0.1:9/v1alpha1/users/self"
    }, {
      options: { token: Config.nested(Config.redacted("TOKEN"), "ASTRO_STAGING") },
      env: { "ASTRO_STAGING.TOKEN": "staging" },
      headers: { authorization: "Bearer staging" },
      origin: "https://api.astronomer.io"
    }]
  },
  fails: {
    "fails naming the application's variable when it is missing": [{
      options: { token: Config.redacted("MYAPP_ASTRO_TOKEN") },
      env: {},
      mentions: ["MYAPP_ASTRO_TOKEN"]
    }]
  }
})
