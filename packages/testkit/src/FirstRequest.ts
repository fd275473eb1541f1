/**
 * The request a service sends for one call, as the `MockHttpClient` in context recorded it: what
 * a test of the wire (a URL, a header, a body) reads.
 *
 * @since 0.2.0
 */
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"

/**
 * Makes `call` with the service `tag` names, then answers the first request the mock recorded.
 * A call that sent none dies: the test is wrong, not the client.
 *
 * @since 0.2.0
 * @category accessors
 */
export const firstRequest = <I, S, E>(
  tag: Context.Tag<I, S>,
  call: (service: S) => Effect.Effect<unknown, E>
): Effect.Effect<MockHttpClient.RecordedRequest, E, I | MockHttpClient.MockHttpClient> =>
  Effect.gen(function*() {
    yield* Effect.flatMap(tag, call)
    const [request] = yield* MockHttpClient.requests
    if (request === undefined) return yield* Effect.dieMessage("the call sent no request")
    return request
  })
