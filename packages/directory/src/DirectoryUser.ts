/**
 * One person's identity in one vendor, normalised: the same fields whatever the vendor, with the
 * vendor's own model kept beside them.
 *
 * @since 0.2.0
 */
import type { Models as AstronomerModels } from "@userkit/astronomer"
import type { Models as AuthressModels } from "@userkit/authress"
import type { Models as RocksetModels } from "@userkit/rockset"
import type { Models as TileDBModels } from "@userkit/tiledb"

/**
 * The vendors a directory can span.
 *
 * @since 0.2.0
 * @category models
 */
export type Vendor = "Rockset" | "Authress" | "Astronomer" | "TileDB"

/**
 * Every vendor, in the order reports list them.
 *
 * @since 0.2.0
 * @category constants
 */
export const vendors: ReadonlyArray<Vendor> = ["Rockset", "Authress", "Astronomer", "TileDB"]

/**
 * Where a role applies: a whole organization (Rockset, Astronomer, TileDB), an Astronomer
 * workspace, or an Authress tenant.
 *
 * @since 0.2.0
 * @category models
 */
export interface Scope {
  readonly type: "organization" | "workspace" | "tenant"
  readonly id: string
}

/**
 * A role held in a scope.
 *
 * @since 0.2.0
 * @category models
 */
export interface Role {
  readonly scope: Scope
  readonly role: string
}

/**
 * An identity in one vendor. `key` is what the vendor knows the user by (Rockset: the email,
 * Authress: the user id, Astronomer: the user id, TileDB: the username).
 *
 * @since 0.2.0
 * @category models
 */
export interface DirectoryUserOf<V extends Vendor, Model> {
  readonly vendor: V
  readonly key: string
  readonly email: string | undefined
  readonly name: string | undefined
  readonly roles: ReadonlyArray<Role>
  /** The vendor's account status, where it has one (Rockset `state`, Astronomer `status`). */
  readonly status: string | undefined
  /** The vendor's own model of the user, as its service returned it. */
  readonly model: Model
}

/**
 * An identity in any vendor; narrow it by `vendor` to reach the vendor's model.
 *
 * @since 0.2.0
 * @category models
 */
export type DirectoryUser =
  | DirectoryUserOf<"Rockset", RocksetModels.User>
  | DirectoryUserOf<"Authress", AuthressModels.UserIdentity>
  | DirectoryUserOf<"Astronomer", AstronomerModels.User>
  | DirectoryUserOf<"TileDB", TileDBModels.OrganizationUser>

/**
 * What the directory can do in a vendor with the operations its service has.
 *
 * @since 0.2.0
 * @category models
 */
export interface Capabilities {
  /** Every user can be listed. */
  readonly list: boolean
  /**
   * The directory finds a person through the vendor's own search (its answers then matched
   * exactly); otherwise it reads the whole user or member list.
   */
  readonly findByEmail: boolean
  readonly remove: boolean
  readonly setRole: boolean
}

/**
 * The capabilities of each vendor, as data.
 *
 * @since 0.2.0
 * @category constants
 */
export const capabilities: { readonly [V in Vendor]: Capabilities } = {
  // Users are keyed by email, and one request lists them all: the directory reads the list.
  Rockset: { list: true, findByEmail: false, remove: true, setRole: true },
  // `getUsers` filters by text, case-insensitively (documented); the Users API has no role
  // operation (roles live in access records).
  Authress: { list: true, findByEmail: true, remove: true, setRole: false },
  // `listOrgUsers`'s search is not documented well enough to rely on a miss: the list is read.
  // `mutateOrgUserRole` / `mutateWorkspaceUserRole` set roles.
  Astronomer: { list: true, findByEmail: false, remove: true, setRole: true },
  // The Organization API's `getOrganization` lists the members (their emails for an admin's key).
  TileDB: { list: true, findByEmail: false, remove: true, setRole: true }
}
