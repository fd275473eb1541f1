/**
 * The failures of the Rockset client: one per documented status, each carrying Rockset's
 * decoded `ErrorModel`, plus what any call can fail with.
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
 * A documented status of a Rockset operation.
 *
 * @since 0.1.0
 * @category models
 */
export type DocumentedStatus = (typeof Api.documentedStatuses)[number]

/**
 * The failure of a documented status, e.g. `RocksetStatusError<404>` is `NotFound<ErrorModel>`.
 *
 * @since 0.1.0
 * @category errors
 */
export type RocksetStatusError<S extends DocumentedStatus = DocumentedStatus> = CoreErrors.StatusErrors<
  Models.ErrorModel
>[S]

/**
 * The exact failure of a Rockset operation, by name, derived from its declaration: its documented
 * statuses, the call errors, and `RequestValidationError` where it takes input.
 *
 * @since 0.2.0
 * @category errors
 */
export type RocksetFailure<Name extends Api.OperationName> = CoreApi.Failure<typeof Api.RocksetApi, Name>

/**
 * What an operation without input can fail with.
 *
 * @deprecated The failure of each operation is {@link RocksetFailure}; this is `RocksetFailure<"list">`.
 * @since 0.1.0
 * @category errors
 */
export type RocksetError = RocksetFailure<"list">

/**
 * What an operation with input can fail with: also a request rejected before sending.
 *
 * @deprecated The failure of each operation is {@link RocksetFailure}; this is `RocksetFailure<"get">`.
 * @since 0.1.0
 * @category errors
 */
export type RocksetInputError = RocksetFailure<"get">
