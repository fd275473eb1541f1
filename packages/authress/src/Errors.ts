/**
 * The failures of the Authress client: each operation's documented statuses (carrying the decoded
 * `ResponseError` body when Authress sends one), what any call can fail with, and the access key
 * rejected when the layer is built.
 *
 * @since 0.1.0
 */
import type * as CoreApi from "@userkit/core/Api"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as Api from "./Api.js"
import type * as Models from "./Models.js"

/**
 * What any call can fail with besides its documented statuses (and, with input, validation).
 *
 * @since 0.1.0
 * @category errors
 */
export * from "@userkit/core/CallErrors"

/**
 * The classes of the documented statuses, generic over the body: here `ResponseError`.
 *
 * @since 0.1.0
 * @category errors
 */
export { Forbidden, NotFound, Unauthorized } from "@userkit/core/Errors"

/**
 * The access key the layer was given cannot be used.
 *
 * @since 0.1.0
 * @category errors
 */
export { InvalidAccessKey } from "./ServiceClientToken.js"

/**
 * What a declared Authress operation can fail with, read off its declaration.
 *
 * @since 0.1.0
 * @category models
 */
export type OperationError<E> = CoreApi.EndpointFailure<E, Models.ResponseError>

/**
 * The exact failure of an Authress operation, by name, derived from its declaration.
 *
 * @since 0.2.0
 * @category errors
 */
export type AuthressFailure<Name extends Api.OperationName> = CoreApi.Failure<typeof Api.AuthressApi, Name>

/**
 * The failure of a documented status, e.g. `AuthressStatusError<404>` is `NotFound<ResponseError>`.
 *
 * @since 0.1.0
 * @category errors
 */
export type AuthressStatusError<S extends 401 | 403 | 404 = 401 | 403 | 404> = CoreErrors.StatusErrors<
  Models.ResponseError
>[S]

/**
 * `deleteUser`: 401, 403, 404 (the user does not exist).
 *
 * @since 0.1.0
 * @category errors
 */
export type DeleteUserError = AuthressFailure<"deleteUser">

/**
 * `getUser`: 401, 403, 404 (the user does not exist).
 *
 * @since 0.1.0
 * @category errors
 */
export type GetUserError = AuthressFailure<"getUser">

/**
 * `getUsers` and the users stream: 401, 403.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetUsersError = AuthressFailure<"getUsers">

/**
 * `linkTenantUser`: 401, 403, 404 (the tenant does not exist).
 *
 * @since 0.1.0
 * @category errors
 */
export type LinkTenantUserError = AuthressFailure<"linkTenantUser">
