import * as LayerConfig from "@userkit/testkit/LayerConfig"
import * as Config from "effect/Config"
import * as Redacted from "effect/Redacted"
import * as TileDBUsers from "../src/TileDBUsers.js"

LayerConfig.layerConfigSuite({
  sent: LayerConfig.sender({
    tag: TileDBUsers.TileDBUsers,
    layerConfig: TileDBUsers.layerConfig,
    call: (users) => users.getUser(),
    body: { username: "ada" }
  }),
  sends: {
    "reads the API key from the application's own variable, not TILEDB_REST_TOKEN": [{
      options: { apiKey: Config.redacted("MYAPP_TILEDB_KEY") },
      env: { MYAPP_TILEDB_KEY: "mine", TILEDB_REST_TOKEN: "the-vendor-default" },
      headers: { "x-tiledb-rest-api-key": "mine" },
      href: "https://api.tiledb.com/v1/user"
    }],
    "a username and password given win over TILEDB_REST_TOKEN; one left out is read": [{
      options: { username: "ada", password: Config.redacted("MYAPP_PASSWORD") },
      env: { MYAPP_PASSWORD: "pw-mine", TILEDB_REST_TOKEN: "the-vendor-default" },
      headers: { authorization: `Basic ${btoa("ada:pw-mine")}`, "x-tiledb-rest-api-key": undefined }
    }, {
      options: { username: Config.string("MYAPP_USER") },
      env: { MYAPP_USER: "grace", TILEDB_REST_PASSWORD: "pw-env" },
      headers: { authorization: `Basic ${btoa("grace:pw-env")}` }
    }],
    "takes a plain key and a nested host": [{
      options: {
        apiKey: Redacted.make("literal"),
        baseUrl: Config.map(Config.nested(Config.string("HOST"), "TILEDB_EU"), TileDBUsers.hostUrl)
      },
      env: { "TILEDB_EU.HOST": "eu.api.tiledb.com" },
      headers: { "x-tiledb-rest-api-key": "literal" },
      href: "https://eu.api.tiledb.com/v1/user"
    }]
  },
  fails: {
    "missing credentials fail naming the variables expected, not an empty path": [{
      options: {},
      env: {},
      mentions: [
        "Missing data at TILEDB_REST_TOKEN",
        "set TILEDB_REST_TOKEN, or TILEDB_REST_USERNAME and TILEDB_REST_PASSWORD"
      ],
      omits: ["Missing data at :"]
    }, {
      options: {},
      env: { TILEDB_REST_USERNAME: "ada" },
      mentions: ["TILEDB_REST_PASSWORD is unset"]
    }, {
      options: { apiKey: Config.redacted("MYAPP_TILEDB_KEY") },
      env: {},
      mentions: ["MYAPP_TILEDB_KEY"]
    }]
  }
})
