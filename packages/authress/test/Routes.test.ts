import * as Calls from "@userkit/testkit/Calls"
import * as RoutesSuite from "@userkit/testkit/RoutesSuite"
import * as Api from "../src/Api.js"
import * as AuthressUsers from "../src/AuthressUsers.js"
import { mocked } from "./helpers.js"

// The shared path-parameter suite (packages/testkit), its calls derived from the declaration.
Calls.callsSuite(Api.AuthressApi)

RoutesSuite.routesSuite({
  api: Api.AuthressApi,
  tag: AuthressUsers.AuthressUsers,
  basePath: "",
  mocked: mocked
})
