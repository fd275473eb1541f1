/**
 * Rockset's documented rate limits, per organization: metadata reads 500/min, metadata updates
 * 50/min, user creation 10/min. A delete is a metadata update. Past a limit Rockset answers 429
 * with the error type `RATELIMITEXCEEDED` and no `Retry-After`.
 *
 * @since 0.2.0
 */
import * as RateLimit from "@userkit/core/RateLimit"
import * as Api from "./Api.js"

/**
 * The quotas and the class of every operation: the reads
 * (`GET`) count against the read quota, `create` against user creation, the others (delete
 * included) against metadata updates.
 *
 * @since 0.2.0
 * @category constants
 */
export const quotas: RateLimit.Quotas = RateLimit.declare(Api.RocksetApi, {
  read: { limit: 500, interval: "1 minute" },
  write: { limit: 50, interval: "1 minute" },
  create: { limit: 10, interval: "1 minute", operations: ["create"] }
})
