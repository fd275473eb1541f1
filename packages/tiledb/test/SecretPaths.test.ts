import * as SecretPathsSuite from "@userkit/testkit/SecretPathsSuite"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as TileDBUsers from "../src/TileDBUsers.js"
import { apiKey, basicPassword, basicUsername } from "./support.js"

const basic = Buffer.from(`${basicUsername}:${basicPassword}`).toString("base64")

// The shared secrets suite (packages/testkit), with this vendor's ways to authenticate.
SecretPathsSuite.secretPathsSuite({
  api: Api.TileDBApi,
  tag: TileDBUsers.TileDBUsers,
  schemes: [
    {
      label: "API key",
      header: "x-tiledb-rest-api-key",
      secrets: [apiKey],
      proof: (value) => value === apiKey,
      layer: (client, transport) =>
        TileDBUsers.layer({ apiKey: Redacted.make(apiKey), ...transport }).pipe(Layer.provide(client))
    },
    {
      label: "basic auth",
      header: "authorization",
      secrets: [basicPassword, basic],
      proof: (value) => value === `Basic ${basic}`,
      layer: (client, transport) =>
        TileDBUsers.layer({ username: basicUsername, password: Redacted.make(basicPassword), ...transport }).pipe(
          Layer.provide(client)
        )
    }
  ]
})
