import * as RetriesSuite from "@userkit/testkit/RetriesSuite"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as TileDBUsers from "../src/TileDBUsers.js"
import { apiKey } from "./support.js"

// The shared retry suite (packages/testkit), run against this vendor's every operation.
RetriesSuite.retriesSuite({
  api: Api.TileDBApi,
  tag: TileDBUsers.TileDBUsers,
  layer: (client, transport) =>
    TileDBUsers.layer({ apiKey: Redacted.make(apiKey), rateLimit: false, ...transport }).pipe(Layer.provide(client))
})
