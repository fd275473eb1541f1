/**
 * The contenders, built against a base origin: plain `fetch` + `JSON.parse`, userkit over
 * `FetchHttpClient`, and the vendors' official SDKs. Every contender sends the same credentials
 * header and reads the same body.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { AstronomerUsers } from "@userkit/astronomer"
import { AuthressUsers } from "@userkit/authress"
import { RocksetUsers } from "@userkit/rockset"
import { TileDBUsers } from "@userkit/tiledb"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Redacted from "effect/Redacted"

/** What every contender sends as its credentials; the loopback server does not check them. */
export const secret = "bench-secret-key"

/** The ids asked for. */
export const ids = {
  rockset: "user0@example.com",
  tiledb: "user0",
  authress: "oauth|user-0"
} as const

/** The userkit services of every vendor, over `FetchHttpClient` (or the layer given). */
export const userkitLayer = (
  origin: string,
  http: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer
) =>
  Layer.mergeAll(
    http,
    RocksetUsers.layer({ apiKey: Redacted.make(secret), baseUrl: `${origin}/rockset` }),
    TileDBUsers.layer({ apiKey: Redacted.make(secret), baseUrl: `${origin}/v1` }),
    AuthressUsers.layer({ baseUrl: `${origin}/authress`, token: Redacted.make(secret) }),
    AstronomerUsers.layer({ token: Redacted.make(secret), baseUrl: `${origin}/astronomer` })
  ).pipe(Layer.provide(http))

/** A runtime holding the four userkit services. */
export const userkitRuntime = (
  origin: string,
  http?: Layer.Layer<HttpClient.HttpClient>
) => ManagedRuntime.make(userkitLayer(origin, http))

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

/** Plain `fetch` + `JSON.parse`, with the headers userkit sends. */
export const plainFetch = (origin: string, fetchImpl: typeof fetch = fetch) => {
  const get = async (url: string, headers: Record<string, string>): Promise<unknown> => {
    const response = await fetchImpl(url, { headers })
    const text = await response.text()
    if (!response.ok) throw new Error(`status ${response.status}`)
    return JSON.parse(text)
  }
  return {
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
  }
}
