import * as RoutesSuite from "@userkit/testkit/RoutesSuite"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { mocked } from "./helpers.js"

// The shared path-parameter suite (packages/testkit), with this vendor's calls.
RoutesSuite.routesSuite({
  api: Api.RocksetApi,
  tag: RocksetUsers.RocksetUsers,
  basePath: "",
  mocked: (routes) => mocked(routes),
  // Each operation with path parameters, called with the given ids and otherwise valid input.
  byEndpoint: {
    delete: (users, p) => users.delete(p.user),
    get: (users, p) => users.get(p.user),
    update: (users, p) => users.update(p.user, {})
  }
})
