/**
 * `@userkit/cli`: the `userkit` command. The modules are exported for tests and for programs that
 * run the commands themselves; the executable is `bin.ts`.
 *
 * @since 0.3.0
 */

/**
 * @since 0.3.0
 */
export * as Cli from "./Cli.js"

/**
 * @since 0.3.0
 */
export * as Commands from "./Commands.js"

/**
 * @since 0.3.0
 */
export * as ExitCode from "./ExitCode.js"

/**
 * @since 0.3.0
 */
export * as Output from "./Output.js"

/**
 * @since 0.3.0
 */
export * as Sandbox from "./Sandbox.js"

/**
 * @since 0.3.0
 */
export * as Vendors from "./Vendors.js"
