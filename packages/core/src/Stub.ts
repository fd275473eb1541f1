/**
 * The stub layers the vendor packages export as `layerTest`: the methods a test gives, and every
 * other method dying with a message naming the vendor's service and the method, so a test that
 * reaches an unexpected call fails loudly instead of hanging or passing by accident. Kept apart
 * from `Testing`, whose property checks pull in FastCheck: a vendor module imports only this.
 *
 * @since 0.2.0
 */
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"

const notImplemented = (service: string, method: string) =>
  `${service}.layerTest: ${method} is not implemented in this test layer`

/**
 * A method a test stub does not implement: calling it dies with a message naming it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unimplemented = (service: string, method: string) => (): Effect.Effect<never> =>
  Effect.dieMessage(notImplemented(service, method))

/**
 * The same, for a method that returns a `Stream`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unimplementedStream = (service: string, method: string) => (): Stream.Stream<never> =>
  Stream.dieMessage(notImplemented(service, method))

/**
 * The methods of a service: those that return an `Effect` (usually the keys of its API record)
 * and those that return a `Stream`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Methods<Service> {
  readonly effects: ReadonlyArray<keyof Service & string>
  readonly streams?: ReadonlyArray<keyof Service & string>
}

// The service's name is the last segment of its tag's key: `@userkit/rockset/RocksetUsers`.
const serviceName = (key: string): string => key.slice(key.lastIndexOf("/") + 1)

/**
 * A service made of the given methods; each other method dies naming the service and itself.
 *
 * @since 0.2.0
 * @category constructors
 */
export function service<Id, Service>(
  tag: Context.Tag<Id, Service>,
  methods: Methods<Service>,
  implementation: Partial<Service>
): Service
export function service(
  tag: Context.Tag<unknown, unknown>,
  methods: Methods<Record<string, unknown>>,
  implementation: Record<string, unknown>
): unknown {
  const name = serviceName(tag.key)
  const stub: Record<string, unknown> = {}
  const dying = (die: (service: string, method: string) => unknown) => (method: string) => {
    stub[method] = die(name, method)
  }
  methods.effects.forEach(dying(unimplemented))
  methods.streams?.forEach(dying(unimplementedStream))
  return Object.assign(stub, implementation)
}

/**
 * {@link service} as a layer: what a vendor's `layerTest` returns.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = <Id, Service>(
  tag: Context.Tag<Id, Service>,
  methods: Methods<Service>,
  implementation: Partial<Service>
): Layer.Layer<Id> => Layer.succeed(tag, service(tag, methods, implementation))
