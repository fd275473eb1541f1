import * as BoundarySuite from "@userkit/testkit/BoundarySuite"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as TileDBUsers from "../src/TileDBUsers.js"
import { samples } from "./support.js"

// The shared transport-boundary suite (packages/testkit), over real sockets, every operation:
// `X-TILEDB-REST-API-KEY` is the header fetch re-sent to another origin on a redirect.
BoundarySuite.boundarySuite({
  api: Api.TileDBApi,
  callOf: (name) => Object.entries(samples).find(([operation]) => operation === name)?.[1].call,
  schemes: [
    {
      name: "X-TILEDB-REST-API-KEY",
      header: "X-TILEDB-REST-API-KEY",
      service: (baseUrl, secret) => TileDBUsers.make({ apiKey: Redacted.make(secret), baseUrl })
    },
    {
      name: "HTTP Basic",
      header: "Authorization",
      service: (baseUrl, secret) => TileDBUsers.make({ username: "ada", password: Redacted.make(secret), baseUrl })
    }
  ]
})
