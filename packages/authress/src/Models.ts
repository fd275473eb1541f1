/**
 * The Authress Users API models, from the vendor's OpenAPI document and generated SDKs.
 * Responses are read liberally (unknown fields dropped, `null` read as absent); request bodies and
 * query parameters are checked strictly before they are sent.
 *
 * @since 0.1.0
 */
import * as Schemas from "@userkit/core/Schemas"
import * as Schema from "effect/Schema"

// Absent or `null` reads as absent; core's version is the one its compiled decoder inlines.
const optional = Schemas.optionalNullable

// A request field either present with a valid value or absent: `undefined` is no third option,
// so a rejected value is reported once, against its own schema.
const exact = <S extends Schema.Schema.AnyNoContext>(schema: S) => Schema.optionalWith(schema, { exact: true })

/**
 * A user identity, sourced from the customer's SSO, SAML or OAuth identity provider. Authress
 * warns that the data is "highly variable based on the source OAuth provider": fields beyond
 * these are dropped rather than rejected.
 *
 * @since 0.1.0
 * @category models
 */
export const UserIdentity = Schema.Struct({
  /** The user identifier, e.g. `oauth|userId`. */
  userId: Schema.String,
  /** The user's formatted display name. */
  name: optional(Schema.String),
  /** A url that resolves to a picture that can be rendered. */
  picture: optional(Schema.String),
  /** The user's verified email address sourced from their SSO IdP. */
  email: optional(Schema.String)
}).annotations({ identifier: "UserIdentity" })

/**
 * @since 0.1.0
 * @category models
 */
export interface UserIdentity extends Schema.Schema.Type<typeof UserIdentity> {}

/**
 * A link of an `application/links+json` document.
 *
 * @since 0.1.0
 * @category models
 */
export const Link = Schema.Struct({
  /** The absolute url pointing to the referenced resource. */
  href: Schema.String,
  /** The relation, when it is not an IANA one. */
  rel: optional(Schema.String)
}).annotations({ identifier: "Link" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Link extends Schema.Schema.Type<typeof Link> {}

/**
 * The links of a collection. The spec requires `self`, but Authress's generated SDKs read it as
 * nullable, so it is optional here.
 *
 * @since 0.1.0
 * @category models
 */
export const CollectionLinks = Schema.Struct({
  self: optional(Link),
  next: optional(Link)
}).annotations({ identifier: "CollectionLinks" })

/**
 * @since 0.1.0
 * @category models
 */
export interface CollectionLinks extends Schema.Schema.Type<typeof CollectionLinks> {}

/**
 * A reference to the next page: pass `cursor` back as the `cursor` query parameter. A `null`
 * cursor (Authress's JS SDK types it `string | null`) reads as absent: there is no next page.
 *
 * @since 0.1.0
 * @category models
 */
export const PaginationNext = Schema.Struct({
  cursor: optional(Schema.String)
}).annotations({ identifier: "PaginationNext" })

/**
 * @since 0.1.0
 * @category models
 */
export interface PaginationNext extends Schema.Schema.Type<typeof PaginationNext> {}

/**
 * How to page through a collection. An absent or `null` `next` marks the last page.
 *
 * @since 0.1.0
 * @category models
 */
export const Pagination = Schema.Struct({
  next: optional(PaginationNext)
}).annotations({ identifier: "Pagination" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Pagination extends Schema.Schema.Type<typeof Pagination> {}

/**
 * A page of users.
 *
 * @since 0.1.0
 * @category models
 */
export const UserIdentityCollection = Schema.Struct({
  users: Schema.Array(UserIdentity),
  pagination: optional(Pagination),
  links: CollectionLinks
}).annotations({ identifier: "UserIdentityCollection" })

/**
 * @since 0.1.0
 * @category models
 */
export interface UserIdentityCollection extends Schema.Schema.Type<typeof UserIdentityCollection> {}

/**
 * The cursor of the page after this one, or `undefined` on the last page.
 *
 * @since 0.1.0
 * @category getters
 */
export const nextCursor = (page: UserIdentityCollection): string | undefined => page.pagination?.next?.cursor

/**
 * A user identifier as Authress accepts it in a request body: 1 to 128 characters of letters,
 * digits, whitespace and `+ . _ | / ~ : @ -`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UserId = Schema.String.pipe(
  Schema.minLength(1),
  Schema.maxLength(128),
  Schema.pattern(/^[a-zA-Z0-9+._|/~:@\s-]+$/)
).annotations({
  identifier: "UserId",
  description: "1 to 128 letters, digits, whitespace or + . _ | / ~ : @ -"
})

/**
 * The body of `linkTenantUser`: the user to link. Authress's generated model leaves `userId`
 * optional, but a link without a user means nothing, so it is required here.
 *
 * @since 0.1.0
 * @category requests
 */
export const TenantUser = Schema.Struct({
  userId: UserId
}).annotations({ identifier: "TenantUser" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface TenantUser extends Schema.Schema.Type<typeof TenantUser> {}

/**
 * The largest page `getUsers` serves, and its default page size.
 *
 * @since 0.1.0
 * @category constants
 */
export const maxLimit = 100

/**
 * A tenant identifier as the `tenantId` query parameter accepts it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TenantId = Schema.String.pipe(
  Schema.minLength(1),
  Schema.maxLength(128),
  Schema.pattern(/^[a-zA-Z0-9_.:-]+$/)
).annotations({
  identifier: "TenantId",
  description: "1 to 128 letters, digits or _ . : -"
})

/**
 * The query of `getUsers`, checked before sending. `limit` defaults to {@link maxLimit} on the
 * server when left out.
 *
 * @since 0.1.0
 * @category requests
 */
export const GetUsersOptions = Schema.Struct({
  /** How many users a page holds at most, 1 to 100. */
  limit: exact(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, maxLimit))),
  /** The cursor of the page to fetch, from the previous page's `pagination.next.cursor`. */
  cursor: exact(Schema.String),
  /** A case-insensitive search through the users' text fields, at most 64 characters. */
  filter: exact(Schema.String.pipe(Schema.maxLength(64))),
  /** Only the users linked to this tenant. */
  tenantId: exact(TenantId)
}).annotations({ identifier: "GetUsersOptions" })

/**
 * @since 0.1.0
 * @category requests
 */
export interface GetUsersOptions extends Schema.Schema.Type<typeof GetUsersOptions> {}

/**
 * The body Authress sends with an error (documented only by its JS SDK; none of the Users
 * operations declares one). Every field is optional, so a bodiless error still decodes.
 *
 * @since 0.1.0
 * @category models
 */
export const ResponseError = Schema.Struct({
  /** A human description; unstable, not for programmatic use. */
  title: optional(Schema.String),
  /** A stable, non-exhaustive error code. */
  errorCode: optional(Schema.String),
  /** The id of the request, for support tickets. */
  errorId: optional(Schema.String)
}).annotations({ identifier: "ResponseError" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ResponseError extends Schema.Schema.Type<typeof ResponseError> {}
