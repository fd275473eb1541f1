/**
 * The exit codes of `userkit`, the same for every command, so that a script can tell a complete
 * answer from a partial one (`userkit audit --csv --out review.csv && upload review.csv` uploads
 * only a complete review).
 *
 * @since 0.3.0
 */

/**
 * Everything asked was done, and every removal verified; every vendor was searched.
 *
 * @since 0.3.0
 * @category constants
 */
export const ok = 0

/**
 * A failure: nothing, or not everything, was done (a removal failed or left the account in place,
 * the plan drifted, a configuration error, a vendor error outside the review).
 *
 * @since 0.3.0
 * @category constants
 */
export const failure = 1

/**
 * A usage error: an unknown command or option, a missing or invalid argument (an email that is
 * not one), or a confirmation that cannot be asked; the usage is printed on stderr.
 *
 * @since 0.3.0
 * @category constants
 */
export const usage = 2

/**
 * Partial: some vendor failed or was not searched, or some removal could not be verified
 * (accepted asynchronously, or the verifying lookup failed). What was done is reported.
 *
 * @since 0.3.0
 * @category constants
 */
export const partial = 3

/**
 * Interrupted by Ctrl-C (SIGINT) or SIGTERM, as a shell reports Ctrl-C.
 *
 * @since 0.3.0
 * @category constants
 */
export const interrupted = 130

/**
 * An exit code of `userkit`.
 *
 * @since 0.3.0
 * @category models
 */
export type ExitCode = typeof ok | typeof failure | typeof usage | typeof partial | typeof interrupted

/**
 * The code of a run made of several results: a failure wins over a partial result, which wins
 * over success.
 *
 * @since 0.3.0
 * @category combinators
 */
export const worst = (...codes: ReadonlyArray<ExitCode>): ExitCode =>
  codes.includes(failure) ? failure : codes.includes(partial) ? partial : ok
