import * as Calls from "@userkit/testkit/Calls"
import * as RoutesSuite from "@userkit/testkit/RoutesSuite"
import * as Api from "../src/Api.js"
import * as Fake from "../src/Fake.js"
import * as TileDBUsers from "../src/TileDBUsers.js"
import { mockLayer } from "./support.js"

// The shared path-parameter suite (packages/testkit), its calls derived from the declaration.
Calls.callsSuite(Api.TileDBApi)

RoutesSuite.routesSuite({
  api: Api.TileDBApi,
  tag: TileDBUsers.TileDBUsers,
  basePath: Fake.basePath,
  mocked: mockLayer
})
