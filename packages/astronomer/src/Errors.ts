/**
 * The failures of the Astronomer client: one per documented status, each carrying Astronomer's
 * decoded `Error` body (`message`, `requestId`, `statusCode`), plus what any call can fail with.
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
 * A status some Astronomer Users operation documents.
 *
 * @since 0.1.0
 * @category models
 */
export type DocumentedStatus = (typeof Api.documentedStatuses)[number]

/**
 * A status the two listings document (no 404: an unknown organization or workspace answers with
 * another status, which arrives as `UnexpectedStatus` unless it is one of these).
 *
 * @since 0.1.0
 * @category models
 */
export type ListStatus = (typeof Api.listStatuses)[number]

/**
 * The failure of a documented status, e.g. `AstronomerStatusError<404>` is `NotFound<Error>`.
 *
 * @since 0.1.0
 * @category errors
 */
export type AstronomerStatusError<S extends DocumentedStatus = DocumentedStatus> = CoreErrors.StatusErrors<
  Models.Error
>[S]

/**
 * The exact failure of an Astronomer operation, by name, derived from its declaration.
 *
 * @since 0.2.0
 * @category errors
 */
export type AstronomerFailure<Name extends Api.OperationName> = CoreApi.Failure<typeof Api.AstronomerApi, Name>

/**
 * What an operation that addresses one user can fail with.
 *
 * @deprecated The failure of each operation is {@link AstronomerFailure}; this is `AstronomerFailure<"getUser">`.
 * @since 0.1.0
 * @category errors
 */
export type AstronomerError = AstronomerFailure<"getUser">

/**
 * What a listing (and its stream) can fail with: no 404.
 *
 * @deprecated The failure of each operation is {@link AstronomerFailure}; this is
 * `AstronomerFailure<"listOrgUsers">`.
 * @since 0.1.0
 * @category errors
 */
export type AstronomerListError = AstronomerFailure<"listOrgUsers">
