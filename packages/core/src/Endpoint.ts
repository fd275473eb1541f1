/**
 * One operation of a vendor API, declared as data: method, route template, the schemas of its
 * query, body and success, and the statuses it documents. The client, the fake vendor and the
 * table-driven tests are all derived from the same declaration.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Errors from "./Errors.js"
import * as Decoder from "./internal/decoder.js"
import { describeIssues, fieldIssues } from "./internal/issues.js"
import * as Route from "./Route.js"

/**
 * The HTTP methods the vendors use.
 *
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * Whether a method may be repeated without changing the outcome (RFC 9110, 9.2.2).
 *
 * @since 0.1.0
 * @category guards
 */
export const isIdempotent = (method: Method): boolean => method !== "POST" && method !== "PATCH"

/**
 * The success of an operation that answers without a body (204, 202, or a bare 200).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NoContent = Schema.Void

/**
 * The input of an operation that has no query or no body.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NoInput = Schema.Undefined

/**
 * The input of a call, as the client gives it: path parameters by name, the query and the body in
 * their decoded (`Type`) form.
 *
 * @since 0.1.0
 * @category models
 */
export interface Input<Params extends string, Query, Body> {
  readonly params: { readonly [K in Params]: string }
  readonly query?: Query | undefined
  readonly body?: Body | undefined
}

/**
 * A request whose path, query and body passed their schemas and are ready to send.
 *
 * @since 0.1.0
 * @category models
 */
export interface Prepared {
  /** The path with every parameter percent-encoded. */
  readonly path: string
  readonly query: ReadonlyArray<readonly [string, string]>
  /** The JSON body text, or `undefined` for none. */
  readonly body: string | undefined
}

/**
 * A declared operation.
 *
 * `Invalid` is `RequestValidationError` when the operation takes input that can be invalid, and
 * `never` when it takes none, so an operation's error union names only what can happen.
 *
 * @since 0.1.0
 * @category models
 */
export interface Endpoint<
  Params extends string,
  Query extends Schema.Schema.AnyNoContext,
  Body extends Schema.Schema.AnyNoContext,
  Success extends Schema.Schema.AnyNoContext,
  Status extends Errors.KnownStatus,
  Invalid extends Errors.RequestValidationError,
  Args extends ReadonlyArray<unknown> = [input: Input<Params, Schema.Schema.Type<Query>, Schema.Schema.Type<Body>>]
> {
  /**
   * The operation's public name, e.g. `"getCurrentUser"`: the key of its entry in the API record
   * ({@link Api.make} stamps it; until then it is the `operationId`).
   */
  readonly name: string
  /** The spec's `operationId`, or `"METHOD /path"` where the spec has none. */
  readonly operationId: string
  readonly method: Method
  /** The route template, e.g. `"/v1/orgs/self/users/{user}"`. */
  readonly path: string
  readonly params: ReadonlyArray<Params>
  /** The path parameters that are secrets (a token in the path): never in a span, a log or an error. */
  readonly secretParams: ReadonlyArray<Params>
  readonly query: Query
  readonly body: Body
  readonly success: Success
  /** The documented success status. Any 2xx is accepted as success. */
  readonly successStatus: number
  /** Whether the success carries a body (`false` for {@link NoContent}). */
  readonly expectsBody: boolean
  /** The documented error statuses, each a typed failure. */
  readonly errors: ReadonlyArray<Status>
  /** `false` for the rare operation the vendor serves without credentials. */
  readonly authenticated: boolean
  /** The `Accept` header the vendor's own clients send. */
  readonly accept: string
  // Methods, not function properties: an endpoint with its own parameters is then one of
  // `Declared`, the element type of an API record.
  /** Validates and encodes the input; fails without echoing any value. */
  prepare(
    input: Input<Params, Schema.Schema.Type<Query>, Schema.Schema.Type<Body>>,
    vendor: string
  ): Effect.Effect<Prepared, Invalid>
  /** Decodes a success body (already parsed from JSON; `undefined` when there was none). */
  decodeSuccess(json: unknown): Either.Either<Schema.Schema.Type<Success>, ParseResult.ParseIssue>
  /**
   * The input of a call from the service method's arguments: the method takes exactly these
   * parameters, so their names and order are the public surface.
   */
  call(...args: Args): Input<Params, Schema.Schema.Type<Query>, Schema.Schema.Type<Body>>
  /** The same operation under its public name (what `Api.make` does with each record key). */
  named(name: string): Endpoint<Params, Query, Body, Success, Status, Invalid, Args>
}

/**
 * Any declared operation, with its behaviour: what an API record holds.
 *
 * @since 0.2.0
 * @category models
 */
export type Declared = Endpoint<
  string,
  Schema.Schema.AnyNoContext,
  Schema.Schema.AnyNoContext,
  Schema.Schema.AnyNoContext,
  Errors.KnownStatus,
  Errors.RequestValidationError,
  ReadonlyArray<unknown>
>

/**
 * The types an endpoint was declared with, read off it by what they are (decoded forms for the
 * schemas): what the client, the fake and the error unions need, without spelling the seven type
 * parameters of {@link Endpoint} each time.
 *
 * @since 0.2.0
 * @category models
 */
export type TypesOf<E> = E extends Endpoint<
  infer Params,
  infer Query,
  infer Body,
  infer Success,
  infer Status,
  infer Invalid,
  infer Args
> ? {
    readonly params: Params
    readonly query: Schema.Schema.Type<Query>
    readonly body: Schema.Schema.Type<Body>
    readonly success: Schema.Schema.Type<Success>
    readonly status: Status
    readonly invalid: Invalid
    readonly args: Args
  }
  : never

/**
 * The input record of a call of an endpoint.
 *
 * @since 0.2.0
 * @category models
 */
export type InputOf<E> = Input<TypesOf<E>["params"], TypesOf<E>["query"], TypesOf<E>["body"]>

/**
 * Any endpoint.
 *
 * @since 0.1.0
 * @category models
 */
export interface Any {
  readonly name: string
  readonly operationId: string
  readonly method: Method
  readonly path: string
  readonly params: ReadonlyArray<string>
  readonly secretParams: ReadonlyArray<string>
  readonly query: Schema.Schema.AnyNoContext
  readonly body: Schema.Schema.AnyNoContext
  readonly success: Schema.Schema.AnyNoContext
  readonly successStatus: number
  readonly expectsBody: boolean
  readonly errors: ReadonlyArray<Errors.KnownStatus>
  readonly authenticated: boolean
  readonly accept: string
}

/**
 * The names of the `{parameters}` in a route template.
 *
 * @since 0.1.0
 * @category models
 */
export type PathParams<Path extends string> = Path extends `${string}{${infer Param}}${infer Rest}`
  ? Param | PathParams<Rest>
  : never

/**
 * The options of {@link make}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options<
  Path extends string,
  Query extends Schema.Schema.AnyNoContext,
  Body extends Schema.Schema.AnyNoContext,
  Success extends Schema.Schema.AnyNoContext,
  Status extends Errors.KnownStatus
> {
  /**
   * The spec's `operationId` (`"METHOD /path"` where the spec has none), when it is not the public
   * name, which is the record key. Defaults to that key.
   */
  readonly operationId?: string
  readonly method: Method
  readonly path: Path
  /**
   * Path parameters that are secrets, e.g. a token revoked by `DELETE /tokens/{token}`: what the
   * server sends back is scrubbed of them, and the call's spans (which never record a URL), logs
   * and failures name only the route template.
   */
  readonly secretParams?: ReadonlyArray<PathParams<Path>>
  /** Query parameters; their encoded form is sent (numbers and booleans as text, arrays as repeated keys). */
  readonly query?: Query
  /** The JSON body. */
  readonly body?: Body
  /** The success body; {@link NoContent} (the default) when there is none. */
  readonly success?: Success
  /** Defaults to 200. */
  readonly successStatus?: number
  readonly errors: ReadonlyArray<Status>
  /** Defaults to `true`. */
  readonly authenticated?: boolean
  /** Defaults to `"application/json"`. */
  readonly accept?: string
}

// The call of an endpoint that declares none: a method without arguments asks for no input, and
// the others take the input record itself.
const noInput: Input<string, unknown, unknown> = { params: {} }
const theInput = (input: Input<string, unknown, unknown> = noInput): Input<string, unknown, unknown> => input

const encodeNoInput = ParseResult.encodeUnknownEither(NoInput, { errors: "all" })

const noEntries: ReadonlyArray<readonly [string, string]> = []

const queryEntries = (encoded: unknown): ReadonlyArray<readonly [string, string]> => {
  if (typeof encoded !== "object" || encoded === null) return noEntries
  const entries: Array<readonly [string, string]> = []
  for (const [key, value] of Object.entries(encoded)) {
    const values: ReadonlyArray<unknown> = Array.isArray(value) ? value : [value]
    for (const item of values) {
      if (item === undefined || item === null) continue
      entries.push([key, typeof item === "string" ? item : JSON.stringify(item)])
    }
  }
  return entries
}

/**
 * Declares an operation. An operation with neither path parameters, query nor body can never be
 * rejected before sending, so its error union leaves `RequestValidationError` out.
 *
 * @since 0.1.0
 * @category constructors
 */
export function make<
  const Path extends string,
  Success extends Schema.Schema.AnyNoContext = typeof NoContent,
  const Status extends Errors.KnownStatus = never
>(
  options:
    & Options<Path, typeof NoInput, typeof NoInput, Success, Status>
    & {
      readonly path: [PathParams<Path>] extends [never] ? Path : never
      readonly query?: never
      readonly body?: never
      readonly call?: never
    }
  // NoInfer: what a field left out defaults to, not what the API record's element type suggests.
): Endpoint<never, typeof NoInput, typeof NoInput, NoInfer<Success>, Status, never, []>
export function make<
  const Path extends string,
  Query extends Schema.Schema.AnyNoContext = typeof NoInput,
  Body extends Schema.Schema.AnyNoContext = typeof NoInput,
  Success extends Schema.Schema.AnyNoContext = typeof NoContent,
  const Status extends Errors.KnownStatus = never,
  Args extends ReadonlyArray<unknown> = [
    input: Input<PathParams<Path>, Schema.Schema.Type<Query>, Schema.Schema.Type<Body>>
  ]
>(
  options: Options<Path, Query, Body, Success, Status> & {
    /**
     * The service method's parameters and the input they make, e.g.
     * `(user: string, request: Models.UpdateUserRequest) => ({ params: { user }, body: request })`:
     * path parameters in the seed's order, then the body or the query options. Left out, the
     * method takes the input record itself.
     */
    readonly call?: (
      ...args: Args
    ) => NoInfer<Input<PathParams<Path>, Schema.Schema.Type<Query>, Schema.Schema.Type<Body>>>
  }
): Endpoint<
  PathParams<Path>,
  NoInfer<Query>,
  NoInfer<Body>,
  NoInfer<Success>,
  Status,
  Errors.RequestValidationError,
  Args
>
export function make(
  options:
    & Omit<
      Options<
        string,
        Schema.Schema.AnyNoContext,
        Schema.Schema.AnyNoContext,
        Schema.Schema.AnyNoContext,
        Errors.KnownStatus
      >,
      "secretParams"
    >
    & {
      readonly secretParams?: ReadonlyArray<string>
      readonly call?: (...args: ReadonlyArray<never>) => Input<string, unknown, unknown>
    }
): Declared {
  const query = options.query ?? NoInput
  const body = options.body ?? NoInput
  const success = options.success ?? NoContent
  const template = Route.parse(options.path)
  const noQuery = options.query === undefined
  // Compiled once per endpoint, not per call.
  // Every failing field is reported, not only the first.
  // With no query or body declared, the only valid input is none: checked without the parser.
  const nothing = Either.right(undefined)
  const encodeQuery = noQuery
    ? (value: unknown) => (value === undefined ? nothing : encodeNoInput(value))
    : ParseResult.encodeUnknownEither(query, { errors: "all" })
  const encodeBody = options.body === undefined
    ? (value: unknown) => (value === undefined ? nothing : encodeNoInput(value))
    : ParseResult.encodeUnknownEither(body, { errors: "all" })
  // Response bodies take the compiled fast path; Effect's parser still decides every failure.
  const decodeSuccess = Decoder.compile(success)
  const successStatus = options.successStatus ?? 200
  const authenticated = options.authenticated ?? true
  const accept = options.accept ?? "application/json"
  const call = options.call ?? theInput
  // Renaming reuses everything compiled above: only the name in failures changes.
  const named = (name: string): Declared => ({
    name,
    operationId: options.operationId ?? name,
    method: options.method,
    path: options.path,
    params: template.params,
    secretParams: options.secretParams ?? [],
    query,
    body,
    success,
    successStatus,
    expectsBody: success !== NoContent,
    errors: options.errors,
    authenticated,
    accept,
    decodeSuccess,
    call,
    named,
    prepare: (input, vendor) => {
      const issues: Array<Errors.FieldIssue> = []
      const path = Route.render(template, input.params, issues)
      // An operation whose query parameters are all optional may be called without any.
      const encodedQuery = encodeQuery(input.query === undefined && !noQuery ? {} : input.query)
      if (Either.isLeft(encodedQuery)) issues.push(...fieldIssues(encodedQuery.left, "query"))
      const encodedBody = encodeBody(input.body)
      if (Either.isLeft(encodedBody)) issues.push(...fieldIssues(encodedBody.left, "body"))
      if (issues.length > 0 || Either.isLeft(encodedQuery) || Either.isLeft(encodedBody)) {
        return Effect.fail(
          new Errors.RequestValidationError({
            vendor,
            operation: name,
            message: `${vendor}.${name}: invalid request: ${describeIssues(issues)}`,
            issues
          })
        )
      }
      return Effect.succeed({
        path,
        query: queryEntries(encodedQuery.right),
        body: encodedBody.right === undefined ? undefined : JSON.stringify(encodedBody.right)
      })
    }
  })
  return named(options.operationId ?? "")
}
