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
 * `DELETE /v1/users/{userId}`: accepted (202); the deletion completes asynchronously.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const deleteUser = Endpoint.make({
  name: "deleteUser",
  method: "DELETE",
  path: "/v1/users/{userId}",
  successStatus: 202,
  errors: [401, 403, 404]
})

/**
 * `GET /v1/users/{userId}`
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getUser = Endpoint.make({
  name: "getUser",
  method: "GET",
  path: "/v1/users/{userId}",
  success: Models.UserIdentity,
  accept: linksJson,
  errors: [401, 403, 404]
})

/**
 * `GET /v1/users?limit&cursor&filter&tenantId`
 *
 * @since 0.1.0
 * @category endpoints
 */
export const getUsers = Endpoint.make({
  name: "getUsers",
  method: "GET",
  path: "/v1/users",
  query: Models.GetUsersOptions,
  success: Models.UserIdentityCollection,
  accept: linksJson,
  errors: [401, 403]
})

/**
 * `PATCH /v1/tenants/{tenantId}/users`: links a user to a tenant (204). A 404 means the tenant
 * does not exist.
 *
 * @since 0.1.0
 * @category endpoints
 */
export const linkTenantUser = Endpoint.make({
  name: "linkTenantUser",
  method: "PATCH",
  path: "/v1/tenants/{tenantId}/users",
  body: Models.TenantUser,
  successStatus: 204,
  errors: [401, 403, 404]
})

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
  endpoints: [deleteUser, getUser, getUsers, linkTenantUser]
})
