/**
 * The transports every boundary guarantee is proven on: the one the examples use, and every one
 * the project ships or recommends. A new transport is one more entry here (and in
 * packages/core/test/loopback.ts, whose tests cannot import this package).
 *
 * @since 0.2.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Layer from "effect/Layer"

/**
 * A transport under test.
 *
 * @since 0.2.0
 * @category models
 */
export interface Transport {
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
}

/**
 * Every transport under test.
 *
 * @since 0.2.0
 * @category constants
 */
export const transports: ReadonlyArray<Transport> = [
  { name: "FetchHttpClient", layer: FetchHttpClient.layer },
  { name: "NodeHttpClient.layerUndici", layer: NodeHttpClient.layerUndici }
]
