import { assert, describe, it } from "@effect/vitest"
import * as CoreErrors from "@userkit/core/Errors"
import * as Api from "@userkit/tiledb/Api"

// The seed's 22 operations: camelCase name, method and route (relative to the /v1 base path).
const seed: ReadonlyArray<readonly [Api.OperationName, string, string]> = [
  ["addAwsAccessCredentials", "POST", "/credentials/{namespace}/aws"],
  ["addUserToOrganization", "POST", "/organizations/{organization}/user"],
  ["checkAwsAccessCredentials", "GET", "/credentials/{namespace}/aws"],
  ["checkAwsAccessCredentialsByName", "GET", "/credentials/{namespace}/aws/{name}"],
  ["confirmEmail", "POST", "/user/confirm_email"],
  ["createUser", "POST", "/user"],
  ["deleteAwsAccessCredentials", "DELETE", "/credentials/{namespace}/aws/{name}"],
  ["deleteUser", "DELETE", "/users/{username}"],
  ["deleteUserFromOrganization", "DELETE", "/organizations/{organization}/{username}"],
  ["getOrganizationUser", "GET", "/organizations/{organization}/{username}"],
  ["getSession", "GET", "/session"],
  ["getTokenScopes", "GET", "/tokens/scopes"],
  ["getUser", "GET", "/user"],
  ["getUserWithUsername", "GET", "/users/{username}"],
  ["requestToken", "POST", "/token"],
  ["resetUserPassword", "POST", "/user/password_reset"],
  ["revokeToken", "DELETE", "/tokens/{token}"],
  ["tokensGet", "GET", "/tokens"],
  ["tokensSessionGet", "GET", "/tokens/session"],
  ["updateAwsAccessCredentials", "PATCH", "/credentials/{namespace}/aws/{name}"],
  ["updateUser", "PATCH", "/users/{username}"],
  ["updateUserInOrganization", "PATCH", "/organizations/{organization}/{username}"]
]

describe("Api", () => {
  it("declares the seed's 22 operations with their methods and routes, each under its key", () => {
    const declared = Api.TileDBApi.endpoints.map((endpoint) => [endpoint.name, endpoint.method, endpoint.path])
    for (const operation of seed) assert.deepInclude(declared, [...operation])
    for (const [name, endpoint] of Object.entries(Api.TileDBApi.operations)) assert.strictEqual(endpoint.name, name)
  })

  it("maps the default response to every status core has a class for", () => {
    assert.deepStrictEqual([...Api.defaultStatuses], [...CoreErrors.knownStatuses])
    for (const endpoint of Api.TileDBApi.endpoints) assert.deepStrictEqual(endpoint.errors, Api.defaultStatuses)
  })

  it("keeps what the spec lists explicitly: 502 and default everywhere, 404 on four operations", () => {
    const withNotFound = Object.entries(Api.specifiedResponses)
      .filter(([, responses]) => responses.includes(404))
      .map(([name]) => name)
    assert.deepStrictEqual(withNotFound, [
      "getOrganization",
      "getOrganizationUser",
      "getUserWithUsername",
      "resetUserPassword"
    ])
    for (const [name, responses] of Object.entries(Api.specifiedResponses)) {
      assert.include(responses, 502, name)
      assert.include(responses, "default", name)
      const endpoint = Api.TileDBApi.endpoints.find((candidate) => candidate.name === name)
      // Every explicit status is also a declared one, so it is typed.
      for (const response of responses) {
        if (response !== "default") assert.include(endpoint?.errors ?? [], response, `${name} ${response}`)
      }
    }
  })

  it("sends createUser alone without credentials, and declares the success statuses", () => {
    assert.deepStrictEqual(
      Api.TileDBApi.endpoints.filter((endpoint) => !endpoint.authenticated).map((endpoint) => endpoint.name),
      ["createUser"]
    )
    const withBody = Api.TileDBApi.endpoints.filter((endpoint) => endpoint.expectsBody).map((endpoint) => [
      endpoint.name,
      endpoint.successStatus
    ])
    assert.deepStrictEqual(withBody, [
      ["checkAwsAccessCredentials", 200],
      ["checkAwsAccessCredentialsByName", 200],
      ["getOrganization", 200],
      ["getOrganizationUser", 200],
      ["getSession", 200],
      ["getTokenScopes", 200],
      ["getUser", 200],
      ["getUserWithUsername", 200],
      ["requestToken", 200],
      ["tokensGet", 200],
      ["tokensSessionGet", 200]
    ])
    for (const endpoint of Api.TileDBApi.endpoints) {
      if (!endpoint.expectsBody) assert.strictEqual(endpoint.successStatus, 204, endpoint.name)
    }
  })
})
