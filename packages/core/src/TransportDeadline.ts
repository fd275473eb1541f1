/**
 * How a transport sends userkit's requests itself, taking the per-attempt timeout of a call, so
 * that the call needs no fiber, no timer and no fiber-ref settings of its own (see "The
 * per-attempt deadline" in docs/ARCHITECTURE.md).
 *
 * The protocol, for a transport author:
 * 1. The `HttpClient` carries, under {@link TypeId}, a {@link Sender} (see {@link mark}). A client
 *    derived from it by a transform (`HttpClient.mapRequest`, `retry`, …) does not: whatever the
 *    transform adds must run, so userkit then sends through the client and times the attempt
 *    itself, as for any transport.
 * 2. Given a {@link Deadline} (or none), the sender answers a client for userkit's requests. It
 *    makes no `http.client` span of its own (userkit's attempt span stands for it, and carries the
 *    `traceparent` when the application propagates traces), follows no redirect (userkit answers
 *    them), and, with a deadline, from the moment a request is handed to it, past `millis` aborts
 *    the request (closing its connection) and fails whatever waits on it (the response, or the
 *    reading of its body) with `exceeded` as the `cause` of its `RequestError` or `ResponseError`.
 *    userkit turns that failure into the call's `TimeoutError`.
 * 3. The timer stops when the body has been read to its end, when reading it is cancelled, or when
 *    the exchange fails.
 *
 * The key is registered with `Symbol.for`, so a transport implements the protocol without
 * depending on `@userkit/core` (`@userkit/undici` does: its tests check it agrees with this
 * module).
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"

/**
 * The property under which a transport's `HttpClient` carries its {@link Sender}.
 *
 * @since 0.3.0
 * @category symbols
 */
export const TypeId: unique symbol = Symbol.for("@userkit/core/TransportDeadline")

/**
 * The deadline of every request a sender's client sends.
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
 * The client a transport sends userkit's requests on, for a deadline or none. Called once per
 * userkit client and deadline, not per request.
 *
 * @since 0.3.0
 * @category models
 */
export type Sender = (deadline: Deadline | undefined) => HttpClient.HttpClient

/**
 * Marks a transport's client as sending userkit's requests through the {@link Sender}.
 *
 * @since 0.3.0
 * @category constructors
 */
export const mark = <C extends HttpClient.HttpClient>(client: C, sender: Sender): C & { readonly [TypeId]: Sender } =>
  Object.assign(client, { [TypeId]: sender })

/**
 * The client's {@link Sender}, when it has one.
 *
 * @since 0.3.0
 * @category getters
 */
export const senderOf = (client: HttpClient.HttpClient): Sender | undefined => {
  const sender: unknown = TypeId in client ? Reflect.get(client, TypeId) : undefined
  return isSender(sender) ? sender : undefined
}

// The protocol's one promise about the value: a function of a deadline.
const isSender = (value: unknown): value is Sender => typeof value === "function"
