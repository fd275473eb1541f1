/**
 * @since 0.3.0
 */
export * as Database from "./Database.js"
export * as Diff from "./Diff.js"
export * as Errors from "./Errors.js"
export * as Export from "./Export.js"
export * as Migrations from "./Migrations.js"
export * as Offboarding from "./Offboarding.js"
export * as Records from "./Records.js"
export * as ReviewWorkflow from "./ReviewWorkflow.js"
export * as Runner from "./Runner.js"
export * as Store from "./Store.js"
export * as Version from "./Version.js"
