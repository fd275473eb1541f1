/**
 * @since 0.2.0
 */
export * as AccessReview from "./AccessReview.js"
export * as Directory from "./Directory.js"
export * as DirectoryUser from "./DirectoryUser.js"
export * as Failure from "./Failure.js"
export * as Plan from "./Plan.js"
