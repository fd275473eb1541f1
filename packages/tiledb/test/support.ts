import * as MockHttpClient from "@userkit/core/MockHttpClient"
import type * as Api from "@userkit/tiledb/Api"
import type * as Errors from "@userkit/tiledb/Errors"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

// Distinctive secrets, so that a test can search any output for them.
export const apiKey = "tdb-api-key-5f0c2e9a"
export const basicUsername = "basic-user"
export const basicPassword = "basic-pass-7d1b4c3e"
export const userPassword = "user-pass-2a8e6f0d"
export const awsSecret = "aws-secret-9c4d7b1f"

export const secrets = [apiKey, basicPassword, userPassword, awsSecret] as const

/** The service over a scripted transport, without retries unless given. */
export const mockLayer = (
  routes: ReadonlyArray<MockHttpClient.MockRoute>,
  options: TileDBUsers.Options = { apiKey: Redacted.make(apiKey) }
) =>
  Layer.scoped(TileDBUsers.TileDBUsers, TileDBUsers.make({ retry: false, rateLimit: false, ...options })).pipe(
    Layer.provideMerge(MockHttpClient.layer(routes))
  )

/** A TileDB error body, with a field the schema does not know. */
export const errorBody = (status: number) => ({
  code: status * 10,
  message: `failure ${status}`,
  request_id: `req-${status}`,
  trace: "ignored"
})

/** A call of an operation with valid input, ids that need percent-encoding, and what it must send. */
export interface Sample {
  readonly call: (users: TileDBUsers.TileDBUsersService) => Effect.Effect<unknown, Errors.TileDBInputError>
  readonly method: string
  /** The path as sent, percent-encoded, base path included. */
  readonly path: string
  readonly search?: string
  /** The JSON body as sent, or `undefined` for none. */
  readonly body?: unknown
  /** Whether the credentials are sent. */
  readonly authenticated?: false
  /** A success response the operation decodes. */
  readonly response: () => Response
}

const noContent = () => MockHttpClient.empty(204)

/**
 * What some operations must send, to the byte: the shared suites call every operation with input
 * derived from its declaration; these pin the wire shape and carry the secrets the leak tests
 * look for.
 */
export const samples = {
  addAwsAccessCredentials: {
    call: (users) =>
      users.addAwsAccessCredentials("team a/b", {
        name: "main",
        access_key_id: "AKIA1",
        secret_access_key: Redacted.make(awsSecret),
        buckets: ["s3://bucket/a/"],
        default: true
      }),
    method: "POST",
    path: "/v1/credentials/team%20a%2Fb/aws",
    body: {
      name: "main",
      access_key_id: "AKIA1",
      secret_access_key: awsSecret,
      buckets: ["s3://bucket/a/"],
      default: true
    },
    response: noContent
  },
  addUserToOrganization: {
    call: (users) => users.addUserToOrganization("org#1", { username: "ada", role: "read_write" }),
    method: "POST",
    path: "/v1/organizations/org%231/user",
    body: { username: "ada", role: "read_write" },
    response: noContent
  },
  checkAwsAccessCredentials: {
    call: (users) => users.checkAwsAccessCredentials("team a/b"),
    method: "GET",
    path: "/v1/credentials/team%20a%2Fb/aws",
    response: () => MockHttpClient.json(200, [])
  },
  checkAwsAccessCredentialsByName: {
    call: (users) => users.checkAwsAccessCredentialsByName("team a/b", "key?1"),
    method: "GET",
    path: "/v1/credentials/team%20a%2Fb/aws/key%3F1",
    response: () => MockHttpClient.json(200, { name: "key?1" })
  },
  confirmEmail: {
    call: (users) => users.confirmEmail(),
    method: "POST",
    path: "/v1/user/confirm_email",
    response: noContent
  },
  createUser: {
    call: (users) => users.createUser({ username: "ada.l-1", password: Redacted.make(userPassword), name: "Ada" }),
    method: "POST",
    path: "/v1/user",
    body: { username: "ada.l-1", password: userPassword, name: "Ada" },
    authenticated: false,
    response: noContent
  },
  deleteAwsAccessCredentials: {
    call: (users) => users.deleteAwsAccessCredentials("team a/b", "key?1"),
    method: "DELETE",
    path: "/v1/credentials/team%20a%2Fb/aws/key%3F1",
    response: noContent
  },
  deleteUser: {
    call: (users) => users.deleteUser("a/../admin"),
    method: "DELETE",
    path: "/v1/users/a%2F..%2Fadmin",
    response: noContent
  },
  deleteUserFromOrganization: {
    call: (users) => users.deleteUserFromOrganization("org#1", "ada&bob"),
    method: "DELETE",
    path: "/v1/organizations/org%231/ada%26bob",
    response: noContent
  },
  getOrganizationUser: {
    call: (users) => users.getOrganizationUser("org#1", "ada&bob"),
    method: "GET",
    path: "/v1/organizations/org%231/ada%26bob",
    response: () => MockHttpClient.json(200, { username: "ada&bob" })
  },
  getSession: {
    call: (users) => users.getSession({ rememberMe: true }),
    method: "GET",
    path: "/v1/session",
    search: "?remember_me=true",
    response: () => MockHttpClient.json(200, { name: "session" })
  },
  getTokenScopes: {
    call: (users) => users.getTokenScopes(),
    method: "GET",
    path: "/v1/tokens/scopes",
    response: () => MockHttpClient.json(200, ["*"])
  },
  getUser: {
    call: (users) => users.getUser(),
    method: "GET",
    path: "/v1/user",
    response: () => MockHttpClient.json(200, { username: "ada" })
  },
  getUserWithUsername: {
    call: (users) => users.getUserWithUsername("ada?x=1#f"),
    method: "GET",
    path: "/v1/users/ada%3Fx%3D1%23f",
    response: () => MockHttpClient.json(200, { username: "ada" })
  },
  requestToken: {
    call: (users) =>
      users.requestToken({ name: "ci", expires: new Date("2030-01-02T03:04:05.000Z"), scope: ["user:read"] }),
    method: "POST",
    path: "/v1/token",
    body: { name: "ci", expires: "2030-01-02T03:04:05.000Z", scope: ["user:read"] },
    response: () => MockHttpClient.json(200, { name: "ci" })
  },
  resetUserPassword: {
    call: (users) => users.resetUserPassword({ password: Redacted.make(userPassword) }),
    method: "POST",
    path: "/v1/user/password_reset",
    body: { password: userPassword },
    response: noContent
  },
  revokeToken: {
    call: (users) => users.revokeToken("my token/1"),
    method: "DELETE",
    path: "/v1/tokens/my%20token%2F1",
    response: noContent
  },
  tokensGet: {
    call: (users) => users.tokensGet(),
    method: "GET",
    path: "/v1/tokens",
    response: () => MockHttpClient.json(200, [])
  },
  tokensSessionGet: {
    call: (users) => users.tokensSessionGet(),
    method: "GET",
    path: "/v1/tokens/session",
    response: () => MockHttpClient.json(200, [])
  },
  updateAwsAccessCredentials: {
    call: (users) => users.updateAwsAccessCredentials("team a/b", "key?1", { buckets: ["s3://bucket/b/"] }),
    method: "PATCH",
    path: "/v1/credentials/team%20a%2Fb/aws/key%3F1",
    body: { buckets: ["s3://bucket/b/"] },
    response: noContent
  },
  updateUser: {
    call: (users) => users.updateUser("ada", { username: "ada", company: "TileDB" }),
    method: "PATCH",
    path: "/v1/users/ada",
    body: { username: "ada", company: "TileDB" },
    response: noContent
  },
  updateUserInOrganization: {
    call: (users) => users.updateUserInOrganization("org#1", "ada&bob", { role: "admin", allowed_actions: ["read"] }),
    method: "PATCH",
    path: "/v1/organizations/org%231/ada%26bob",
    body: { role: "admin", allowed_actions: ["read"] },
    response: noContent
  }
} satisfies { readonly [Name in Api.OperationName]?: Sample }
