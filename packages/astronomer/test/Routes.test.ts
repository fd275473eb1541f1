import * as Calls from "@userkit/testkit/Calls"
import * as RoutesSuite from "@userkit/testkit/RoutesSuite"
import * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"
import { mockLayer } from "./helpers.js"

// The shared path-parameter suite (packages/testkit), its calls derived from the declaration.
Calls.callsSuite(Api.AstronomerApi)

RoutesSuite.routesSuite({
  api: Api.AstronomerApi,
  tag: AstronomerUsers.AstronomerUsers,
  basePath: Fake.basePath,
  mocked: mockLayer
})
