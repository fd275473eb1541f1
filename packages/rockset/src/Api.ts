/**
 * The Rockset Users API, declared once: the client, the fake Rockset and the tests derive from
 * these declarations. Every operation documents the same fourteen error statuses, each with
 * Rockset's `ErrorModel` body.
 *
 * @since 0.1.0
 */
import * as CoreApi from "@userkit/core/Api"
import * as Endpoint from "@userkit/core/Endpoint"
import * as Models from "./Models.js"

/**
 * The error statuses every Rockset Users operation documents.
 *
 * @since 0.1.0
 * @category constants
 */
export const documentedStatuses = [400, 401, 403, 404, 405, 406, 408, 409, 415, 429, 500, 501, 502, 503] as const

/**
 * The whole API.
 *
 * @since 0.1.0
 * @category api
 */
export const RocksetApi = CoreApi.make({
  vendor: "Rockset",
  errorBody: Models.ErrorModel,
  requestId: (body, headers) => body?.trace_id ?? body?.error_id ?? headers["x-request-id"],
  errorMessage: (body) => body?.message,
  operations: {
    /** Creates (invites) a user. Fails with `Conflict` when the email is taken. `POST /v1/orgs/self/users` */
    create: Endpoint.make({
      operationId: "createUser",
      method: "POST",
      path: "/v1/orgs/self/users",
      body: Models.CreateUserRequest,
      success: Models.CreateUserResponse,
      errors: documentedStatuses,
      call: (request: Models.CreateUserRequest) => ({ params: {}, body: request })
    }),
    /** Deletes a user, answering with the user deleted. `DELETE /v1/orgs/self/users/{user}` */
    delete: Endpoint.make({
      operationId: "deleteUser",
      method: "DELETE",
      path: "/v1/orgs/self/users/{user}",
      success: Models.DeleteUserResponse,
      errors: documentedStatuses,
      call: (user: string) => ({ params: { user } })
    }),
    /** Retrieves a user by email. `GET /v1/orgs/self/users/{user}` */
    get: Endpoint.make({
      operationId: "getUser",
      method: "GET",
      path: "/v1/orgs/self/users/{user}",
      success: Models.User,
      errors: documentedStatuses,
      call: (user: string) => ({ params: { user } })
    }),
    /** Retrieves the user the API key belongs to. `GET /v1/orgs/self/users/self` */
    getCurrentUser: Endpoint.make({
      method: "GET",
      path: "/v1/orgs/self/users/self",
      success: Models.User,
      errors: documentedStatuses
    }),
    /** Lists every user of the organization. `GET /v1/orgs/self/users` */
    list: Endpoint.make({
      operationId: "listUsers",
      method: "GET",
      path: "/v1/orgs/self/users",
      success: Models.ListUsersResponse,
      errors: documentedStatuses
    }),
    /** Lists the notifications the current user is unsubscribed from. `GET /v1/orgs/self/users/self/preferences` */
    listUnsubscribePreferences: Endpoint.make({
      method: "GET",
      path: "/v1/orgs/self/users/self/preferences",
      success: Models.ListUnsubscribePreferencesResponse,
      errors: documentedStatuses
    }),
    /**
     * Updates a user's names or roles; fields left out are unchanged. `POST /v1/orgs/self/users/{user}`
     * (Rockset updates with POST; the answer is the bare user).
     */
    update: Endpoint.make({
      operationId: "updateUser",
      method: "POST",
      path: "/v1/orgs/self/users/{user}",
      body: Models.UpdateUserRequest,
      success: Models.User,
      errors: documentedStatuses,
      call: (user: string, request: Models.UpdateUserRequest) => ({ params: { user }, body: request })
    }),
    /** Replaces the current user's notification preferences. `POST /v1/orgs/self/users/self/preferences` */
    updateUnsubscribePreferences: Endpoint.make({
      method: "POST",
      path: "/v1/orgs/self/users/self/preferences",
      body: Models.UpdateUnsubscribePreferencesRequest,
      success: Models.UpdateUnsubscribePreferencesResponse,
      errors: documentedStatuses,
      call: (request: Models.UpdateUnsubscribePreferencesRequest) => ({ params: {}, body: request })
    })
  }
})

/**
 * The public name of a Rockset operation.
 *
 * @since 0.2.0
 * @category models
 */
export type OperationName = CoreApi.OperationName<typeof RocksetApi>
