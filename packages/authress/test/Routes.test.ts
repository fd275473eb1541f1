import * as RoutesSuite from "@userkit/testkit/RoutesSuite"
import * as Api from "../src/Api.js"
import * as AuthressUsers from "../src/AuthressUsers.js"
import { mocked } from "./helpers.js"

// The shared path-parameter suite (packages/testkit), with this vendor's calls.
RoutesSuite.routesSuite({
  api: Api.AuthressApi,
  tag: AuthressUsers.AuthressUsers,
  basePath: "",
  mocked: mocked,
  // Each operation with path parameters, called with the given ids and otherwise valid input.
  byEndpoint: {
    deleteUser: (users, p) => users.deleteUser(p.userId),
    getUser: (users, p) => users.getUser(p.userId),
    linkTenantUser: (users, p) => users.linkTenantUser(p.tenantId, { userId: "oauth|ada" })
  }
})
