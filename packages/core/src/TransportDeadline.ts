/**
 * How a transport takes the per-attempt timeout of a userkit call itself, so that the call needs
 * no fiber and no timer of its own (see "The per-attempt deadline" in docs/ARCHITECTURE.md).
 *
 * The protocol, for a transport author:
 * 1. The `HttpClient` carries `[TypeId]: true` (see {@link mark}). A client derived from it by a
 *    transform (`HttpClient.mapRequest`, `retry`, …) does not: whatever the transform adds runs
 *    outside the transport's timer, so userkit then times the attempt itself, as for any transport.
 * 2. When such a client sends a request, the fiber's context may hold a {@link Deadline}: from the
 *    moment the request is handed to the transport, past `millis` the transport aborts the request
 *    (closing its connection) and fails whatever waits on it (the response, or the reading of its
 *    body) with `exceeded` as the `cause` of its `RequestError` or `ResponseError`. userkit turns
 *    that failure into the call's `TimeoutError`.
 * 3. The timer stops when the body has been read to its end, when reading it is cancelled, or when
 *    the exchange fails.
 *
 * The keys are registered with `Symbol.for` and a string tag, so a transport implements the
 * protocol without depending on `@userkit/core` (`@userkit/undici` does: its tests check it agrees
 * with this module).
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Context from "effect/Context"

/**
 * The property a transport's `HttpClient` sets to `true` when it honours a {@link Deadline}.
 *
 * @since 0.3.0
 * @category symbols
 */
export const TypeId: unique symbol = Symbol.for("@userkit/core/TransportDeadline")

/**
 * The deadline of the request being sent, in the context the transport runs in.
 *
 * @since 0.3.0
 * @category models
 */
export interface Deadline {
  /** How long, from when the request is handed to the transport, the exchange may take. */
  readonly millis: number
  /** What the transport fails with (as the `cause` of its error) once the deadline has passed. */
  readonly exceeded: Error
}

/**
 * The tag of the {@link Deadline} in the transport's context.
 *
 * @since 0.3.0
 * @category tags
 */
export const Deadline: Context.Tag<Deadline, Deadline> = Context.GenericTag<Deadline>(
  "@userkit/core/TransportDeadline"
)

/**
 * Marks a transport's client as honouring a {@link Deadline}.
 *
 * @since 0.3.0
 * @category constructors
 */
export const mark = <C extends HttpClient.HttpClient>(client: C): C & { readonly [TypeId]: true } =>
  Object.assign(client, { [TypeId]: true as const })

/**
 * Whether the client honours a {@link Deadline} itself.
 *
 * @since 0.3.0
 * @category guards
 */
export const isTakenBy = (client: HttpClient.HttpClient): boolean =>
  TypeId in client && Reflect.get(client, TypeId) === true
