import * as SecretPathsSuite from "@userkit/testkit/SecretPathsSuite"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { apiKey } from "./helpers.js"

// The shared secrets suite (packages/testkit), with this vendor's ways to authenticate.
SecretPathsSuite.secretPathsSuite({
  api: Api.RocksetApi,
  tag: RocksetUsers.RocksetUsers,
  schemes: [{
    label: "API key",
    header: "authorization",
    secrets: [apiKey],
    proof: (value) => value === `ApiKey ${apiKey}`,
    layer: (client, transport) =>
      RocksetUsers.layer({ apiKey: Redacted.make(apiKey), ...transport }).pipe(Layer.provide(client))
  }]
})
