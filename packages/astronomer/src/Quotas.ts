/**
 * Astronomer's documented rate limits, per API token: GET 25/s, POST 10/s, DELETE 5/s. They are
 * counted by method, so the classes here are the methods. Astronomer sends no `Retry-After`.
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
  vendor: "Astronomer",
  limits: {
    read: { limit: 25, interval: "1 second" },
    write: { limit: 10, interval: "1 second" },
    delete: { limit: 5, interval: "1 second" }
  },
  classOf: {
    deleteOrgUser: "delete",
    deleteWorkspaceUser: "delete",
    getSelfUser: "read",
    getUser: "read",
    listOrgUsers: "read",
    listWorkspaceUsers: "read",
    mutateOrgUserRole: "write",
    mutateWorkspaceUserRole: "write"
  },
  throttleStatuses: [429]
}
