/**
 * The HTTP clients a userkit suite can run over, each over real sockets: the platform's fetch
 * client (the reference), `@userkit/undici`, and `@effect/platform-node`'s undici client. Every
 * one answers a redirect instead of following it, as the vendors' clients expect.
 *
 * @since 0.2.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { UndiciHttpClient } from "@userkit/undici"
import * as Layer from "effect/Layer"

/**
 * One HTTP client layer, named for test titles.
 *
 * @since 0.2.0
 * @category models
 */
export interface Transport {
  readonly name: string
  readonly layer: Layer.Layer<HttpClient.HttpClient>
  /** Where the transport is known to break the platform's contract; a suite asserts the deviation. */
  readonly deviations: ReadonlyArray<Deviation>
}

/**
 * A known break of the contract: `formData` (a FormData request body fails to send),
 * `emptyBodyStream` (the stream of a bodiless response is empty instead of failing with `EmptyBody`).
 *
 * @since 0.2.0
 * @category models
 */
export type Deviation = "formData" | "emptyBodyStream"

/**
 * `FetchHttpClient` with `redirect: "manual"` (fetch follows redirects by default; the others never do).
 *
 * @since 0.2.0
 * @category transports
 */
export const fetch: Transport = {
  name: "FetchHttpClient",
  layer: FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" }))),
  deviations: []
}

/**
 * `UndiciHttpClient.layer` from `@userkit/undici`, with its own keep-alive Agent.
 *
 * @since 0.2.0
 * @category transports
 */
export const undici: Transport = { name: "UndiciHttpClient", layer: UndiciHttpClient.layer, deviations: [] }

/**
 * `NodeHttpClient.layerUndici` from `@effect/platform-node` (0.108): it hands Node's global
 * FormData to undici 7, which cannot read it, and streams a bodiless response as empty.
 *
 * @since 0.2.0
 * @category transports
 */
export const platformNodeUndici: Transport = {
  name: "NodeHttpClient.layerUndici",
  layer: NodeHttpClient.layerUndici,
  deviations: ["formData", "emptyBodyStream"]
}

/**
 * Every transport, the reference first.
 *
 * @since 0.2.0
 * @category transports
 */
export const transports: ReadonlyArray<Transport> = [fetch, undici, platformNodeUndici]

/**
 * Every transport as an application configures it: `FetchHttpClient.layer` with fetch's defaults
 * (which follow redirects), so the boundary suites prove that userkit, not the transport's
 * settings, keeps a redirect from being followed.
 *
 * @since 0.2.0
 * @category transports
 */
export const asConfigured: ReadonlyArray<Transport> = [
  { name: "FetchHttpClient", layer: FetchHttpClient.layer, deviations: [] },
  undici,
  platformNodeUndici
]
