/**
 * Which vendors a run talks to, and how; real and fake never mix.
 *
 * - **Real** (every command unless `--fakes`): exactly the vendors with a variable of theirs in the
 *   environment. A vendor missing a setting it needs (Astronomer's `ASTRO_ORGANIZATION_ID`,
 *   TileDB's `TILEDB_ORGANIZATION`, a key) is a {@link ConfigurationError} naming the variable,
 *   and nothing runs; a vendor whose client cannot be set up from what is there (a malformed
 *   `AUTHRESS_ACCESS_KEY`) is unavailable: it fails alone, the others are used.
 * - **Fakes** (`userkit demo`, or `--fakes`): the four vendor fakes served on 127.0.0.1 for the
 *   run, seeded with the directory's fake organisation, keeping the vendors' quotas scaled to
 *   finish in seconds. The environment's vendor variables are ignored.
 *
 * @since 0.3.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { AstronomerUsers } from "@userkit/astronomer"
import { AuthressUsers } from "@userkit/authress"
import type * as FakeServer from "@userkit/core/FakeServer"
import type * as Directory from "@userkit/directory/Directory"
import { type Vendor, vendors } from "@userkit/directory/DirectoryUser"
import * as Fakes from "@userkit/directory/Fakes"
import { RocksetUsers } from "@userkit/rockset"
import * as ReviewWorkflow from "@userkit/store/ReviewWorkflow"
import { TileDBUsers } from "@userkit/tiledb"
import * as UndiciHttpClient from "@userkit/undici/UndiciHttpClient"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"

/**
 * The environment, as far as the CLI reads it.
 *
 * @since 0.3.0
 * @category models
 */
export type Env = Readonly<Record<string, string | undefined>>

/**
 * An environment variable the CLI reads for a vendor.
 *
 * @since 0.3.0
 * @category models
 */
export interface Variable {
  readonly name: string
  readonly description: string
}

const isSet = (env: Env, name: string): boolean => (env[name] ?? "").trim() !== ""

const variable = (name: string, description: string): Variable => ({ name, description })

/**
 * Each vendor's variables (the names its package's `layerConfig` reads, and the organisation
 * the directory spans), and which of them are missing for a real run.
 *
 * @since 0.3.0
 * @category constants
 */
export const settings: {
  readonly [V in Vendor]: {
    readonly variables: ReadonlyArray<Variable>
    readonly missing: (env: Env) => ReadonlyArray<string>
  }
} = {
  Rockset: {
    variables: [
      variable("ROCKSET_APIKEY", "API key (required)"),
      variable("ROCKSET_APISERVER", "API server, e.g. api.usw2a1.rockset.com (optional)")
    ],
    missing: (env) => isSet(env, "ROCKSET_APIKEY") ? [] : ["ROCKSET_APIKEY"]
  },
  Authress: {
    variables: [
      variable("AUTHRESS_API_URL", "the account's API URL (required)"),
      variable("AUTHRESS_ACCESS_KEY", "a service client's access key (required)"),
      variable(
        "AUTHRESS_TENANTS",
        "the tenants whose members reviews show, comma-separated (optional; Authress cannot list its tenants)"
      )
    ],
    missing: (env) => ["AUTHRESS_API_URL", "AUTHRESS_ACCESS_KEY"].filter((name) => !isSet(env, name))
  },
  Astronomer: {
    variables: [
      variable("ASTRO_API_TOKEN", "API token (required)"),
      variable("ASTRO_ORGANIZATION_ID", "the organization to span (required)"),
      variable("ASTRO_API_URL", "base URL (optional)")
    ],
    missing: (env) => ["ASTRO_API_TOKEN", "ASTRO_ORGANIZATION_ID"].filter((name) => !isSet(env, name))
  },
  TileDB: {
    variables: [
      variable("TILEDB_REST_TOKEN", "API token (or TILEDB_REST_USERNAME and TILEDB_REST_PASSWORD)"),
      variable("TILEDB_REST_USERNAME", "username, with TILEDB_REST_PASSWORD"),
      variable("TILEDB_REST_PASSWORD", "password, with TILEDB_REST_USERNAME"),
      variable("TILEDB_ORGANIZATION", "the organization to span (required)"),
      variable("TILEDB_REST_HOST", "API host (optional)")
    ],
    missing: (env) => [
      ...(isSet(env, "TILEDB_REST_TOKEN") || (isSet(env, "TILEDB_REST_USERNAME") && isSet(env, "TILEDB_REST_PASSWORD"))
        ? []
        : ["TILEDB_REST_TOKEN (or TILEDB_REST_USERNAME and TILEDB_REST_PASSWORD)"]),
      ...(isSet(env, "TILEDB_ORGANIZATION") ? [] : ["TILEDB_ORGANIZATION"])
    ]
  }
}

/**
 * The vendors with at least one variable of theirs set: the ones a real run uses.
 *
 * @since 0.3.0
 * @category constructors
 */
export const configured = (env: Env): ReadonlyArray<Vendor> =>
  vendors.filter((vendor) => settings[vendor].variables.some(({ name }) => isSet(env, name)))

/**
 * For each vendor, whether a variable of its own is set (the single-vendor examples' rule too).
 *
 * @since 0.2.0
 * @category constructors
 */
export const realVendors = (env: Env): { readonly [V in Vendor]: boolean } => {
  const real = configured(env)
  return {
    Rockset: real.includes("Rockset"),
    Authress: real.includes("Authress"),
    Astronomer: real.includes("Astronomer"),
    TileDB: real.includes("TileDB")
  }
}

/**
 * The environment does not say which vendors to use, or a vendor misses a setting it needs.
 *
 * @since 0.3.0
 * @category errors
 */
export class ConfigurationError extends Data.TaggedError("ConfigurationError")<{
  /** The variables to set. */
  readonly variables: ReadonlyArray<string>
  readonly message: string
}> {}

/**
 * Where a vendor of the run is.
 *
 * @since 0.3.0
 * @category models
 */
export type Source =
  | { readonly _tag: "Real" }
  | { readonly _tag: "Fake"; readonly url: string }
  | { readonly _tag: "Unavailable"; readonly reason: string }

/**
 * The vendors of a run and the directory over them.
 *
 * @since 0.3.0
 * @category models
 */
export interface Setup {
  /** Whether the data comes from userkit's fakes. */
  readonly fakes: boolean
  readonly sources: { readonly [V in Vendor]?: Source }
  /** The directory, with its per-vendor reviews (the review workflow's activities). */
  readonly directory: Layer.Layer<Directory.Directory | ReviewWorkflow.VendorReviews>
  /** The fake organisation, in a run on the fakes. */
  readonly organisation: Fakes.Organisation | undefined
}

/**
 * How much faster than the real quotas the fakes keep them, and the clients' limits over the
 * fakes (a fifth slower: the margin absorbs the time a request takes to reach a fake's clock).
 *
 * @since 0.2.0
 * @category constants
 */
export const demoScale = { scale: 10, clientScale: 8 } as const

/**
 * The people of the fake organisation, in each vendor that can list.
 *
 * @since 0.2.0
 * @category constants
 */
export const demoPeople = 1000

const describeCause = (error: unknown): string =>
  typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" &&
    error.message !== ""
    ? error.message
    : String(error)

// A comma-separated setting's entries, trimmed, the empty ones left out.
const listOf = (value: string | undefined): ReadonlyArray<string> =>
  (value ?? "").split(",").map((entry) => entry.trim()).filter((entry) => entry !== "")

// Vendors the directory does not span are never called; their service is a stub that says so.
const absent = {
  Rockset: RocksetUsers.layerTest({}),
  Authress: AuthressUsers.layerTest({}),
  Astronomer: AstronomerUsers.layerTest({}),
  TileDB: TileDBUsers.layerTest({})
}

/**
 * The real vendors the environment configures, each client built on its own so that one that
 * cannot be set up fails alone.
 *
 * @since 0.3.0
 * @category constructors
 */
export const real = (env: Env): Effect.Effect<Setup, ConfigurationError, Scope.Scope> =>
  Effect.gen(function*() {
    const chosen = configured(env)
    if (chosen.length === 0) {
      return yield* new ConfigurationError({
        variables: vendors.flatMap((vendor) => settings[vendor].missing({})),
        message: "no vendor is configured: set a vendor's variables (see --help), or use the fakes " +
          "(`userkit demo`, `--fakes`, or `userkit fakes` to serve them)"
      })
    }
    const missing = chosen.flatMap((vendor) => settings[vendor].missing(env).map((name) => ({ vendor, name })))
    if (missing.length > 0) {
      return yield* new ConfigurationError({
        variables: missing.map(({ name }) => name),
        message: missing.map(({ name, vendor }) => `${vendor}: ${name} is not set`).join("; ")
      })
    }
    const provider = ConfigProvider.fromMap(
      new Map(Object.entries(env).flatMap(([name, value]) => value === undefined ? [] : [[name, value]]))
    )
    const http = yield* Layer.build(UndiciHttpClient.layer)
    const sources: { [V in Vendor]?: Source } = {}
    const unavailable: { [V in Vendor]?: string } = {}
    const build = <I, E>(vendor: Vendor, layer: Layer.Layer<I, E, HttpClient.HttpClient>, stub: Layer.Layer<I>) =>
      Effect.gen(function*() {
        if (!chosen.includes(vendor)) return { layer: stub, ready: false }
        const built = yield* Effect.either(
          Layer.build(Layer.provide(layer, Layer.succeedContext(http))).pipe(Effect.withConfigProvider(provider))
        )
        if (Either.isLeft(built)) {
          sources[vendor] = { _tag: "Unavailable", reason: describeCause(built.left) }
          unavailable[vendor] = describeCause(built.left)
          return { layer: stub, ready: false }
        }
        sources[vendor] = { _tag: "Real" }
        return { layer: Layer.succeedContext(built.right), ready: true }
      })
    const rockset = yield* build("Rockset", RocksetUsers.layerConfig(), absent.Rockset)
    const authress = yield* build("Authress", AuthressUsers.layerConfig(), absent.Authress)
    const astronomer = yield* build("Astronomer", AstronomerUsers.layerConfig(), absent.Astronomer)
    const tiledb = yield* build("TileDB", TileDBUsers.layerConfig(), absent.TileDB)
    const options: Directory.Options = {
      rockset: rockset.ready ? {} : undefined,
      authress: authress.ready ? { tenants: listOf(env["AUTHRESS_TENANTS"]) } : undefined,
      astronomer: astronomer.ready ? { organizationId: env["ASTRO_ORGANIZATION_ID"]?.trim() ?? "" } : undefined,
      tiledb: tiledb.ready ? { organization: env["TILEDB_ORGANIZATION"]?.trim() ?? "" } : undefined,
      // Failed in every coverage and never called: the run says what it could not look at.
      unavailable
    }
    return {
      fakes: false,
      sources,
      organisation: undefined,
      directory: ReviewWorkflow.layerDirectory(options).pipe(
        Layer.provide(Layer.mergeAll(rockset.layer, authress.layer, astronomer.layer, tiledb.layer))
      )
    }
  })

/**
 * The four fakes served on 127.0.0.1 until the scope closes, with the directory over them.
 *
 * @since 0.3.0
 * @category constructors
 */
export const fakes = (
  options: { readonly people?: number | undefined } = {}
): Effect.Effect<Setup, FakeServer.ListenError, Scope.Scope> =>
  Effect.gen(function*() {
    const organisation = yield* Fakes.make({ people: options.people ?? demoPeople, quotas: demoScale })
    const urls = yield* Fakes.serve(organisation)
    const clients = Fakes.clients(urls, organisation.rateLimit)
    const services = Layer.mergeAll(clients.rockset, clients.authress, clients.astronomer, clients.tiledb).pipe(
      Layer.provide(UndiciHttpClient.layer),
      // The fakes' own credentials always parse.
      Layer.orDie
    )
    return {
      fakes: true,
      organisation,
      sources: {
        Rockset: { _tag: "Fake", url: urls.rockset },
        Authress: { _tag: "Fake", url: urls.authress },
        Astronomer: { _tag: "Fake", url: urls.astronomer },
        TileDB: { _tag: "Fake", url: urls.tiledb }
      },
      // Enough lookups in flight to use the quotas over sockets (each request takes a few ms).
      directory: ReviewWorkflow.layerDirectory({ ...organisation.directory, concurrency: 32 }).pipe(
        Layer.provide(services)
      )
    }
  })
