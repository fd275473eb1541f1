/**
 * A vendor's fake on a real 127.0.0.1 port, reached through the real fetch client: sockets,
 * HTTP framing, URL encoding and headers are those of production, not of the in-process client.
 *
 * @since 0.2.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert } from "@effect/vitest"
import type * as FakeServer from "@userkit/core/FakeServer"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * Serves `fake` on an ephemeral loopback port, builds the service with `make` from the fake's
 * `baseUrl` over `FetchHttpClient`, and runs `use` with both; the server closes when it ends.
 *
 * @since 0.2.0
 * @category constructors
 */
export const overLoopback = <Fake extends FakeServer.FakeServer, Service, A, E, FE, ME>(
  fake: Effect.Effect<Fake, FE>,
  make: (baseUrl: string) => Effect.Effect<Service, ME, HttpClient.HttpClient | Scope.Scope>,
  use: (service: Service, fake: Fake) => Effect.Effect<A, E>
): Effect.Effect<A, E | FE | ME | FakeServer.ListenError> =>
  Effect.gen(function*() {
    const served = yield* fake
    const { baseUrl, url } = yield* served.serve()
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/)
    const service = yield* make(baseUrl).pipe(Effect.provide(FetchHttpClient.layer))
    return yield* use(service, served)
  }).pipe(Effect.scoped)

/**
 * Serves `fake`, closes it, then runs `call` on the service `make` builds from its URL: the
 * call must fail with a `TransportError`, as a connection refused does (a success fails the test
 * with its value).
 *
 * @since 0.2.0
 * @category assertions
 */
export const assertServerGoneFails = <
  Fake extends FakeServer.FakeServer,
  Service,
  FE,
  ME,
  A,
  E extends {
    readonly _tag: string
  }
>(
  fake: Effect.Effect<Fake, FE>,
  make: (baseUrl: string) => Effect.Effect<Service, ME, HttpClient.HttpClient | Scope.Scope>,
  call: (service: Service) => Effect.Effect<A, E>
): Effect.Effect<void, A | FE | ME | FakeServer.ListenError> =>
  Effect.gen(function*() {
    const baseUrl = yield* Effect.scoped(Effect.flatMap(fake, (served) => Effect.map(served.serve(), (l) => l.baseUrl)))
    const service = yield* make(baseUrl).pipe(Effect.provide(FetchHttpClient.layer), Effect.scoped)
    const error = yield* Effect.flip(call(service))
    assert.strictEqual(error._tag, "TransportError")
  })
