/**
 * Authress rate-limits by tier (`GET /v1/users` is tier 2, `/v1/users/{userId}` tier 3) and
 * publishes neither the numbers nor any header. These defaults are deliberately conservative
 * choices of userkit, not Authress figures: 10 reads, 5 writes and 5 deletes per second; raise
 * them with the layer's `rateLimit` option when your account allows more.
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
  vendor: "Authress",
  limits: {
    read: { limit: 10, interval: "1 second" },
    write: { limit: 5, interval: "1 second" },
    delete: { limit: 5, interval: "1 second" }
  },
  classOf: {
    deleteUser: "delete",
    getUser: "read",
    getUsers: "read",
    linkTenantUser: "write"
  },
  throttleStatuses: [429]
}
