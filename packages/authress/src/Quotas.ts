/**
 * Authress rate-limits by tier (`GET /v1/users` is tier 2, `/v1/users/{userId}` tier 3) and
 * publishes neither the numbers nor any header. These defaults are deliberately conservative
 * choices of userkit, not Authress figures: 10 reads, 5 writes and 5 deletes per second; raise
 * them with the layer's `rateLimit` option when your account allows more.
 *
 * @since 0.2.0
 */
import * as RateLimit from "@userkit/core/RateLimit"
import * as Api from "./Api.js"

/**
 * The quotas and the class of every operation: by method (`GET` a
 * read, `DELETE` a delete, anything else a write).
 *
 * @since 0.2.0
 * @category constants
 */
export const quotas: RateLimit.Quotas = RateLimit.declare(Api.AuthressApi, {
  read: { limit: 10 },
  write: { limit: 5 },
  delete: { limit: 5 }
})
