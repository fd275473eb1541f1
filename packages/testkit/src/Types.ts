/**
 * What the type tests of every vendor package share: reading a service method's error and success
 * types, and the unions every vendor's operations are checked against, spelled from core's
 * status map rather than from the vendor's declaration, so that a test checks the derivation.
 *
 * @since 0.2.0
 */
import type * as Client from "@userkit/core/Client"
import type * as CoreErrors from "@userkit/core/Errors"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"

type Returned<Method> = Method extends (...args: never) => infer R ? R : never

/**
 * The error type of a service method, whether it returns an `Effect` or a `Stream`.
 *
 * @since 0.2.0
 * @category models
 */
export type ErrorOf<Service, K extends keyof Service> = Returned<Service[K]> extends Effect.Effect<infer _A, infer E> ?
  E
  : Returned<Service[K]> extends Stream.Stream<infer _A, infer E> ? E
  : never

/**
 * The error type of each of some service methods, by name: one assertion checks a group of
 * operations, and a group spelled as "every operation but ..." takes in a new one unasked.
 *
 * @since 0.2.0
 * @category models
 */
export type ErrorsOf<Service, K extends keyof Service> = { readonly [Name in K]: ErrorOf<Service, Name> }

/**
 * The same type for each of some names, to compare an {@link ErrorsOf} with.
 *
 * @since 0.2.0
 * @category models
 */
export type Each<K extends PropertyKey, A> = { readonly [Name in K]: A }

/**
 * What the core client derives each operation of a declaration to fail with, by name, to check a
 * service's explicit types against.
 *
 * @since 0.2.0
 * @category models
 */
export type DeclaredErrors<Operations, Body> = {
  readonly [Name in keyof Operations]: Effect.Effect.Error<ReturnType<Client.Operation<Operations[Name], Body>>>
}

/**
 * The success type of a service method (the element type for a `Stream`).
 *
 * @since 0.2.0
 * @category models
 */
export type SuccessOf<Service, K extends keyof Service> = Returned<Service[K]> extends Effect.Effect<infer A, infer _E>
  ? A
  : Returned<Service[K]> extends Stream.Stream<infer A, infer _E> ? A
  : never

/**
 * The failures of some documented statuses with a vendor's error body.
 *
 * @since 0.2.0
 * @category models
 */
export type Statuses<Body, S extends CoreErrors.KnownStatus = CoreErrors.KnownStatus> = CoreErrors.StatusErrors<
  Body
>[S]

/**
 * What any call can fail with besides its documented statuses, spelled out (an undocumented
 * status keeps the vendor's error body).
 *
 * @since 0.2.0
 * @category models
 */
export type CallErrors<Body> =
  | CoreErrors.UnexpectedStatus<Body>
  | CoreErrors.ResponseDecodeError
  | CoreErrors.TimeoutError
  | CoreErrors.TransportError
  | CoreErrors.RateLimitUnavailable
