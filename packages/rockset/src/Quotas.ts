/**
 * Rockset's documented rate limits, per organization: metadata reads 500/min, metadata updates
 * 50/min, user creation 10/min. A delete is a metadata update. Past a limit Rockset answers 429
 * with the error type `RATELIMITEXCEEDED` and no `Retry-After`.
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
  vendor: "Rockset",
  limits: {
    read: { limit: 500, interval: "1 minute" },
    write: { limit: 50, interval: "1 minute" },
    create: { limit: 10, interval: "1 minute" }
  },
  classOf: {
    create: "create",
    delete: "write",
    get: "read",
    getCurrentUser: "read",
    list: "read",
    listUnsubscribePreferences: "read",
    update: "write",
    updateUnsubscribePreferences: "write"
  },
  throttleStatuses: [429]
}
