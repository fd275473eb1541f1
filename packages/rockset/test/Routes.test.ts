import * as Calls from "@userkit/testkit/Calls"
import * as RoutesSuite from "@userkit/testkit/RoutesSuite"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { mocked } from "./helpers.js"

// The shared path-parameter suite (packages/testkit), its calls derived from the declaration.
Calls.callsSuite(Api.RocksetApi)

RoutesSuite.routesSuite({
  api: Api.RocksetApi,
  tag: RocksetUsers.RocksetUsers,
  basePath: "",
  mocked
})
