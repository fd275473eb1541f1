/**
 * Where each vendor is: the real one when its environment variables are set, otherwise its fake,
 * started on a 127.0.0.1 port and seeded with a small, realistic organization.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { AstronomerUsers, Fake as AstronomerFake } from "@userkit/astronomer"
import { AuthressUsers, Fake as AuthressFake } from "@userkit/authress"
import { Fake as RocksetFake, RocksetUsers } from "@userkit/rockset"
import { Fake as TileDBFake, TileDBUsers } from "@userkit/tiledb"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"

/** The person the demo offboards unless told otherwise. */
export const demoEmail = "ada.lovelace@example.com"

/** The environment, as far as the demo reads it. */
export type Env = Readonly<Record<string, string | undefined>>

const isSet = (env: Env, ...names: ReadonlyArray<string>) => names.every((name) => (env[name] ?? "") !== "")

/** Which vendors are real, from the variables each package's `layerConfig` reads. */
export const realVendors = (env: Env) => ({
  Rockset: isSet(env, "ROCKSET_APIKEY"),
  Authress: isSet(env, "AUTHRESS_API_URL", "AUTHRESS_ACCESS_KEY"),
  Astronomer: isSet(env, "ASTRO_API_TOKEN"),
  TileDB: isSet(env, "TILEDB_REST_TOKEN") || isSet(env, "TILEDB_REST_USERNAME", "TILEDB_REST_PASSWORD")
})

const rockset = Effect.gen(function*() {
  const fake = yield* RocksetFake.make({
    users: [
      { email: demoEmail, first_name: "Ada", last_name: "Lovelace", roles: ["member"], state: "ACTIVE" },
      { email: "grace.hopper@example.com", first_name: "Grace", last_name: "Hopper", roles: ["admin"] },
      { email: "alan.turing@example.com", roles: ["read-only"], state: "NEW" }
    ]
  })
  const { url } = yield* fake.serve()
  return { url, layer: RocksetUsers.layer({ apiKey: Redacted.make(RocksetFake.defaultApiKey), baseUrl: url }) }
})

const authress = Effect.gen(function*() {
  const fake = yield* AuthressFake.make({
    users: [
      { userId: "google-oauth2|1001", name: "Ada Lovelace", email: demoEmail },
      { userId: "google-oauth2|1002", name: "Grace Hopper", email: "grace.hopper@example.com" },
      // The same person signed in with a second identity provider: both identities go.
      { userId: "github|ada-l", name: "Ada L.", email: demoEmail },
      { userId: "google-oauth2|1003", name: "Alan Turing", email: "alan.turing@example.com" }
    ],
    tenants: { "tenant-research": ["google-oauth2|1001", "google-oauth2|1003"] }
  })
  const { url } = yield* fake.serve()
  return {
    url,
    layer: AuthressUsers.layer({ baseUrl: url, accessKey: Redacted.make(AuthressFake.defaultAccessKey) })
  }
})

const astronomer = Effect.gen(function*() {
  const self = AstronomerFake.defaultSelfUserId
  const fake = yield* AstronomerFake.make({
    users: [
      { id: "usr-ada", username: demoEmail, fullName: "Ada Lovelace" },
      { id: "usr-grace", username: "grace.hopper@example.com", fullName: "Grace Hopper" }
    ],
    organizations: [{
      id: AstronomerFake.defaultOrganizationId,
      members: [
        { userId: self, role: "ORGANIZATION_OWNER" },
        { userId: "usr-ada", role: "ORGANIZATION_MEMBER" },
        { userId: "usr-grace", role: "ORGANIZATION_BILLING_ADMIN" }
      ],
      workspaces: [
        {
          id: AstronomerFake.defaultWorkspaceId,
          members: [{ userId: self, role: "WORKSPACE_OWNER" }, { userId: "usr-ada", role: "WORKSPACE_AUTHOR" }]
        },
        { id: "ws-analytics", members: [{ userId: "usr-ada", role: "WORKSPACE_OPERATOR" }] }
      ]
    }]
  })
  const listening = yield* fake.serve()
  const url = AstronomerFake.baseUrl(listening)
  return { url, layer: AstronomerUsers.layer({ token: Redacted.make(fake.token), baseUrl: url }) }
})

const tiledb = Effect.gen(function*() {
  const fake = yield* TileDBFake.make({
    users: [
      {
        username: "ada.lovelace",
        email: demoEmail,
        name: "Ada Lovelace",
        password: Redacted.make("analytical-engine")
      },
      { username: "grace", email: "grace.hopper@example.com", name: "Grace Hopper" }
    ]
  })
  const listening = yield* fake.serve()
  const url = `${listening.url}${TileDBFake.basePath}`
  const layer = TileDBUsers.layer({ apiKey: Redacted.make(TileDBFake.defaultApiKey), baseUrl: url })
  // Memberships are made the way an admin makes them: through the API.
  yield* Effect.gen(function*() {
    const users = yield* TileDBUsers.TileDBUsers
    yield* users.addUserToOrganization(TileDBFake.defaultOrganization, { username: "ada.lovelace", role: "read_write" })
    yield* users.addUserToOrganization(TileDBFake.defaultOrganization, { username: "grace", role: "admin" })
  }).pipe(Effect.provide(layer), Effect.orDie)
  return { url, layer }
})

/** Where a vendor is. */
export type Source = { readonly _tag: "Real" } | { readonly _tag: "Fake"; readonly url: string }

/**
 * The four services, each real or fake; the fakes live as long as the scope.
 */
export const vendors = (env: Env) =>
  Effect.gen(function*() {
    const real = realVendors(env)
    const pick = <A, E, R, E2, E3>(
      isReal: boolean,
      realLayer: Layer.Layer<A, E2, R>,
      fake: Effect.Effect<{ readonly url: string; readonly layer: Layer.Layer<A, E, R> }, E3, R | Scope.Scope>
    ) =>
      isReal
        ? Effect.succeed({ source: { _tag: "Real" } satisfies Source, layer: realLayer })
        : Effect.map(fake, ({ layer, url }) => ({ source: { _tag: "Fake", url } satisfies Source, layer }))
    const [r, a, s, t] = yield* Effect.all([
      pick(real.Rockset, RocksetUsers.layerConfig(), rockset),
      pick(real.Authress, AuthressUsers.layerConfig(), authress),
      pick(real.Astronomer, AstronomerUsers.layerConfig(), astronomer),
      pick(real.TileDB, TileDBUsers.layerConfig(), tiledb)
    ])
    return {
      sources: { Rockset: r.source, Authress: a.source, Astronomer: s.source, TileDB: t.source },
      layer: Layer.mergeAll(r.layer, a.layer, s.layer, t.layer)
    }
  }).pipe(Effect.provide(FetchHttpClient.layer))
