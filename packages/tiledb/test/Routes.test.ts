import * as RoutesSuite from "@userkit/testkit/RoutesSuite"
import * as Api from "../src/Api.js"
import * as Fake from "../src/Fake.js"
import * as TileDBUsers from "../src/TileDBUsers.js"
import { mockLayer } from "./support.js"

// The shared path-parameter suite (packages/testkit), with this vendor's calls.
RoutesSuite.routesSuite({
  api: Api.TileDBApi,
  tag: TileDBUsers.TileDBUsers,
  basePath: Fake.basePath,
  mocked: mockLayer,
  // Each operation with path parameters, called with the given ids and otherwise valid input.
  byEndpoint: {
    addAwsAccessCredentials: (users, p) => users.addAwsAccessCredentials(p.namespace, { name: "main" }),
    addUserToOrganization: (users, p) =>
      users.addUserToOrganization(p.organization, { username: "ada", role: "read_write" }),
    checkAwsAccessCredentials: (users, p) => users.checkAwsAccessCredentials(p.namespace),
    checkAwsAccessCredentialsByName: (users, p) => users.checkAwsAccessCredentialsByName(p.namespace, p.name),
    deleteAwsAccessCredentials: (users, p) => users.deleteAwsAccessCredentials(p.namespace, p.name),
    deleteUser: (users, p) => users.deleteUser(p.username),
    deleteUserFromOrganization: (users, p) => users.deleteUserFromOrganization(p.organization, p.username),
    getOrganizationUser: (users, p) => users.getOrganizationUser(p.organization, p.username),
    getUserWithUsername: (users, p) => users.getUserWithUsername(p.username),
    revokeToken: (users, p) => users.revokeToken(p.token),
    updateAwsAccessCredentials: (users, p) =>
      users.updateAwsAccessCredentials(p.namespace, p.name, { buckets: ["s3://bucket/a/"] }),
    updateUser: (users, p) => users.updateUser(p.username, { username: "ada" }),
    updateUserInOrganization: (users, p) =>
      users.updateUserInOrganization(p.organization, p.username, { role: "admin" })
  }
})
