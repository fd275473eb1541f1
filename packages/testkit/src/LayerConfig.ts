/**
 * What a vendor's `layerConfig` sends: its service built from a map of variables
 * (`ConfigProvider.fromMap`) over a recording `MockHttpClient`, one call made, the request returned;
 * and the suite of `layerConfig` tests built on it, each vendor naming its options, variables and expectations.
 *
 * @since 0.2.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import type * as ConfigOptions from "@userkit/core/ConfigOptions"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as ConfigProvider from "effect/ConfigProvider"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { firstRequest } from "./FirstRequest.js"

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
  firstRequest(options.tag, options.call).pipe(
    Effect.provide(
      options.layer.pipe(
        Layer.provideMerge(MockHttpClient.layer([
          MockHttpClient.route("*", "*", () => MockHttpClient.json(200, options.body ?? {}))
        ]))
      )
    ),
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(options.env))))
  )

/**
 * A vendor's {@link requestSent} as a function of its `layerConfig` options and the variables:
 * what {@link layerConfigSuite} runs each case through. The layer is built with no retries and
 * no rate limits (unless the options set them), so that each case sends one request at once.
 *
 * @since 0.2.0
 * @category constructors
 */
export const sender = <Options extends ConfigOptions.CommonOptions | undefined, I, S, LE, CE>(vendor: {
  readonly tag: Context.Tag<I, S>
  readonly layerConfig: (options: Options) => Layer.Layer<I, LE, HttpClient.HttpClient>
  readonly call: (service: S) => Effect.Effect<unknown, CE>
  readonly body?: unknown
}) =>
(options: Options, env: Readonly<Record<string, string>>): Effect.Effect<MockHttpClient.RecordedRequest, LE | CE> =>
  requestSent({
    tag: vendor.tag,
    layer: vendor.layerConfig({ retry: false, rateLimit: false, ...options }),
    env,
    call: vendor.call,
    body: vendor.body
  })

/**
 * What one request built by `layerConfig` must carry: header values (`undefined` for a header
 * that must be absent), and its URL whole (`href`) or only its `origin`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Sends<Options> {
  readonly options: Options
  readonly env: Readonly<Record<string, string>>
  readonly headers?: Readonly<Record<string, string | undefined>>
  readonly href?: string
  readonly origin?: string
}

/**
 * A `layerConfig` that must fail to build: its error names each of `mentions` and none of `omits`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Fails<Options> {
  readonly options: Options
  readonly env: Readonly<Record<string, string>>
  readonly mentions: ReadonlyArray<string>
  readonly omits?: ReadonlyArray<string>
}

/**
 * Declares the `layerConfig` tests of a vendor: each entry of `sends` is a test, by its title,
 * of the requests the options and variables build; each entry of `fails`, of the errors they fail with.
 * `sent` is the vendor's {@link sender}.
 *
 * @since 0.2.0
 * @category suites
 */
export const layerConfigSuite = <Options>(suite: {
  readonly sent: (
    options: Options,
    env: Readonly<Record<string, string>>
  ) => Effect.Effect<MockHttpClient.RecordedRequest, unknown>
  readonly sends: Readonly<Record<string, ReadonlyArray<Sends<NoInfer<Options>>>>>
  readonly fails: Readonly<Record<string, ReadonlyArray<Fails<NoInfer<Options>>>>>
}): void => {
  describe("layerConfig options", () => {
    for (const [title, cases] of Object.entries(suite.sends)) {
      it.effect(
        title,
        () =>
          Effect.forEach(cases, (expected, n) =>
            Effect.map(suite.sent(expected.options, expected.env), (request) => {
              const where = `request ${n + 1}`
              for (const [header, value] of Object.entries(expected.headers ?? {})) {
                assert.strictEqual(request.headers[header], value, `${where}: ${header}`)
              }
              if (expected.href !== undefined) assert.strictEqual(request.url.href, expected.href, where)
              if (expected.origin !== undefined) assert.strictEqual(request.url.origin, expected.origin, where)
            }))
      )
    }
    for (const [title, cases] of Object.entries(suite.fails)) {
      it.effect(
        title,
        () =>
          Effect.forEach(
            cases,
            (expected) =>
              Effect.map(Effect.flip(suite.sent(expected.options, expected.env)), (error) => {
                const message = String(error)
                for (const mention of expected.mentions) {
                  assert.include(message, mention)
                }
                for (const omitted of expected.omits ?? []) assert.notInclude(message, omitted)
              })
          )
      )
    }
  })
}
