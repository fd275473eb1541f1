/**
 * The contenders, built against a base origin: raw undici `Agent.request` + `JSON.parse` (the
 * floor), plain `fetch` + `JSON.parse`, userkit over each HTTP client, and the vendors' official
 * SDKs. Every contender sends the same credentials header and reads the same body.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { AstronomerUsers } from "@userkit/astronomer"
import { AuthressUsers } from "@userkit/authress"
import type * as RateLimit from "@userkit/core/RateLimit"
import { RocksetUsers } from "@userkit/rockset"
import { TileDBUsers } from "@userkit/tiledb"
import { UndiciHttpClient } from "@userkit/undici"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"
import * as Undici from "undici"

/** What every contender sends as its credentials; the loopback server does not check them. */
export const secret = "bench-secret-key"

/** The ids asked for. */
export const ids = {
  rockset: "user0@example.com",
  tiledb: "user0",
  authress: "oauth|user-0"
} as const

/** The HTTP clients userkit is measured over. */
export const transports = {
  undici: { name: "UndiciHttpClient", layer: UndiciHttpClient.layer },
  fetch: { name: "FetchHttpClient", layer: FetchHttpClient.layer },
  platformNode: { name: "NodeHttpClient.layerUndici", layer: NodeHttpClient.layerUndici }
} as const

/** A transport's key. */
export type TransportKey = keyof typeof transports

/** The transport of a key given on a command line (`undici` when unknown). */
export const transportOf = (key: string | undefined) =>
  key === "fetch" || key === "platformNode" ? transports[key] : transports.undici

/**
 * The userkit services of every vendor, over `FetchHttpClient` (or the layer given). Rate limits
 * off: the loopback server has no quotas, and the bench measures the call path (with the default
 * quotas Rockset alone would keep reads to 500 a minute), but for Rockset's when `rocksetLimits`
 * is given.
 */
export const userkitLayer = (
  origin: string,
  http: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer,
  rocksetLimits: RateLimit.Option = false
) =>
  Layer.mergeAll(
    http,
    RocksetUsers.layer({ apiKey: Redacted.make(secret), baseUrl: `${origin}/rockset`, rateLimit: rocksetLimits }),
    TileDBUsers.layer({ apiKey: Redacted.make(secret), baseUrl: `${origin}/v1`, rateLimit: false }),
    AuthressUsers.layer({ baseUrl: `${origin}/authress`, token: Redacted.make(secret), rateLimit: false }),
    AstronomerUsers.layer({ token: Redacted.make(secret), baseUrl: `${origin}/astronomer`, rateLimit: false })
  ).pipe(Layer.provide(http))

/** A runtime holding the four userkit services. */
export const userkitRuntime = (
  origin: string,
  http?: Layer.Layer<HttpClient.HttpClient>,
  rocksetLimits?: RateLimit.Option
) => ManagedRuntime.make(userkitLayer(origin, http, rocksetLimits))

/** The userkit services, taken once from a runtime. */
export const userkitServices = async (runtime: ReturnType<typeof userkitRuntime>) => ({
  rockset: await runtime.runPromise(RocksetUsers.RocksetUsers),
  tiledb: await runtime.runPromise(TileDBUsers.TileDBUsers),
  authress: await runtime.runPromise(AuthressUsers.AuthressUsers),
  astronomer: await runtime.runPromise(AstronomerUsers.AstronomerUsers)
})

/**
 * Effect's own `HttpClient` with no userkit on top: a GET, the body read as text, `JSON.parse`.
 * What any Effect program pays for the platform client, so the rest is userkit's own cost.
 */
export const effectHttpClient = (origin: string) => {
  const get = (url: string, headers: Record<string, string>) =>
    Effect.flatMap(
      HttpClient.HttpClient,
      (client) =>
        Effect.flatMap(client.get(url, { headers }), (response) =>
          Effect.map(response.text, (text): unknown => JSON.parse(text)))
    )
  return {
    rockset: (user: string) =>
      get(`${origin}/rockset/v1/orgs/self/users/${encodeURIComponent(user)}`, {
        accept: "application/json",
        authorization: `ApiKey ${secret}`
      })
  }
}

/** The vendors' requests, over a `get` that answers the parsed JSON body. */
const vendorCalls = (origin: string, get: (url: string, headers: Record<string, string>) => Promise<unknown>) => ({
  get,
  rockset: (user: string) =>
    get(`${origin}/rockset/v1/orgs/self/users/${encodeURIComponent(user)}`, {
      accept: "application/json",
      authorization: `ApiKey ${secret}`
    }),
  rocksetList: () =>
    get(`${origin}/rockset/v1/orgs/self/users`, {
      accept: "application/json",
      authorization: `ApiKey ${secret}`
    }),
  tiledb: (username: string) =>
    get(`${origin}/v1/users/${encodeURIComponent(username)}`, {
      accept: "application/json",
      "x-tiledb-rest-api-key": secret
    }),
  authress: (userId: string) =>
    get(`${origin}/authress/v1/users/${encodeURIComponent(userId)}`, {
      accept: "application/links+json",
      authorization: `Bearer ${secret}`
    })
})

/** Plain `fetch` + `JSON.parse`, with the headers userkit sends. */
export const plainFetch = (origin: string, fetchImpl: typeof fetch = fetch) =>
  vendorCalls(origin, async (url, headers) => {
    const response = await fetchImpl(url, { headers })
    const text = await response.text()
    if (!response.ok) throw new Error(`status ${response.status}`)
    return JSON.parse(text)
  })

/**
 * Raw undici: `Agent.request` + `JSON.parse` over a keep-alive Agent of its own, with the headers
 * userkit sends. The floor any client over undici is measured against.
 */
export const rawUndici = (origin: string) => {
  const agent = new Undici.Agent()
  return {
    ...vendorCalls(origin, async (url, headers) => {
      const response = await agent.request({ origin, path: url.slice(origin.length), method: "GET", headers })
      const text = await response.body.text()
      if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`)
      return JSON.parse(text)
    }),
    close: () => agent.destroy()
  }
}
