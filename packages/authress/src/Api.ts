/**
 * The Authress Users API, declared once: the client, the fake Authress and the tests derive from
 * these declarations. Each operation lists exactly the error statuses Authress documents for it;
 * none of them declares an error body, so the JS SDK's `ResponseError` is read when one comes.
 *
 * @since 0.1.0
 */
import * as CoreApi from "@userkit/core/Api"
import * as Endpoint from "@userkit/core/Endpoint"
import * as Models from "./Models.js"

/**
 * The media type Authress answers reads with; its Python and Go SDKs ask for it.
 *
 * @since 0.1.0
 * @category constants
 */
export const linksJson = "application/links+json"

/**
 * The whole API.
 *
 * @since 0.1.0
 * @category api
 */
export const AuthressApi = CoreApi.make({
  vendor: "Authress",
  errorBody: Models.ResponseError,
  requestId: (body, headers) => body?.errorId ?? headers["x-request-id"],
  errorMessage: (body) => body?.title,
  operations: {
    /**
     * Deletes a user and all access granted to them. `DELETE /v1/users/{userId}`: accepted (202); the
     * deletion completes asynchronously.
     */
    deleteUser: Endpoint.make({
      method: "DELETE",
      path: "/v1/users/{userId}",
      successStatus: 202,
      errors: [401, 403, 404],
      call: (userId: string) => ({ params: { userId } })
    }),
    /** Retrieves a user. `GET /v1/users/{userId}` */
    getUser: Endpoint.make({
      method: "GET",
      path: "/v1/users/{userId}",
      success: Models.UserIdentity,
      accept: linksJson,
      errors: [401, 403, 404],
      call: (userId: string) => ({ params: { userId } })
    }),
    /**
     * Retrieves one page of users; follow `pagination.next.cursor` for the next.
     * `GET /v1/users?limit&cursor&filter&tenantId`
     */
    getUsers: Endpoint.make({
      method: "GET",
      path: "/v1/users",
      query: Models.GetUsersOptions,
      success: Models.UserIdentityCollection,
      accept: linksJson,
      errors: [401, 403],
      call: (options?: Models.GetUsersOptions) => ({ params: {}, query: options })
    }),
    /**
     * Links an existing user to an existing tenant. `PATCH /v1/tenants/{tenantId}/users`: answered with
     * 204. A 404 means the tenant does not exist.
     */
    linkTenantUser: Endpoint.make({
      method: "PATCH",
      path: "/v1/tenants/{tenantId}/users",
      body: Models.TenantUser,
      successStatus: 204,
      errors: [401, 403, 404],
      call: (tenantId: string, tenantUser: Models.TenantUser) => ({ params: { tenantId }, body: tenantUser })
    })
  }
})

/**
 * The public name of an Authress operation.
 *
 * @since 0.2.0
 * @category models
 */
export type OperationName = CoreApi.OperationName<typeof AuthressApi>
