/**
 * A vendor's API, declared once: its name, its error body, and a record of its operations keyed
 * by their public names. The client, each operation's error union, the fake vendor's handlers,
 * the conformance check and the test tables are all derived from this record.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as Client from "./Client.js"
import type * as Endpoint from "./Endpoint.js"
import type { Api, Operations } from "./internal/declaration.js"

/**
 * The operations of an API, keyed by their public names; and a vendor API declaration. Both live
 * in `internal/declaration` so that `Client` can take a declaration without importing this
 * module, which builds services from `Client` (no import circle).
 *
 * @since 0.1.0
 * @category models
 */
export type { Api, Operations } from "./internal/declaration.js"

/**
 * Declares a vendor API. The record key is the operation's public name, stamped on its endpoint.
 *
 * @since 0.1.0
 * @category constructors
 */
export function make<ErrorBody extends Schema.Schema.AnyNoContext, const Ops extends Operations>(api: {
  readonly vendor: string
  readonly errorBody: ErrorBody
  readonly requestId?: Api<ErrorBody>["requestId"]
  readonly errorMessage?: Api<ErrorBody>["errorMessage"]
  readonly operations: Ops
}): Api<ErrorBody, Ops>
export function make(api: {
  readonly vendor: string
  readonly errorBody: Schema.Schema.AnyNoContext
  readonly requestId?: Api<Schema.Schema.AnyNoContext>["requestId"]
  readonly errorMessage?: Api<Schema.Schema.AnyNoContext>["errorMessage"]
  readonly operations: Operations
}): Api<Schema.Schema.AnyNoContext> {
  const operations: Record<string, Endpoint.Declared> = {}
  for (const [name, endpoint] of Object.entries(api.operations)) operations[name] = endpoint.named(name)
  return {
    vendor: api.vendor,
    errorBody: api.errorBody,
    requestId: api.requestId ?? ((_, headers) => headers["x-request-id"]),
    errorMessage: api.errorMessage ?? (() => undefined),
    operations,
    endpoints: Object.values(operations)
  }
}

/**
 * The public names of an API's operations.
 *
 * @since 0.2.0
 * @category models
 */
export type OperationName<A> = A extends Api<infer _ErrorBody, infer Ops> ? keyof Ops & string : never

/**
 * The exact failure of one endpoint, given the vendor's error body: its documented statuses,
 * the call errors, and `RequestValidationError` only where it takes input. Every error union of
 * a vendor package is this type.
 *
 * @since 0.2.0
 * @category models
 */
export type EndpointFailure<E, Body> = Client.Failure<
  Endpoint.TypesOf<E>["status"],
  Body,
  Endpoint.TypesOf<E>["invalid"]
>

/**
 * The exact failure of an API's operation, by name, e.g. `Failure<typeof RocksetApi, "get">`.
 *
 * @since 0.2.0
 * @category models
 */
export type Failure<A, Name extends OperationName<A>> = A extends Api<infer ErrorBody, infer Ops>
  ? EndpointFailure<Ops[Name], Schema.Schema.Type<ErrorBody>>
  : never

/**
 * A vendor service's methods, one per operation of its API: each takes the parameters of the
 * operation's declared `call` (their names and docs included) and runs the operation.
 *
 * @since 0.2.0
 * @category models
 */
export type Service<A> = A extends Api<infer ErrorBody, infer Ops>
  ? { readonly [Name in keyof Ops]: Client.Method<Ops[Name], Schema.Schema.Type<ErrorBody>> }
  : never

/**
 * Builds a vendor service over the `HttpClient` in context: every operation of the API as a
 * method taking its declared `call`'s parameters. What a vendor package adds beside it (streams)
 * is written by hand.
 *
 * @since 0.2.0
 * @category constructors
 */
export function service<A extends Api<Schema.Schema.AnyNoContext>>(
  api: A,
  options: Client.Options
): Effect.Effect<Service<A>, never, HttpClient.HttpClient>
export function service(
  api: Api<Schema.Schema.AnyNoContext>,
  options: Client.Options
): Effect.Effect<
  Record<string, (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown>>,
  never,
  HttpClient.HttpClient
> {
  return Effect.map(Client.make(api, options), (built) => {
    const methods: Record<string, (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown>> = {}
    for (const [name, endpoint] of Object.entries(api.operations)) {
      const operation = built.operation(endpoint)
      methods[name] = (...args) => operation(endpoint.call(...args))
    }
    return methods
  })
}

/**
 * The public names of an API's operations, in declaration order: the methods of a vendor
 * service that run one operation each (what its `layerTest` stubs).
 *
 * @since 0.2.0
 * @category getters
 */
export function names<A extends Api<Schema.Schema.AnyNoContext>>(api: A): ReadonlyArray<OperationName<A>>
export function names(api: Api<Schema.Schema.AnyNoContext>): ReadonlyArray<string> {
  return Object.keys(api.operations)
}
