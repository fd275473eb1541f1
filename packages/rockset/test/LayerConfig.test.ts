import * as LayerConfig from "@userkit/testkit/LayerConfig"
import * as Config from "effect/Config"
import * as Redacted from "effect/Redacted"
import * as RocksetUsers from "../src/RocksetUsers.js"

LayerConfig.layerConfigSuite({
  sent: LayerConfig.sender({
    tag: RocksetUsers.RocksetUsers,
    layerConfig: RocksetUsers.layerConfig,
    call: (users) => users.list()
  }),
  sends: {
    "reads the key from the application's own variable, not ROCKSET_APIKEY": [{
      options: { apiKey: Config.redacted("MYAPP_KEY") },
      env: { MYAPP_KEY: "mine", ROCKSET_APIKEY: "the-vendor-default" },
      headers: { authorization: "ApiKey mine" },
      origin: "https://api.usw2a1.rockset.com"
    }],
    "takes plain values, a given region overriding ROCKSET_APISERVER": [{
      options: { apiKey: Redacted.make("literal"), region: "euc1a1" },
      env: { ROCKSET_APISERVER: "api.rs2.usw2.rockset.com" },
      headers: { authorization: "ApiKey literal" },
      origin: "https://api.euc1a1.rockset.com"
    }],
    "reads nested names and a custom server variable": [{
      options: {
        apiKey: Config.nested(Config.redacted("APIKEY"), "ROCKSET_EU"),
        baseUrl: Config.map(Config.string("MYAPP_ROCKSET_HOST"), RocksetUsers.apiServerUrl)
      },
      env: { "ROCKSET_EU.APIKEY": "eu-key", MYAPP_ROCKSET_HOST: "api.euc1a1.rockset.com" },
      headers: { authorization: "ApiKey eu-key" },
      href: "https://api.euc1a1.rockset.com/v1/orgs/self/users"
    }]
  },
  fails: {
    "fails naming the application's variable when it is missing": [{
      options: { apiKey: Config.redacted("MYAPP_KEY") },
      env: { ROCKSET_APIKEY: "k" },
      mentions: ["MYAPP_KEY"]
    }]
  }
})
