import * as SecretPathsSuite from "@userkit/testkit/SecretPathsSuite"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import { secret } from "./helpers.js"

// The shared secrets suite (packages/testkit), with this vendor's ways to authenticate.
SecretPathsSuite.secretPathsSuite({
  api: Api.AstronomerApi,
  tag: AstronomerUsers.AstronomerUsers,
  schemes: [{
    label: "bearer token",
    header: "authorization",
    secrets: [secret],
    proof: (value) => value === `Bearer ${secret}`,
    layer: (client, transport) =>
      AstronomerUsers.layer({ token: Redacted.make(secret), ...transport }).pipe(Layer.provide(client))
  }]
})
