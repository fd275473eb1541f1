/**
 * The TileDB Cloud Users API models, from the vendor's Swagger 2.0 document (REST API v1).
 *
 * Responses are read liberally: unknown fields are dropped, `null` is read as absent, and enum
 * values added after this release are kept as strings. Request bodies have schemas of their own:
 * they leave the read-only fields out (so a decoded model can be sent back without them) and check
 * the spec's constraints (username pattern and length, password length) before anything is sent.
 * Passwords, AWS secret keys and API tokens are `Redacted`: a model's JSON or inspect output
 * prints `<redacted>` in their place.
 *
 * @since 0.1.0
 */
import * as Schemas from "@userkit/core/Schemas"
import * as Schema from "effect/Schema"

// Read liberally: `null` is read as absent.
// Absent or `null` reads as absent; core's version is the one its compiled decoder inlines.
const optional = Schemas.optionalNullableExact
// Sent strictly: a field is present with a value, or absent (`undefined` is not a value to send).
const exact = <S extends Schema.Schema.AnyNoContext>(schema: S) => Schema.optionalWith(schema, { exact: true })

/**
 * The organization roles this release knows, from the most to the least privileged.
 *
 * @since 0.1.0
 * @category constants
 */
export const knownOrganizationRoles = ["owner", "admin", "read_write_delete", "read_write", "read_only"] as const

/**
 * The role a user has in an organization; open to roles added after this release.
 *
 * @since 0.1.0
 * @category enums
 */
export const OrganizationRoles = Schemas.OpenLiteral(...knownOrganizationRoles).annotations({
  identifier: "OrganizationRoles"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type OrganizationRoles = Schema.Schema.Type<typeof OrganizationRoles>

/**
 * The namespace actions this release knows.
 *
 * @since 0.1.0
 * @category constants
 */
export const knownNamespaceActions = [
  "read",
  "write",
  "create",
  "delete",
  "edit",
  "read_array_logs",
  "read_job_logs",
  "read_object_logs",
  "run_job",
  "delete_organization",
  "edit_organization",
  "edit_billing"
] as const

/**
 * An action a user may take in a namespace; open to actions added after this release.
 *
 * @since 0.1.0
 * @category enums
 */
export const NamespaceActions = Schemas.OpenLiteral(...knownNamespaceActions).annotations({
  identifier: "NamespaceActions"
})

/**
 * @since 0.1.0
 * @category enums
 */
export type NamespaceActions = Schema.Schema.Type<typeof NamespaceActions>

/**
 * The token scopes this release knows.
 *
 * @since 0.1.0
 * @category constants
 */
export const knownTokenScopes = [
  "password_reset",
  "confirm_email",
  "*",
  "user:read",
  "user:read-write",
  "user:admin",
  "array:read",
  "array:read-write",
  "array:admin",
  "organization:read",
  "organization:read-write",
  "organization:admin",
  "group:read",
  "group:read-write",
  "group:admin"
] as const

/**
 * A scope an API token can be limited to; open to scopes added after this release.
 *
 * @since 0.1.0
 * @category enums
 */
export const TokenScope = Schemas.OpenLiteral(...knownTokenScopes).annotations({ identifier: "TokenScope" })

/**
 * @since 0.1.0
 * @category enums
 */
export type TokenScope = Schema.Schema.Type<typeof TokenScope>

const usernamePattern = /^[\w.-]+$/

/**
 * A TileDB username: 1 to 63 letters, digits, `_`, `.` or `-`. One check, so that a failure
 * names the whole rule (and never the value).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Username = Schema.String.pipe(
  Schema.filter((value) => value.length >= 1 && value.length <= 63 && usernamePattern.test(value), {
    title: "a username of 1 to 63 letters, digits, \"_\", \".\" or \"-\"",
    jsonSchema: { minLength: 1, maxLength: 63, pattern: usernamePattern.source }
  })
)

/**
 * A password as sent: at least 8 characters, `Redacted` until it is written into the body.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Password = Schema.Redacted(
  Schema.String.pipe(Schema.minLength(8, { title: "a password of at least 8 characters" }))
)

/**
 * A user in an organization, with their role and permitted actions. No field is read-only, so the
 * same schema is read from `getOrganizationUser` and sent by `addUserToOrganization` and
 * `updateUserInOrganization`.
 *
 * @since 0.1.0
 * @category models
 */
export const OrganizationUser = Schema.Struct({
  user_id: optional(Schema.String),
  organization_id: optional(Schema.String),
  username: optional(Schema.String),
  /** Shown to organization admins only. */
  user_full_name: optional(Schema.String),
  /** Shown to organization admins only. */
  user_email: optional(Schema.String),
  organization_name: optional(Schema.String),
  role: optional(OrganizationRoles),
  allowed_actions: optional(Schema.Array(NamespaceActions))
}).annotations({ identifier: "OrganizationUser" })

/**
 * @since 0.1.0
 * @category models
 */
export interface OrganizationUser extends Schema.Schema.Type<typeof OrganizationUser> {}

/**
 * Where one kind of asset is stored and the credentials that reach it. On update, `""` clears a
 * field and an absent field leaves it unchanged.
 *
 * @since 0.1.0
 * @category models
 */
export const StorageLocation = Schema.Struct({
  path: optional(Schema.String),
  credentials_name: optional(Schema.String)
}).annotations({ identifier: "StorageLocation" })

/**
 * @since 0.1.0
 * @category models
 */
export interface StorageLocation extends Schema.Schema.Type<typeof StorageLocation> {}

/**
 * Storage locations per asset type; an unset one falls back to a suffix of `default_s3_path`.
 *
 * @since 0.1.0
 * @category models
 */
export const AssetLocations = Schema.Struct({
  arrays: optional(StorageLocation),
  files: optional(StorageLocation),
  groups: optional(StorageLocation),
  ml_models: optional(StorageLocation),
  notebooks: optional(StorageLocation),
  task_graphs: optional(StorageLocation),
  udfs: optional(StorageLocation)
}).annotations({ identifier: "AssetLocations" })

/**
 * @since 0.1.0
 * @category models
 */
export interface AssetLocations extends Schema.Schema.Type<typeof AssetLocations> {}

/**
 * An organization, as `getOrganization` reads it: its details and, in `users`, its members (each
 * an {@link OrganizationUser}; their `user_email` and `user_full_name` are shown to organization
 * admins only). `role` and `allowed_actions` are the caller's own in the organization.
 *
 * @since 0.3.0
 * @category models
 */
export const Organization = Schema.Struct({
  id: optional(Schema.String),
  role: optional(OrganizationRoles),
  name: Schema.String,
  created_at: optional(Schema.Date),
  updated_at: optional(Schema.Date),
  logo: optional(Schema.String),
  description: optional(Schema.String),
  users: optional(Schema.Array(OrganizationUser)),
  allowed_actions: optional(Schema.Array(NamespaceActions)),
  num_of_arrays: optional(Schema.Finite),
  enabled_features: optional(Schema.Array(Schema.String)),
  unpaid_subscription: optional(Schema.Boolean),
  default_s3_path: optional(Schema.String),
  default_s3_path_credentials_name: optional(Schema.String),
  asset_locations: optional(AssetLocations),
  stripe_connect: optional(Schema.Boolean),
  assume_role_arn: optional(Schema.String)
}).annotations({ identifier: "Organization" })

/**
 * @since 0.3.0
 * @category models
 */
export interface Organization extends Schema.Schema.Type<typeof Organization> {}

// The fields a client may write, shared by the model and the request body.
const writableUserFields = {
  id: optional(Schema.String),
  name: optional(Schema.String),
  email: optional(Schema.String),
  company: optional(Schema.String),
  logo: optional(Schema.String),
  timezone: optional(Schema.String),
  allowed_actions: optional(Schema.Array(NamespaceActions)),
  default_s3_path: optional(Schema.String),
  default_s3_path_credentials_name: optional(Schema.String),
  asset_locations: optional(AssetLocations),
  default_namespace_charged: optional(Schema.String),
  default_region: optional(Schema.String)
}

/**
 * A TileDB user, as read from `getUser` and `getUserWithUsername`.
 *
 * `is_valid_email`, `stripe_connect`, `organizations`, `enabled_features` and
 * `unpaid_subscription` are read-only: they are decoded here and never sent ({@link UserRequest}
 * has no such fields).
 *
 * @since 0.1.0
 * @category models
 */
export const User = Schema.Struct({
  ...writableUserFields,
  username: Schema.String,
  password: optional(Schema.Redacted(Schema.String)),
  is_valid_email: optional(Schema.Boolean),
  stripe_connect: optional(Schema.Boolean),
  organizations: optional(Schema.Array(OrganizationUser)),
  enabled_features: optional(Schema.Array(Schema.String)),
  unpaid_subscription: optional(Schema.Boolean)
}).annotations({ identifier: "User" })

/**
 * @since 0.1.0
 * @category models
 */
export interface User extends Schema.Schema.Type<typeof User> {}

/**
 * The body of `createUser` and `updateUser`: the writable fields of a {@link User}. The spec
 * requires `username` in both. A decoded `User` can be passed as is: its read-only fields are
 * dropped when the body is encoded.
 *
 * @since 0.1.0
 * @category requests
 */
export const UserRequest = Schema.Struct({
  ...writableUserFields,
  username: Username,
  password: exact(Password),
  name: exact(Schema.String.pipe(Schema.minLength(1, { title: "a non-empty name" })))
}).annotations({ identifier: "UserRequest" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface UserRequest extends Schema.Schema.Type<typeof UserRequest> {}

/**
 * The body of `resetUserPassword` (an inline object in the spec, `InlineObject` in the vendor's
 * generated clients).
 *
 * @since 0.1.0
 * @category requests
 */
export const ResetUserPasswordRequest = Schema.Struct({
  password: exact(Password)
}).annotations({ identifier: "ResetUserPasswordRequest" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface ResetUserPasswordRequest extends Schema.Schema.Type<typeof ResetUserPasswordRequest> {}

const writableCredentialsFields = {
  access_key_id: optional(Schema.String),
  service_role_arn: optional(Schema.String),
  name: optional(Schema.String),
  default: optional(Schema.Boolean),
  buckets: optional(Schema.Array(Schema.String))
}

/**
 * AWS keys (or a service role) stored for a namespace. TileDB never returns
 * `secret_access_key` on reads; `created_at` and `updated_at` are read-only.
 *
 * @since 0.1.0
 * @category models
 */
export const AWSAccessCredentials = Schema.Struct({
  ...writableCredentialsFields,
  secret_access_key: optional(Schema.Redacted(Schema.String)),
  created_at: optional(Schema.Date),
  updated_at: optional(Schema.Date)
}).annotations({ identifier: "AWSAccessCredentials" })

/**
 * @since 0.1.0
 * @category models
 */
export interface AWSAccessCredentials extends Schema.Schema.Type<typeof AWSAccessCredentials> {}

/**
 * The body of `addAwsAccessCredentials` and `updateAwsAccessCredentials`: the writable fields of
 * {@link AWSAccessCredentials}, the secret key `Redacted`.
 *
 * @since 0.1.0
 * @category requests
 */
export const AWSAccessCredentialsRequest = Schema.Struct({
  ...writableCredentialsFields,
  secret_access_key: exact(Schema.Redacted(Schema.String))
}).annotations({ identifier: "AWSAccessCredentialsRequest" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface AWSAccessCredentialsRequest extends Schema.Schema.Type<typeof AWSAccessCredentialsRequest> {}

/**
 * An API token and its metadata. The token itself is an API key (it goes into
 * `X-TILEDB-REST-API-KEY`), so it is `Redacted`: pass it to `TileDBUsers.layer({ apiKey })` as is.
 *
 * @since 0.1.0
 * @category models
 */
export const Token = Schema.Struct({
  token: optional(Schema.Redacted(Schema.String)),
  name: optional(Schema.String),
  issued_at: optional(Schema.Date),
  expires_at: optional(Schema.Date),
  scope: optional(Schema.Array(TokenScope))
}).annotations({ identifier: "Token" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Token extends Schema.Schema.Type<typeof Token> {}

/**
 * The body of `requestToken`: every field is optional (a token of every scope, expiring after
 * 30 minutes, by default). A taken name is auto-incremented by TileDB (`myToken-1`).
 *
 * @since 0.1.0
 * @category requests
 */
export const TokenRequest = Schema.Struct({
  expires: exact(Schema.Date),
  name: exact(Schema.String),
  scope: exact(Schema.Array(TokenScope))
}).annotations({ identifier: "TokenRequest" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface TokenRequest extends Schema.Schema.Type<typeof TokenRequest> {}

/**
 * The body TileDB sends with an error status (the spec's `default` response). No field is required.
 *
 * @since 0.1.0
 * @category models
 */
export const Error = Schema.Struct({
  code: optional(Schema.Int),
  message: optional(Schema.String),
  request_id: optional(Schema.String)
}).annotations({ identifier: "Error" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Error extends Schema.Schema.Type<typeof Error> {}
