/**
 * The Astronomer Users API (Astro Core API `v1alpha1`) models. Responses are read liberally
 * (unknown fields dropped, `null` read as absent, unknown role and enum values kept); request
 * bodies and query parameters are checked strictly before they are sent.
 *
 * @since 0.1.0
 */
import * as Schemas from "@userkit/core/Schemas"
import * as Schema from "effect/Schema"

// Absent or `null` reads as absent; core's version is the one its compiled decoder inlines.
const optional = Schemas.optionalNullable

/**
 * The organization roles Astronomer's own CLI accepts. The API itself declares the role as a
 * plain string, so any other value is sent and received as is.
 *
 * @since 0.1.0
 * @category constants
 */
export const organizationRoles = ["ORGANIZATION_MEMBER", "ORGANIZATION_BILLING_ADMIN", "ORGANIZATION_OWNER"] as const

/**
 * The workspace roles Astronomer's own CLI accepts (open to others, as above).
 *
 * @since 0.1.0
 * @category constants
 */
export const workspaceRoles = ["WORKSPACE_MEMBER", "WORKSPACE_AUTHOR", "WORKSPACE_OPERATOR", "WORKSPACE_OWNER"] as const

/**
 * An organization role: one of {@link organizationRoles} or any future value.
 *
 * @since 0.1.0
 * @category models
 */
export const OrganizationRole = Schemas.OpenLiteral(...organizationRoles).annotations({
  identifier: "OrganizationRole"
})

/**
 * @since 0.1.0
 * @category models
 */
export type OrganizationRole = Schema.Schema.Type<typeof OrganizationRole>

/**
 * A workspace role: one of {@link workspaceRoles} or any future value.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkspaceRole = Schemas.OpenLiteral(...workspaceRoles).annotations({ identifier: "WorkspaceRole" })

/**
 * @since 0.1.0
 * @category models
 */
export type WorkspaceRole = Schema.Schema.Type<typeof WorkspaceRole>

/**
 * Any role a `UserRole` can carry: organization, workspace, deployment or system.
 *
 * @since 0.1.0
 * @category models
 */
export const Role = Schemas.OpenLiteral(...organizationRoles, ...workspaceRoles).annotations({ identifier: "Role" })

/**
 * @since 0.1.0
 * @category models
 */
export type Role = Schema.Schema.Type<typeof Role>

/**
 * How a user signed up; open to values added after this release.
 *
 * @since 0.1.0
 * @category models
 */
export const SignupType = Schemas.OpenLiteral("Regular", "Trial").annotations({ identifier: "SignupType" })

/**
 * What kind of subject a profile describes; open to values added after this release.
 *
 * @since 0.1.0
 * @category models
 */
export const SubjectType = Schemas.OpenLiteral("USER", "SERVICEKEY").annotations({ identifier: "SubjectType" })

/**
 * The short profile of a user or an API token, as inviter or invitee.
 *
 * @since 0.1.0
 * @category models
 */
export const BasicSubjectProfile = Schema.Struct({
  id: Schema.String,
  apiTokenName: optional(Schema.String),
  avatarUrl: optional(Schema.String),
  fullName: optional(Schema.String),
  subjectType: optional(SubjectType),
  username: optional(Schema.String)
}).annotations({ identifier: "BasicSubjectProfile" })

/**
 * @since 0.1.0
 * @category models
 */
export interface BasicSubjectProfile extends Schema.Schema.Type<typeof BasicSubjectProfile> {}

/**
 * A pending invitation to an organization. `expiresAt` stays the string the server sent: the
 * spec gives it no `date-time` format.
 *
 * @since 0.1.0
 * @category models
 */
export const Invite = Schema.Struct({
  expiresAt: Schema.String,
  inviteId: Schema.String,
  invitee: BasicSubjectProfile,
  inviter: BasicSubjectProfile,
  organizationId: Schema.String,
  oAuthInviteId: optional(Schema.String),
  /** Deprecated: replaced by `organizationName`. */
  orgName: optional(Schema.String),
  /** Deprecated: replaced by `organizationShortName`. */
  orgShortName: optional(Schema.String),
  organizationName: optional(Schema.String),
  organizationShortName: optional(Schema.String),
  ticketId: optional(Schema.String),
  userId: optional(Schema.String)
}).annotations({ identifier: "Invite" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Invite extends Schema.Schema.Type<typeof Invite> {}

/**
 * A feature flag of the current user.
 *
 * @since 0.1.0
 * @category models
 */
export const FeatureFlag = Schema.Struct({
  key: Schema.String,
  value: Schema.Boolean
}).annotations({ identifier: "FeatureFlag" })

/**
 * @since 0.1.0
 * @category models
 */
export interface FeatureFlag extends Schema.Schema.Type<typeof FeatureFlag> {}

// A scope and a subject are both a typed reference to an entity.
const entityReference = { entityId: Schema.String, type: Schema.String }

/**
 * What a role applies to (an organization, a workspace, a deployment).
 *
 * @since 0.1.0
 * @category models
 */
export const Scope = Schema.Struct(entityReference).annotations({ identifier: "Scope" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Scope extends Schema.Schema.Type<typeof Scope> {}

/**
 * Who holds a role (a user, an API token).
 *
 * @since 0.1.0
 * @category models
 */
export const Subject = Schema.Struct(entityReference).annotations({ identifier: "Subject" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Subject extends Schema.Schema.Type<typeof Subject> {}

/**
 * A role held by a subject in a scope; also the answer of both role mutations.
 *
 * @since 0.1.0
 * @category models
 */
export const UserRole = Schema.Struct({
  role: Role,
  scope: Scope,
  subject: Subject
}).annotations({ identifier: "UserRole" })

/**
 * @since 0.1.0
 * @category models
 */
export interface UserRole extends Schema.Schema.Type<typeof UserRole> {}

// What `User` and `Self` share: seven required fields and the optional ones both can carry.
const userFields = {
  avatarUrl: Schema.String,
  createdAt: Schema.Date,
  fullName: Schema.String,
  id: Schema.String,
  status: Schema.String,
  updatedAt: Schema.Date,
  username: Schema.String,
  colorModePreference: optional(Schema.String),
  invites: optional(Schema.Array(Invite)),
  roles: optional(Schema.Array(UserRole)),
  signupType: optional(SignupType),
  systemRole: optional(Schema.String)
}

/**
 * A user as seen through an organization or a workspace. Which optional fields are present
 * depends on the listing: `orgRole` for organization users, `workspaceRole` for workspace users,
 * the counts and last-login fields only for administrators. `lastLogin` stays a string: the spec
 * gives it no `date-time` format.
 *
 * @since 0.1.0
 * @category models
 */
export const User = Schema.Struct({
  ...userFields,
  deploymentCount: optional(Schema.Int),
  deploymentRole: optional(Schema.String),
  gitHubUsername: optional(Schema.String),
  lastLogin: optional(Schema.String),
  lastLoginConnectionName: optional(Schema.String),
  lastLoginConnectionType: optional(Schema.String),
  loginsCount: optional(Schema.Int),
  orgCount: optional(Schema.Int),
  orgRole: optional(OrganizationRole),
  orgUserRelationIsIdpManaged: optional(Schema.Boolean),
  workspaceCount: optional(Schema.Int),
  workspaceRole: optional(WorkspaceRole)
}).annotations({ identifier: "User" })

/**
 * @since 0.1.0
 * @category models
 */
export interface User extends Schema.Schema.Type<typeof User> {}

/**
 * The user the token belongs to (the vendor's Python client calls it `ModelSelf`).
 *
 * @since 0.1.0
 * @category models
 */
export const Self = Schema.Struct({
  ...userFields,
  featureFlags: optional(Schema.Array(FeatureFlag)),
  intercomUserHash: optional(Schema.String),
  organizationId: optional(Schema.String)
}).annotations({ identifier: "Self" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Self extends Schema.Schema.Type<typeof Self> {}

/**
 * One page of a user listing. `totalCount` counts every user matching the listing, across pages.
 *
 * @since 0.1.0
 * @category models
 */
export const UsersPaginated = Schema.Struct({
  limit: Schema.Int,
  offset: Schema.Int,
  totalCount: Schema.Int,
  users: Schema.Array(User)
}).annotations({ identifier: "UsersPaginated" })

/**
 * @since 0.1.0
 * @category models
 */
export interface UsersPaginated extends Schema.Schema.Type<typeof UsersPaginated> {}

/**
 * The body of `mutateOrgUserRole`.
 *
 * @since 0.1.0
 * @category requests
 */
export const MutateOrgUserRoleRequest = Schema.Struct({ role: OrganizationRole }).annotations({
  identifier: "MutateOrgUserRoleRequest"
})

/**
 * @since 0.1.0
 * @category requests
 */
export interface MutateOrgUserRoleRequest extends Schema.Schema.Type<typeof MutateOrgUserRoleRequest> {}

/**
 * The body of `mutateWorkspaceUserRole`.
 *
 * @since 0.1.0
 * @category requests
 */
export const MutateWorkspaceUserRoleRequest = Schema.Struct({ role: WorkspaceRole }).annotations({
  identifier: "MutateWorkspaceUserRoleRequest"
})

/**
 * @since 0.1.0
 * @category requests
 */
export interface MutateWorkspaceUserRoleRequest extends Schema.Schema.Type<typeof MutateWorkspaceUserRoleRequest> {}

/**
 * The direction of a sort criterion.
 *
 * @since 0.1.0
 * @category models
 */
export const SortDirection = Schema.Literal("asc", "desc")

/**
 * The fields an organization listing can be sorted by.
 *
 * @since 0.1.0
 * @category constants
 */
export const orgSortFields = ["createdAt", "fullName", "id", "orgRole", "status", "updatedAt", "username"] as const

/**
 * The fields a workspace listing can be sorted by (no `id`, `workspaceRole` instead of `orgRole`).
 *
 * @since 0.1.0
 * @category constants
 */
export const workspaceSortFields = [
  "createdAt",
  "fullName",
  "status",
  "updatedAt",
  "username",
  "workspaceRole"
] as const

/**
 * A sort criterion of an organization listing, `field:asc` or `field:desc`.
 *
 * @since 0.1.0
 * @category models
 */
export const OrgUserSort = Schema.TemplateLiteral(Schema.Literal(...orgSortFields), ":", SortDirection).annotations({
  identifier: "OrgUserSort"
})

/**
 * @since 0.1.0
 * @category models
 */
export type OrgUserSort = Schema.Schema.Type<typeof OrgUserSort>

/**
 * A sort criterion of a workspace listing, `field:asc` or `field:desc`.
 *
 * @since 0.1.0
 * @category models
 */
export const WorkspaceUserSort = Schema.TemplateLiteral(Schema.Literal(...workspaceSortFields), ":", SortDirection)
  .annotations({ identifier: "WorkspaceUserSort" })

/**
 * @since 0.1.0
 * @category models
 */
export type WorkspaceUserSort = Schema.Schema.Type<typeof WorkspaceUserSort>

// core's `RepeatedQuery` takes an item encoded as `string`; a template literal schema is encoded as
// itself, so it is composed onto `Schema.String` (the type is unchanged).
const fromString = <A extends string>(schema: Schema.Schema<A>): Schema.Schema<A, string> =>
  Schema.compose(Schema.String, schema)

// Sent as text; the spec's minimum is 0 and it sets no maximum.
// One refinement, so that a failure reads as one expectation whichever way the number is wrong.
const Count = Schema.NumberFromString.pipe(
  Schema.filter((n) => Number.isInteger(n) && n >= 0, {
    identifier: "a non-negative integer",
    arbitrary: () => (fc) => fc.nat()
  })
)

const pageFields = {
  /** Where the page starts; default 0. */
  offset: Schema.optional(Count),
  /** The page size; default 20. */
  limit: Schema.optional(Count),
  /** Text to search for. */
  search: Schema.optional(Schema.String)
}

/**
 * The query of `listOrgUsers`. `sorts` is sent as a repeated key
 * (`?sorts=createdAt:asc&sorts=username:desc`), the criteria applied in order.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListOrgUsersOptions = Schema.Struct({
  ...pageFields,
  sorts: Schema.optional(Schemas.RepeatedQuery(fromString(OrgUserSort))),
  /** Only users with pending invitations. */
  hasInvites: Schema.optional(Schema.BooleanFromString)
}).annotations({ identifier: "ListOrgUsersOptions" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface ListOrgUsersOptions extends Schema.Schema.Type<typeof ListOrgUsersOptions> {}

/**
 * The query of `listWorkspaceUsers`.
 *
 * @since 0.1.0
 * @category requests
 */
export const ListWorkspaceUsersOptions = Schema.Struct({
  ...pageFields,
  sorts: Schema.optional(Schemas.RepeatedQuery(fromString(WorkspaceUserSort)))
}).annotations({ identifier: "ListWorkspaceUsersOptions" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface ListWorkspaceUsersOptions extends Schema.Schema.Type<typeof ListWorkspaceUsersOptions> {}

/**
 * The query of `getSelfUser`.
 *
 * @since 0.1.0
 * @category requests
 */
export const GetSelfUserOptions = Schema.Struct({
  /** Create the user the token belongs to if it does not exist yet. */
  createIfNotExist: Schema.optional(Schema.BooleanFromString)
}).annotations({ identifier: "GetSelfUserOptions" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface GetSelfUserOptions extends Schema.Schema.Type<typeof GetSelfUserOptions> {}

/**
 * The body Astronomer sends with every error status. The spec bounds `statusCode` to 400..600;
 * the bound is not enforced on decode, so an odd gateway value cannot hide the message.
 *
 * @since 0.1.0
 * @category models
 */
export const Error = Schema.Struct({
  message: Schema.String,
  requestId: Schema.String,
  statusCode: Schema.Int
}).annotations({ identifier: "Error" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Error extends Schema.Schema.Type<typeof Error> {}
