import * as HostileSuite from "@userkit/testkit/HostileSuite"
import * as Effect from "effect/Effect"
import * as Api from "../src/Api.js"
import * as TileDBUsers from "../src/TileDBUsers.js"
import { mockLayer } from "./support.js"

// The shared hostile-response suite (packages/testkit), run against this vendor's every operation.
HostileSuite.hostileSuite({
  api: Api.TileDBApi,
  mockedService: (routes) => TileDBUsers.TileDBUsers.pipe(Effect.provide(mockLayer(routes)))
})
