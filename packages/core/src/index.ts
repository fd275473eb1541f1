/**
 * @since 0.1.0
 */
export * as Api from "./Api.js"
export * as Auth from "./Auth.js"
export * as Client from "./Client.js"
export * as ConfigOptions from "./ConfigOptions.js"
export * as Endpoint from "./Endpoint.js"
export * as Errors from "./Errors.js"
export * as FakeServer from "./FakeServer.js"
export * as Hostile from "./Hostile.js"
export * as MockHttpClient from "./MockHttpClient.js"
export * as Pagination from "./Pagination.js"
export * as Retry from "./Retry.js"
export * as Route from "./Route.js"
export * as Schemas from "./Schemas.js"
export * as Stub from "./Stub.js"
export * as Testing from "./Testing.js"
