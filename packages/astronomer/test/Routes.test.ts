import * as RoutesSuite from "@userkit/testkit/RoutesSuite"
import * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"
import { mockLayer } from "./helpers.js"

// The shared path-parameter suite (packages/testkit), with this vendor's calls.
RoutesSuite.routesSuite({
  api: Api.AstronomerApi,
  tag: AstronomerUsers.AstronomerUsers,
  basePath: Fake.basePath,
  mocked: mockLayer,
  // Each operation with path parameters, called with the given ids and otherwise valid input.
  byEndpoint: {
    deleteOrgUser: (users, p) => users.deleteOrgUser(p.organizationId, p.userId),
    deleteWorkspaceUser: (users, p) => users.deleteWorkspaceUser(p.organizationId, p.workspaceId, p.userId),
    getUser: (users, p) => users.getUser(p.organizationId, p.userId),
    listOrgUsers: (users, p) => users.listOrgUsers(p.organizationId),
    listWorkspaceUsers: (users, p) => users.listWorkspaceUsers(p.organizationId, p.workspaceId),
    mutateOrgUserRole: (users, p) =>
      users.mutateOrgUserRole(p.organizationId, p.userId, { role: "ORGANIZATION_MEMBER" }),
    mutateWorkspaceUserRole: (users, p) =>
      users.mutateWorkspaceUserRole(p.organizationId, p.workspaceId, p.userId, { role: "WORKSPACE_AUTHOR" })
  }
})
