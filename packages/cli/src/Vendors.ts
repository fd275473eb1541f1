/**
 * Where each vendor is: the real one when its environment variables are set, otherwise its fake,
 * served on 127.0.0.1, seeded with the directory's fake organisation and keeping the vendor's
 * quotas, scaled so the demo finishes in seconds.
 */
import * as AstronomerUsers from "@userkit/astronomer/AstronomerUsers"
import * as AstronomerFake from "@userkit/astronomer/Fake"
import * as AuthressUsers from "@userkit/authress/AuthressUsers"
import * as Directory from "@userkit/directory/Directory"
import type { Vendor } from "@userkit/directory/DirectoryUser"
import * as Fakes from "@userkit/directory/Fakes"
import * as RocksetUsers from "@userkit/rockset/RocksetUsers"
import * as TileDBFake from "@userkit/tiledb/Fake"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as UndiciHttpClient from "@userkit/undici/UndiciHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/** The environment, as far as the CLI reads it. */
export type Env = Readonly<Record<string, string | undefined>>

const isSet = (env: Env, ...names: ReadonlyArray<string>) => names.every((name) => (env[name] ?? "") !== "")

/** Which vendors are real, from the variables each package's `layerConfig` reads. */
export const realVendors = (env: Env): { readonly [V in Vendor]: boolean } => ({
  Rockset: isSet(env, "ROCKSET_APIKEY"),
  Authress: isSet(env, "AUTHRESS_API_URL", "AUTHRESS_ACCESS_KEY"),
  Astronomer: isSet(env, "ASTRO_API_TOKEN"),
  TileDB: isSet(env, "TILEDB_REST_TOKEN") || isSet(env, "TILEDB_REST_USERNAME", "TILEDB_REST_PASSWORD")
})

/** Where a vendor is. */
export type Source = { readonly _tag: "Real" } | { readonly _tag: "Fake"; readonly url: string }

/**
 * How much faster than the real quotas the fakes keep them, and the directory's limits (a fifth
 * slower than the fakes: the margin absorbs the time a request takes to reach a fake's clock).
 */
export const demoScale = { scale: 10, clientScale: 8 } as const

/** The people of the fake organisation, in each vendor that can list. */
export const demoPeople = 1000

/**
 * The directory over the four vendors, real or fake; the fakes live as long as the scope.
 */
export const setup = (env: Env, options: { readonly people?: number } = {}) =>
  Effect.gen(function*() {
    const real = realVendors(env)
    const organisation = yield* Fakes.make({ people: options.people ?? demoPeople, quotas: demoScale })
    const urls = yield* Fakes.serve(organisation)
    const fake = Fakes.clients(urls, organisation.rateLimit)
    const pick = <A, E1, E2, R1, R2>(
      isReal: boolean,
      realLayer: Layer.Layer<A, E1, R1>,
      fakeLayer: Layer.Layer<A, E2, R2>
    ) => isReal ? realLayer : fakeLayer
    const services = Layer.mergeAll(
      pick(real.Rockset, RocksetUsers.layerConfig(), fake.rockset),
      pick(real.Authress, AuthressUsers.layerConfig(), fake.authress),
      pick(real.Astronomer, AstronomerUsers.layerConfig(), fake.astronomer),
      pick(real.TileDB, TileDBUsers.layerConfig(), fake.tiledb)
    ).pipe(Layer.provide(UndiciHttpClient.layer))
    // Real vendors' clients keep their documented quotas; the fakes' clients the scaled ones.
    const fakeOptions = organisation.directory
    const directory = Directory.layer({
      // Enough lookups in flight to use the quotas over sockets (each request takes a few ms).
      concurrency: 32,
      rockset: real.Rockset ? {} : fakeOptions.rockset,
      authress: real.Authress ? {} : fakeOptions.authress,
      astronomer: real.Astronomer
        ? { organizationId: env["ASTRO_ORGANIZATION_ID"] ?? AstronomerFake.defaultOrganizationId }
        : fakeOptions.astronomer,
      tiledb: real.TileDB
        ? { organization: env["TILEDB_ORGANIZATION"] ?? TileDBFake.defaultOrganization }
        : fakeOptions.tiledb
    })
    const source = (isReal: boolean, url: string): Source => isReal ? { _tag: "Real" } : { _tag: "Fake", url }
    return {
      organisation,
      sources: {
        Rockset: source(real.Rockset, urls.rockset),
        Authress: source(real.Authress, urls.authress),
        Astronomer: source(real.Astronomer, urls.astronomer),
        TileDB: source(real.TileDB, urls.tiledb)
      } satisfies { readonly [V in Vendor]: Source },
      layer: Layer.provide(directory, services)
    }
  })
