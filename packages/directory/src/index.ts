/**
 * @since 0.2.0
 */
export * as AccessReview from "./AccessReview.js"
export * as Coverage from "./Coverage.js"
export * as Directory from "./Directory.js"
export * as DirectoryUser from "./DirectoryUser.js"
export * as Email from "./Email.js"
export * as Failure from "./Failure.js"
export * as Plan from "./Plan.js"
export * as SafeText from "./SafeText.js"
