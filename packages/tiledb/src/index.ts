/**
 * @since 0.1.0
 */
export * as Api from "./Api.js"
export * as Errors from "./Errors.js"
export * as Fake from "./Fake.js"
export * as Models from "./Models.js"
export * as Quotas from "./Quotas.js"
export * as TileDBUsers from "./TileDBUsers.js"
