/**
 * The Rockset Users API models, from the vendor's OpenAPI document. Responses are read liberally
 * (unknown fields dropped, `null` read as absent, unknown enum values kept); request bodies are
 * checked strictly before they are sent.
 *
 * @since 0.1.0
 */
import * as Schemas from "@userkit/core/Schemas"
import * as Schema from "effect/Schema"

// Absent or `null` reads as absent; core's version is the one its compiled decoder inlines.
const optional = Schemas.optionalNullable

/**
 * A user of the organization.
 *
 * `created_at` stays the string the server sent: the spec calls it an "ISO-8601 date" but gives
 * it no `format`, so it is not parsed (a server sending another shape must not break a listing).
 * `state` is `NEW` until the invitation is accepted, then `ACTIVE`; names are hidden until then.
 *
 * @since 0.1.0
 * @category models
 */
export const User = Schema.Struct({
  email: Schema.String,
  created_at: optional(Schema.String),
  first_name: optional(Schema.String),
  last_name: optional(Schema.String),
  roles: optional(Schema.Array(Schema.String)),
  state: optional(Schema.String)
}).annotations({ identifier: "User" })

/**
 * @since 0.1.0
 * @category models
 */
export interface User extends Schema.Schema.Type<typeof User> {}

/**
 * The body of `create`.
 *
 * @since 0.1.0
 * @category requests
 */
export const CreateUserRequest = Schema.Struct({
  email: Schema.String,
  roles: Schema.Array(Schema.String),
  first_name: Schema.optional(Schema.String),
  last_name: Schema.optional(Schema.String)
}).annotations({ identifier: "CreateUserRequest" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface CreateUserRequest extends Schema.Schema.Type<typeof CreateUserRequest> {}

/**
 * The body of `update`: only the fields given are changed.
 *
 * @since 0.1.0
 * @category requests
 */
export const UpdateUserRequest = Schema.Struct({
  first_name: Schema.optional(Schema.String),
  last_name: Schema.optional(Schema.String),
  roles: Schema.optional(Schema.Array(Schema.String))
}).annotations({ identifier: "UpdateUserRequest" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface UpdateUserRequest extends Schema.Schema.Type<typeof UpdateUserRequest> {}

/**
 * The answer of `create`: the user created.
 *
 * @since 0.1.0
 * @category models
 */
export const CreateUserResponse = Schema.Struct({ data: optional(User) }).annotations({
  identifier: "CreateUserResponse"
})

/**
 * @since 0.1.0
 * @category models
 */
export interface CreateUserResponse extends Schema.Schema.Type<typeof CreateUserResponse> {}

/**
 * The answer of `delete`: the user deleted.
 *
 * @since 0.1.0
 * @category models
 */
export const DeleteUserResponse = Schema.Struct({ data: optional(User) }).annotations({
  identifier: "DeleteUserResponse"
})

/**
 * @since 0.1.0
 * @category models
 */
export interface DeleteUserResponse extends Schema.Schema.Type<typeof DeleteUserResponse> {}

/**
 * The answer of `list`: every user of the organization.
 *
 * @since 0.1.0
 * @category models
 */
export const ListUsersResponse = Schema.Struct({ data: optional(Schema.Array(User)) }).annotations({
  identifier: "ListUsersResponse"
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ListUsersResponse extends Schema.Schema.Type<typeof ListUsersResponse> {}

/**
 * A notification the current user is unsubscribed from.
 *
 * @since 0.1.0
 * @category models
 */
export const UnsubscribePreference = Schema.Struct({
  notificationType: Schema.String
}).annotations({ identifier: "UnsubscribePreference" })

/**
 * @since 0.1.0
 * @category models
 */
export interface UnsubscribePreference extends Schema.Schema.Type<typeof UnsubscribePreference> {}

const preferencesFields = { data: optional(Schema.Array(UnsubscribePreference)) }

/**
 * The answer of `listUnsubscribePreferences`.
 *
 * @since 0.1.0
 * @category models
 */
export const ListUnsubscribePreferencesResponse = Schema.Struct(preferencesFields).annotations({
  identifier: "ListUnsubscribePreferencesResponse"
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ListUnsubscribePreferencesResponse
  extends Schema.Schema.Type<typeof ListUnsubscribePreferencesResponse>
{}

/**
 * The body of `updateUnsubscribePreferences`: the complete list of notifications to be
 * unsubscribed from.
 *
 * @since 0.1.0
 * @category requests
 */
export const UpdateUnsubscribePreferencesRequest = Schema.Struct({
  data: Schema.optional(Schema.Array(UnsubscribePreference))
}).annotations({ identifier: "UpdateUnsubscribePreferencesRequest" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface UpdateUnsubscribePreferencesRequest
  extends Schema.Schema.Type<typeof UpdateUnsubscribePreferencesRequest>
{}

/**
 * The answer of `updateUnsubscribePreferences`.
 *
 * @since 0.1.0
 * @category models
 */
export const UpdateUnsubscribePreferencesResponse = Schema.Struct(preferencesFields).annotations({
  identifier: "UpdateUnsubscribePreferencesResponse"
})

/**
 * @since 0.1.0
 * @category models
 */
export interface UpdateUnsubscribePreferencesResponse
  extends Schema.Schema.Type<typeof UpdateUnsubscribePreferencesResponse>
{}

/**
 * The category of a Rockset error; open to values added after this release.
 *
 * @since 0.1.0
 * @category models
 */
export const ErrorType = Schemas.OpenLiteral(
  "AUTHEXCEPTION",
  "VERSIONEXCEPTION",
  "INTERNALERROR",
  "INVALIDINPUT",
  "NOTIMPLEMENTEDYET",
  "RESOURCEEXCEEDED",
  "ALREADYEXISTS",
  "METHODNOTALLOWED",
  "NOTACCEPTABLE",
  "UNSUPPORTEDMEDIATYPE",
  "NOTFOUND",
  "DEPENDENTRESOURCES",
  "QUERY_ERROR",
  "NOT_READY",
  "FORBIDDEN",
  "QUERY_TIMEOUT",
  "CONNECTION_ERROR",
  "CONTENTTOOLARGE",
  "CREATING",
  "BADREQUEST",
  "SERVICEUNAVAILABLE",
  "CONFLICT",
  "RATELIMITEXCEEDED",
  "QUERY_CANCELLED",
  "CLIENT_CONNECTION_ERROR"
)

/**
 * The body Rockset sends with every error status.
 *
 * @since 0.1.0
 * @category models
 */
export const ErrorModel = Schema.Struct({
  message: optional(Schema.String),
  type: optional(ErrorType),
  line: optional(Schema.Int),
  column: optional(Schema.Int),
  trace_id: optional(Schema.String),
  error_id: optional(Schema.String),
  query_id: optional(Schema.String),
  virtual_instance_rrn: optional(Schema.String)
}).annotations({ identifier: "ErrorModel" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ErrorModel extends Schema.Schema.Type<typeof ErrorModel> {}
