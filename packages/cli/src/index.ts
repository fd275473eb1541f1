/**
 * `@userkit/cli`: the `userkit` command. The modules are exported for tests and for programs that
 * run the commands themselves; the command line is `bin.ts`.
 *
 * @since 0.3.0
 */

/**
 * @since 0.3.0
 */
export * as Commands from "./Commands.js"

/**
 * @since 0.3.0
 */
export * as Vendors from "./Vendors.js"
