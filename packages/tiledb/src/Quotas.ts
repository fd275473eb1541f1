/**
 * TileDB publishes no rate limits; its own clients treat 503 ("not enough capacity") as the
 * throttle and retry it. So no class is limited until TileDB answers 429 or 503: then that class
 * runs at {@link quotas}' `throttledLimit` (a userkit choice, 10 per second) for the cooldown.
 *
 * @since 0.2.0
 */
import * as RateLimit from "@userkit/core/RateLimit"
import * as Api from "./Api.js"

/**
 * The quotas and the class of every operation: by method (`GET` a
 * read, `DELETE` a delete, anything else a write), but the four that create something.
 *
 * @since 0.2.0
 * @category constants
 */
export const quotas: RateLimit.Quotas = RateLimit.declare(Api.TileDBApi, {
  read: {},
  write: {},
  create: { operations: ["addAwsAccessCredentials", "addUserToOrganization", "createUser", "requestToken"] },
  delete: {}
}, { statuses: [429, 503], limit: { limit: 10, interval: "1 second" } })
