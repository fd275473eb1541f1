/**
 * What a vendor's `layerConfig` sends: its service built from a map of variables
 * (`ConfigProvider.fromMap`) over a recording `MockHttpClient`, one call made, the request returned.
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as ConfigProvider from "effect/ConfigProvider"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * The first request `call` sends through the service `layer` builds under the variables `env`;
 * every request is answered with a 200 and the JSON `body`. Fails with the layer's error (a
 * `ConfigError` when a variable is missing).
 *
 * @since 0.2.0
 * @category constructors
 */
export const requestSent = <I, S, LE, CE>(options: {
  readonly tag: Context.Tag<I, S>
  readonly layer: Layer.Layer<I, LE, HttpClient.HttpClient>
  readonly env: Readonly<Record<string, string>>
  readonly call: (service: S) => Effect.Effect<unknown, CE>
  readonly body?: unknown
}): Effect.Effect<MockHttpClient.RecordedRequest, LE | CE> =>
  Effect.gen(function*() {
    yield* Effect.flatMap(options.tag, options.call)
    const [request] = yield* MockHttpClient.requests
    if (request === undefined) return yield* Effect.dieMessage("the call sent no request")
    return request
  }).pipe(
    Effect.provide(
      options.layer.pipe(
        Layer.provideMerge(MockHttpClient.layer([
          MockHttpClient.route("*", "*", () => MockHttpClient.json(200, options.body ?? {}))
        ]))
      )
    ),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(options.env))))
  )
