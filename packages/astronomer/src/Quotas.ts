/**
 * Astronomer's documented rate limits, per API token: GET 25/s, POST 10/s, DELETE 5/s. They are
 * counted by method, so the classes here are the methods. Astronomer sends no `Retry-After`.
 *
 * @since 0.2.0
 */
import * as RateLimit from "@userkit/core/RateLimit"
import * as Api from "./Api.js"

/**
 * The quotas and the class of every operation: by method, as
 * Astronomer counts them.
 *
 * @since 0.2.0
 * @category constants
 */
export const quotas: RateLimit.Quotas = RateLimit.declare(Api.AstronomerApi, {
  read: { limit: 25 },
  write: { limit: 10 },
  delete: { limit: 5 }
})
