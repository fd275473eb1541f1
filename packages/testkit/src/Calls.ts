/**
 * One valid call of every operation of an API, derived from its declaration, so that the
 * table-driven suites take in a new operation without a line of test: the path parameters in the
 * route's order (given, or a plain sample id), then the body or the query, sampled from its schema
 * with a fixed seed, passed to the service method the way its declared `call` takes them. The
 * suite checks that `call` maps those arguments back to the same input, so an operation declared
 * against that order is caught, not silently misused.
 *
 * @since 0.2.0
 */
import { assert, describe, it } from "@effect/vitest"
import * as Endpoint from "@userkit/core/Endpoint"
import * as Errors from "@userkit/core/Errors"
import * as Arbitrary from "effect/Arbitrary"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"

/**
 * What an operation can fail with, whatever its vendor: a documented status, a call error, or
 * input refused before sending.
 *
 * @since 0.2.0
 * @category models
 */
export type Failure = Errors.StatusError | Errors.CallError | Errors.RequestValidationError

/**
 * A call of one operation, with valid input.
 *
 * @since 0.2.0
 * @category models
 */
export type Call<Service> = (users: Service) => Effect.Effect<unknown, Failure>

/**
 * The path parameters of one call, by name.
 *
 * @since 0.2.0
 * @category models
 */
export type Params = Readonly<Record<string, string>>

/**
 * The id every path parameter has when a test does not choose one.
 *
 * @since 0.2.0
 * @category constants
 */
export const sampleId = "user-1"

// One seeded sample per schema: the same input on every run, so a failure can be replayed.
const samples = new WeakMap<Schema.Schema.AnyNoContext, { readonly value: unknown }>()
const sample = (schema: Schema.Schema.AnyNoContext): unknown => {
  const known = samples.get(schema)
  if (known !== undefined) return known.value
  const value = FastCheck.sample(Arbitrary.make(schema), { seed: 7, numRuns: 1 })[0]
  samples.set(schema, { value })
  return value
}

const isDeclared = (schema: Schema.Schema.AnyNoContext): boolean => schema !== Endpoint.NoInput

/**
 * How a call is derived.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** `false` leaves an optional query out, for a test that reads the URL the ids make. */
  readonly query?: boolean
}

/**
 * The input a derived call makes: the parameters given, the sampled body or query.
 *
 * @since 0.2.0
 * @category constructors
 */
export const inputOf = (
  endpoint: Endpoint.Declared,
  params: Params = {},
  options: Options = {}
): Endpoint.Input<string, unknown, unknown> => {
  const values: Record<string, string> = {}
  for (const name of endpoint.params) values[name] = params[name] ?? sampleId
  return {
    params: values,
    ...(isDeclared(endpoint.query) && options.query !== false ? { query: sample(endpoint.query) } : {}),
    ...(isDeclared(endpoint.body) ? { body: sample(endpoint.body) } : {})
  }
}

/**
 * The service method's arguments for that input: path parameters in the route's order, then the
 * body or the query.
 *
 * @since 0.2.0
 * @category constructors
 */
export const argsOf = (
  endpoint: Endpoint.Declared,
  params: Params = {},
  options: Options = {}
): ReadonlyArray<unknown> => {
  const input = inputOf(endpoint, params, options)
  const rest = input.body !== undefined ? [input.body] : input.query !== undefined ? [input.query] : []
  return [...endpoint.params.map((name) => input.params[name]), ...rest]
}

const isFailure = (error: unknown): error is Failure =>
  Errors.isStatusError(error) || error instanceof Errors.UnexpectedStatus ||
  error instanceof Errors.ResponseDecodeError || error instanceof Errors.TimeoutError ||
  error instanceof Errors.TransportError || error instanceof Errors.RequestValidationError

/**
 * Runs the service method named `name` with `args`. A method that is missing, returns no
 * `Effect` or fails with anything but a userkit failure is a defect naming it.
 *
 * @since 0.2.0
 * @category constructors
 */
export const invoke = (
  service: object,
  name: string,
  args: ReadonlyArray<unknown>
): Effect.Effect<unknown, Failure> =>
  Effect.suspend(() => {
    const method: unknown = Reflect.get(service, name)
    if (typeof method !== "function") return Effect.dieMessage(`the service has no method ${name}`)
    // The method's type is not known here: what it returns is checked below instead.
    const result: Effect.Effect<unknown, unknown> = Reflect.apply(method, service, args)
    if (!Effect.isEffect(result)) return Effect.dieMessage(`${name} did not return an Effect`)
    return Effect.catchAll(
      result,
      (error) => isFailure(error) ? Effect.fail(error) : Effect.dieMessage(`${name} failed with a value not userkit's`)
    )
  })

/**
 * The call of one operation, with the given path parameters (the others {@link sampleId}).
 *
 * @since 0.2.0
 * @category constructors
 */
export const withParams = <Service extends object>(
  endpoint: Endpoint.Declared,
  params: Params = {},
  options: Options = {}
): Call<Service> =>
(users) => invoke(users, endpoint.name, argsOf(endpoint, params, options))

/**
 * A success answer of the operation: its documented status, and a body sampled from its success
 * schema where it has one.
 *
 * @since 0.2.0
 * @category constructors
 */
export const successResponse = (endpoint: Endpoint.Declared): Response =>
  endpoint.expectsBody
    ? new Response(JSON.stringify(Schema.encodeSync(endpoint.success)(sample(endpoint.success))), {
      status: endpoint.successStatus,
      headers: { "content-type": endpoint.accept }
    })
    : new Response(null, { status: endpoint.successStatus })

/**
 * The call of every operation, by name, in declaration order.
 *
 * @since 0.2.0
 * @category constructors
 */
export const all = <Service extends object>(
  api: { readonly endpoints: ReadonlyArray<Endpoint.Declared> }
): Readonly<Record<string, Call<Service>>> => {
  const calls: Record<string, Call<Service>> = {}
  for (const endpoint of api.endpoints) calls[endpoint.name] = withParams(endpoint)
  return calls
}

/**
 * Declares the check that every operation's declared `call` takes the derived arguments to the
 * derived input: path parameters first, in the route's order, then the body or the query.
 *
 * @since 0.2.0
 * @category suites
 */
export const callsSuite = (api: { readonly vendor: string; readonly endpoints: ReadonlyArray<Endpoint.Declared> }) =>
  describe(`${api.vendor}: each service method takes path parameters in order, then the body or query`, () => {
    for (const endpoint of api.endpoints) {
      it(endpoint.name, () => {
        const params = Object.fromEntries(endpoint.params.map((name, index) => [name, `p${index}-${name}`]))
        const expected = inputOf(endpoint, params)
        const made = endpoint.call(...argsOf(endpoint, params))
        assert.deepStrictEqual(made.params, expected.params)
        assert.deepStrictEqual(made.query ?? undefined, expected.query)
        assert.deepStrictEqual(made.body ?? undefined, expected.body)
      })
    }
  })
