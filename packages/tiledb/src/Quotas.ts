/**
 * TileDB publishes no rate limits; its own clients treat 503 ("not enough capacity") as the
 * throttle and retry it. So no class is limited until TileDB answers 429 or 503: then that class
 * runs at {@link quotas}' `throttledLimit` (a userkit choice, 10 per second) for the cooldown.
 *
 * @since 0.2.0
 */
import type * as RateLimit from "@userkit/core/RateLimit"

/**
 * The quotas and the class of every operation.
 *
 * @since 0.2.0
 * @category constants
 */
export const quotas: RateLimit.Quotas = {
  vendor: "TileDB",
  limits: {},
  throttledLimit: { limit: 10, interval: "1 second" },
  classOf: {
    addAwsAccessCredentials: "create",
    addUserToOrganization: "create",
    checkAwsAccessCredentials: "read",
    checkAwsAccessCredentialsByName: "read",
    confirmEmail: "write",
    createUser: "create",
    deleteAwsAccessCredentials: "delete",
    deleteUser: "delete",
    deleteUserFromOrganization: "delete",
    getOrganizationUser: "read",
    getSession: "read",
    getTokenScopes: "read",
    getUser: "read",
    getUserWithUsername: "read",
    requestToken: "create",
    resetUserPassword: "write",
    revokeToken: "delete",
    tokensGet: "read",
    tokensSessionGet: "read",
    updateAwsAccessCredentials: "write",
    updateUser: "write",
    updateUserInOrganization: "write"
  },
  throttleStatuses: [429, 503]
}
