/**
 * The Astronomer Users API (Astro Core API `v1alpha1`, tag `User`), declared once: the client,
 * the fake Astronomer and the tests derive from these declarations. Every error status carries
 * Astronomer's `Error` body (`message`, `requestId`, `statusCode`).
 *
 * @since 0.1.0
 */
import * as CoreApi from "@userkit/core/Api"
import * as Endpoint from "@userkit/core/Endpoint"
import * as Models from "./Models.js"

/**
 * The error statuses of the operations that address one user (or the current user).
 *
 * @since 0.1.0
 * @category constants
 */
export const documentedStatuses = [400, 401, 403, 404, 500] as const

/**
 * The error statuses of the two listings: they document no 404.
 *
 * @since 0.1.0
 * @category constants
 */
export const listStatuses = [400, 401, 403, 500] as const

/**
 * The whole API. The request id comes from the error body, where Astronomer puts it.
 *
 * @since 0.1.0
 * @category api
 */
export const AstronomerApi = CoreApi.make({
  vendor: "Astronomer",
  errorBody: Models.Error,
  requestId: (body, headers) => body?.requestId ?? headers["x-request-id"],
  errorMessage: (body) => body?.message,
  operations: {
    /**
     * Removes a user from an organization. `DELETE /organizations/{organizationId}/users/{userId}`, answered
     * with 204.
     */
    deleteOrgUser: Endpoint.make({
      operationId: "DeleteOrgUser",
      method: "DELETE",
      path: "/organizations/{organizationId}/users/{userId}",
      successStatus: 204,
      errors: documentedStatuses,
      call: (organizationId: string, userId: string) => ({ params: { organizationId, userId } })
    }),
    /**
     * Removes a user from a workspace; the user stays in the organization.
     * `DELETE /organizations/{organizationId}/workspaces/{workspaceId}/users/{userId}`, answered with a
     * bare 200 (unlike the organization delete).
     */
    deleteWorkspaceUser: Endpoint.make({
      operationId: "DeleteWorkspaceUser",
      method: "DELETE",
      path: "/organizations/{organizationId}/workspaces/{workspaceId}/users/{userId}",
      errors: documentedStatuses,
      call: (organizationId: string, workspaceId: string, userId: string) => ({
        params: { organizationId, workspaceId, userId }
      })
    }),
    /** Retrieves the user the token belongs to, optionally creating it on first use. `GET /users/self` */
    getSelfUser: Endpoint.make({
      operationId: "GetSelfUser",
      method: "GET",
      path: "/users/self",
      query: Models.GetSelfUserOptions,
      success: Models.Self,
      errors: documentedStatuses,
      call: (options?: Models.GetSelfUserOptions) => ({ params: {}, query: options })
    }),
    /** Retrieves a user of an organization. `GET /organizations/{organizationId}/users/{userId}` */
    getUser: Endpoint.make({
      operationId: "GetUser",
      method: "GET",
      path: "/organizations/{organizationId}/users/{userId}",
      success: Models.User,
      errors: documentedStatuses,
      call: (organizationId: string, userId: string) => ({ params: { organizationId, userId } })
    }),
    /**
     * Lists one page of an organization's users (default offset 0, limit 20).
     * `GET /organizations/{organizationId}/users`
     */
    listOrgUsers: Endpoint.make({
      operationId: "ListOrgUsers",
      method: "GET",
      path: "/organizations/{organizationId}/users",
      query: Models.ListOrgUsersOptions,
      success: Models.UsersPaginated,
      errors: listStatuses,
      call: (organizationId: string, options?: Models.ListOrgUsersOptions) => ({
        params: { organizationId },
        query: options
      })
    }),
    /**
     * Lists one page of a workspace's users (default offset 0, limit 20).
     * `GET /organizations/{organizationId}/workspaces/{workspaceId}/users`
     */
    listWorkspaceUsers: Endpoint.make({
      operationId: "ListWorkspaceUsers",
      method: "GET",
      path: "/organizations/{organizationId}/workspaces/{workspaceId}/users",
      query: Models.ListWorkspaceUsersOptions,
      success: Models.UsersPaginated,
      errors: listStatuses,
      call: (organizationId: string, workspaceId: string, options?: Models.ListWorkspaceUsersOptions) => ({
        params: { organizationId, workspaceId },
        query: options
      })
    }),
    /** Sets a user's organization role. `POST /organizations/{organizationId}/users/{userId}/role` */
    mutateOrgUserRole: Endpoint.make({
      operationId: "MutateOrgUserRole",
      method: "POST",
      path: "/organizations/{organizationId}/users/{userId}/role",
      body: Models.MutateOrgUserRoleRequest,
      success: Models.UserRole,
      errors: documentedStatuses,
      call: (organizationId: string, userId: string, request: Models.MutateOrgUserRoleRequest) => ({
        params: { organizationId, userId },
        body: request
      })
    }),
    /**
     * Sets a user's workspace role, adding the user to the workspace if needed.
     * `POST /organizations/{organizationId}/workspaces/{workspaceId}/users/{userId}/role`
     */
    mutateWorkspaceUserRole: Endpoint.make({
      operationId: "MutateWorkspaceUserRole",
      method: "POST",
      path: "/organizations/{organizationId}/workspaces/{workspaceId}/users/{userId}/role",
      body: Models.MutateWorkspaceUserRoleRequest,
      success: Models.UserRole,
      errors: documentedStatuses,
      call: (
        organizationId: string,
        workspaceId: string,
        userId: string,
        request: Models.MutateWorkspaceUserRoleRequest
      ) => ({ params: { organizationId, workspaceId, userId }, body: request })
    })
  }
})

/**
 * The public name of an Astronomer operation.
 *
 * @since 0.2.0
 * @category models
 */
export type OperationName = CoreApi.OperationName<typeof AstronomerApi>
