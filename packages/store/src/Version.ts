/**
 * The version of `@userkit/store`, written into every saved review, plan, run and export.
 *
 * @since 0.3.0
 */

/**
 * This package's version (a test keeps it equal to package.json's).
 *
 * @since 0.3.0
 * @category constants
 */
export const version = "0.1.0"
