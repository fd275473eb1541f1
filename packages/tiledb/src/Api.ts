/**
 * The TileDB Cloud Users API (REST v1, tag `user`, and `getOrganization` of tag `organization`,
 * the one operation that lists an organization's members), declared once: the client, the fake TileDB and
 * the tests derive from these declarations.
 *
 * Error statuses: every operation documents `502` and a catch-all `default` response whose body is
 * TileDB's `Error`; four also document a `404`. A `default` response can carry any status, so
 * each endpoint declares every status core has a class for ({@link defaultStatuses}): a 409 is
 * `Conflict`, a 404 `NotFound`, a 502 `BadGateway`, and a status without a class (418) is
 * `UnexpectedStatus`. What the spec lists explicitly is kept apart in {@link specifiedResponses}.
 *
 * @since 0.1.0
 */
import * as CoreApi from "@userkit/core/Api"
import * as Endpoint from "@userkit/core/Endpoint"
import type * as CoreErrors from "@userkit/core/Errors"
import * as Schema from "effect/Schema"
import * as Models from "./Models.js"

/**
 * The statuses TileDB's `default` error response maps to a class: every status core knows by
 * name (the same values as core's `Errors.knownStatuses`, as a literal tuple so that each
 * operation's error union names them).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultStatuses = [400, 401, 403, 404, 405, 406, 408, 409, 415, 429, 500, 501, 502, 503] as const

/**
 * The query of `getSession`: `remember_me` on the wire. The spec types it as a string flag
 * ("default is false"); it is a boolean here, sent as `true` or `false`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GetSessionQuery = Schema.Struct({
  rememberMe: Schema.optionalWith(Schema.BooleanFromString, { exact: true }).pipe(Schema.fromKey("remember_me"))
})

/**
 * The options of `getSession`: the decoded form of {@link GetSessionQuery}.
 *
 * @since 0.2.0
 * @category models
 */
export interface GetSessionOptions {
  /** A token valid for 30 days instead of 30 minutes. TileDB's default is `false`. */
  readonly rememberMe?: boolean
}

/**
 * The name of an operation.
 *
 * @since 0.1.0
 * @category models
 */
export type OperationName = CoreApi.OperationName<typeof TileDBApi>

/**
 * An error response as the spec lists it: a status, or `"default"` for the catch-all.
 *
 * @since 0.1.0
 * @category models
 */
export type SpecifiedResponse = CoreErrors.KnownStatus | "default"

/**
 * The whole API.
 *
 * @since 0.1.0
 * @category api
 */
export const TileDBApi = CoreApi.make({
  vendor: "TileDB",
  errorBody: Models.Error,
  requestId: (body, headers) => body?.request_id ?? headers["x-request-id"],
  errorMessage: (body) => body?.message,
  operations: {
    /** Stores AWS keys (or a service role) for a namespace. `POST /credentials/{namespace}/aws` */
    addAwsAccessCredentials: Endpoint.make({
      operationId: "addAWSAccessCredentials",
      method: "POST",
      path: "/credentials/{namespace}/aws",
      body: Models.AWSAccessCredentialsRequest,
      successStatus: 204,
      errors: defaultStatuses,
      call: (namespace: string, awsAccessCredentials: Models.AWSAccessCredentialsRequest) => ({
        params: { namespace },
        body: awsAccessCredentials
      })
    }),
    /** Adds a user to an organization. `POST /organizations/{organization}/user` */
    addUserToOrganization: Endpoint.make({
      method: "POST",
      path: "/organizations/{organization}/user",
      body: Models.OrganizationUser,
      successStatus: 204,
      errors: defaultStatuses,
      call: (organization: string, user: Models.OrganizationUser) => ({ params: { organization }, body: user })
    }),
    /** Lists the AWS credentials of a namespace; secret keys are never returned. `GET /credentials/{namespace}/aws` */
    checkAwsAccessCredentials: Endpoint.make({
      operationId: "checkAWSAccessCredentials",
      method: "GET",
      path: "/credentials/{namespace}/aws",
      success: Schema.Array(Models.AWSAccessCredentials),
      errors: defaultStatuses,
      call: (namespace: string) => ({ params: { namespace } })
    }),
    /**
     * Reads one AWS credential of a namespace by name; the secret key is never returned.
     * `GET /credentials/{namespace}/aws/{name}`
     */
    checkAwsAccessCredentialsByName: Endpoint.make({
      operationId: "checkAWSAccessCredentialsByName",
      method: "GET",
      path: "/credentials/{namespace}/aws/{name}",
      success: Models.AWSAccessCredentials,
      errors: defaultStatuses,
      call: (namespace: string, name: string) => ({ params: { namespace, name } })
    }),
    /** Confirms the caller's email. `POST /user/confirm_email` */
    confirmEmail: Endpoint.make({
      method: "POST",
      path: "/user/confirm_email",
      successStatus: 204,
      errors: defaultStatuses
    }),
    /** Signs a user up. `POST /user`, sent without credentials (`security: []` in the spec). */
    createUser: Endpoint.make({
      method: "POST",
      path: "/user",
      body: Models.UserRequest,
      successStatus: 204,
      errors: defaultStatuses,
      authenticated: false,
      call: (user: Models.UserRequest) => ({ params: {}, body: user })
    }),
    /**
     * Deletes an AWS credential of a namespace; arrays that used it may become unreachable.
     * `DELETE /credentials/{namespace}/aws/{name}`
     */
    deleteAwsAccessCredentials: Endpoint.make({
      operationId: "deleteAWSAccessCredentials",
      method: "DELETE",
      path: "/credentials/{namespace}/aws/{name}",
      successStatus: 204,
      errors: defaultStatuses,
      call: (namespace: string, name: string) => ({ params: { namespace, name } })
    }),
    /** Deletes a user, by username or id. `DELETE /users/{username}` */
    deleteUser: Endpoint.make({
      method: "DELETE",
      path: "/users/{username}",
      successStatus: 204,
      errors: defaultStatuses,
      call: (username: string) => ({ params: { username } })
    }),
    /** Removes a user from an organization. `DELETE /organizations/{organization}/{username}` */
    deleteUserFromOrganization: Endpoint.make({
      method: "DELETE",
      path: "/organizations/{organization}/{username}",
      successStatus: 204,
      errors: defaultStatuses,
      call: (organization: string, username: string) => ({ params: { organization, username } })
    }),
    /**
     * Reads an organization, by name or id, with its members in `users`; `NotFound` when there is
     * none. `GET /organizations/{organization}` (tag `organization`)
     */
    getOrganization: Endpoint.make({
      method: "GET",
      path: "/organizations/{organization}",
      success: Models.Organization,
      errors: defaultStatuses,
      call: (organization: string) => ({ params: { organization } })
    }),
    /**
     * Reads a user's membership of an organization; `NotFound` when they are not a member.
     * `GET /organizations/{organization}/{username}`
     */
    getOrganizationUser: Endpoint.make({
      method: "GET",
      path: "/organizations/{organization}/{username}",
      success: Models.OrganizationUser,
      errors: defaultStatuses,
      call: (organization: string, username: string) => ({ params: { organization, username } })
    }),
    /** Issues a session token for the caller. `GET /session` */
    getSession: Endpoint.make({
      method: "GET",
      path: "/session",
      query: GetSessionQuery,
      success: Models.Token,
      errors: defaultStatuses,
      call: (options?: GetSessionOptions) => ({ params: {}, query: options })
    }),
    /** Lists the token scopes the caller may request. `GET /tokens/scopes` */
    getTokenScopes: Endpoint.make({
      method: "GET",
      path: "/tokens/scopes",
      success: Schema.Array(Models.TokenScope),
      errors: defaultStatuses
    }),
    /** Reads the user the credentials belong to. `GET /user`: the user the credentials belong to. */
    getUser: Endpoint.make({
      method: "GET",
      path: "/user",
      success: Models.User,
      errors: defaultStatuses
    }),
    /** Reads a user by username or id; `NotFound` when there is none. `GET /users/{username}` */
    getUserWithUsername: Endpoint.make({
      method: "GET",
      path: "/users/{username}",
      success: Models.User,
      errors: defaultStatuses,
      call: (username: string) => ({ params: { username } })
    }),
    /** Issues an API token; without a request, one of every scope that expires in 30 minutes. `POST /token` */
    requestToken: Endpoint.make({
      method: "POST",
      path: "/token",
      body: Models.TokenRequest,
      success: Models.Token,
      errors: defaultStatuses,
      call: (tokenRequest?: Models.TokenRequest) => ({ params: {}, body: tokenRequest ?? {} })
    }),
    /** Changes the caller's password. `POST /user/password_reset` */
    resetUserPassword: Endpoint.make({
      method: "POST",
      path: "/user/password_reset",
      body: Models.ResetUserPasswordRequest,
      successStatus: 204,
      errors: defaultStatuses,
      call: (user: Models.ResetUserPasswordRequest) => ({ params: {}, body: user })
    }),
    /**
     * Revokes a token, by its name or by the token itself. `DELETE /tokens/{token}` (the token's name, or the
     * token itself)
     */
    revokeToken: Endpoint.make({
      method: "DELETE",
      path: "/tokens/{token}",
      successStatus: 204,
      // The token revoked is itself a credential.
      secretParams: ["token"],
      errors: defaultStatuses,
      call: (token: string) => ({ params: { token } })
    }),
    /**
     * Lists the caller's tokens, session tokens excepted. `GET /tokens`: the caller's tokens, session tokens
     * excepted.
     */
    tokensGet: Endpoint.make({
      operationId: "GET /tokens",
      method: "GET",
      path: "/tokens",
      success: Schema.Array(Models.Token),
      errors: defaultStatuses
    }),
    /** Lists the caller's session tokens. `GET /tokens/session`: the caller's session tokens. */
    tokensSessionGet: Endpoint.make({
      operationId: "GET /tokens/session",
      method: "GET",
      path: "/tokens/session",
      success: Schema.Array(Models.Token),
      errors: defaultStatuses
    }),
    /** Updates an AWS credential (keys or buckets) of a namespace. `PATCH /credentials/{namespace}/aws/{name}` */
    updateAwsAccessCredentials: Endpoint.make({
      operationId: "updateAWSAccessCredentials",
      method: "PATCH",
      path: "/credentials/{namespace}/aws/{name}",
      body: Models.AWSAccessCredentialsRequest,
      successStatus: 204,
      errors: defaultStatuses,
      call: (
        namespace: string,
        name: string,
        awsAccessCredentials: Models.AWSAccessCredentialsRequest
      ) => ({ params: { namespace, name }, body: awsAccessCredentials })
    }),
    /** Updates a user, by username or id. The spec requires `username` in the body. `PATCH /users/{username}` */
    updateUser: Endpoint.make({
      method: "PATCH",
      path: "/users/{username}",
      body: Models.UserRequest,
      successStatus: 204,
      errors: defaultStatuses,
      call: (username: string, user: Models.UserRequest) => ({ params: { username }, body: user })
    }),
    /** Updates a user's role or actions in an organization. `PATCH /organizations/{organization}/{username}` */
    updateUserInOrganization: Endpoint.make({
      method: "PATCH",
      path: "/organizations/{organization}/{username}",
      body: Models.OrganizationUser,
      successStatus: 204,
      errors: defaultStatuses,
      call: (organization: string, username: string, user: Models.OrganizationUser) => ({
        params: { organization, username },
        body: user
      })
    })
  }
})

const withNotFound: ReadonlyArray<SpecifiedResponse> = [404, 502, "default"]
const gatewayAndDefault: ReadonlyArray<SpecifiedResponse> = [502, "default"]
const namingNotFound: ReadonlyArray<string> = [
  "getOrganization",
  "getOrganizationUser",
  "getUserWithUsername",
  "resetUserPassword"
]

function responsesOf<Ops extends object>(
  operations: Ops
): { readonly [Name in keyof Ops]: ReadonlyArray<SpecifiedResponse> }
function responsesOf(operations: object): Readonly<Record<string, ReadonlyArray<SpecifiedResponse>>> {
  return Object.fromEntries(
    Object.keys(operations).map((name) => [name, namingNotFound.includes(name) ? withNotFound : gatewayAndDefault])
  )
}

/**
 * The error responses the spec lists explicitly for each operation, before the `default`
 * response is expanded into {@link defaultStatuses}: `404` for the four operations that name it,
 * `502` and `default` for all.
 *
 * @since 0.1.0
 * @category constants
 */
export const specifiedResponses = responsesOf(TileDBApi.operations)
