/**
 * The failures of the TileDB client. TileDB documents a catch-all `default` error response, so every
 * operation can fail with each status core has a class for (`NotFound` 404, `Conflict` 409,
 * `BadGateway` 502, ...), each carrying TileDB's decoded `Error` body (`code`, `message`,
 * `request_id`), plus what any call can fail with (`UnexpectedStatus` for any other status).
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
 * A status the `default` error response maps to a class of its own.
 *
 * @since 0.1.0
 * @category models
 */
export type DocumentedStatus = (typeof Api.defaultStatuses)[number]

/**
 * The failure of a status, e.g. `TileDBStatusError<404>` is `NotFound<Error>`.
 *
 * @since 0.1.0
 * @category errors
 */
export type TileDBStatusError<S extends DocumentedStatus = DocumentedStatus> = CoreErrors.StatusErrors<Models.Error>[S]

/**
 * The exact failure of a TileDB operation, by name, derived from its declaration.
 *
 * @since 0.2.0
 * @category errors
 */
export type TileDBFailure<Name extends Api.OperationName> = CoreApi.Failure<typeof Api.TileDBApi, Name>

/**
 * What an operation without input can fail with.
 *
 * @deprecated The failure of each operation is {@link TileDBFailure}; this is `TileDBFailure<"getUser">`.
 * @since 0.1.0
 * @category errors
 */
export type TileDBError = TileDBFailure<"getUser">

/**
 * What an operation with input can fail with: also a request rejected before sending.
 *
 * @deprecated The failure of each operation is {@link TileDBFailure}; this is `TileDBFailure<"deleteUser">`.
 * @since 0.1.0
 * @category errors
 */
export type TileDBInputError = TileDBFailure<"deleteUser">
