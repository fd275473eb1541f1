/**
 * `userkit fakes`: the four vendor fakes served on 127.0.0.1 until stopped, keeping their state
 * while they run, with the environment that points the CLI (or any program using the vendors'
 * `layerConfig`) at them. The CLI in real mode against these servers is exactly the CLI against
 * the real vendors; each fake also answers `GET /__userkit/requests` with its request counts.
 *
 * @since 0.3.0
 */
import { Fake as AstronomerFake } from "@userkit/astronomer"
import { Fake as AuthressFake } from "@userkit/authress"
import type * as FakeServer from "@userkit/core/FakeServer"
import * as Fakes from "@userkit/directory/Fakes"
import { Fake as RocksetFake } from "@userkit/rockset"
import { Fake as TileDBFake } from "@userkit/tiledb"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * The people of the sandbox's organisation by default: few enough that a real-mode audit, kept
 * within the vendors' documented quotas, takes seconds.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultPeople = 100

/**
 * The environment variables that point each vendor's `layerConfig` at the served fakes, in
 * the order they are printed.
 *
 * @since 0.3.0
 * @category constructors
 */
export const environment = (urls: Fakes.BaseUrls): ReadonlyArray<readonly [name: string, value: string]> => [
  ["ROCKSET_APIKEY", RocksetFake.defaultApiKey],
  ["ROCKSET_APISERVER", urls.rockset],
  ["AUTHRESS_API_URL", urls.authress],
  ["AUTHRESS_ACCESS_KEY", AuthressFake.defaultAccessKey],
  ["AUTHRESS_TENANTS", Fakes.tenants.join(",")],
  ["ASTRO_API_TOKEN", AstronomerFake.defaultToken],
  ["ASTRO_API_URL", urls.astronomer],
  ["ASTRO_ORGANIZATION_ID", AstronomerFake.defaultOrganizationId],
  ["TILEDB_REST_TOKEN", TileDBFake.defaultApiKey],
  ["TILEDB_REST_HOST", urls.tiledb],
  ["TILEDB_ORGANIZATION", TileDBFake.defaultOrganization]
]

/**
 * A value quoted for a POSIX shell (`eval "$(userkit fakes)"`).
 *
 * @since 0.3.0
 * @category output
 */
export const shellQuote = (value: string): string =>
  /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`

/**
 * The `export NAME=value` lines for the served fakes.
 *
 * @since 0.3.0
 * @category output
 */
export const exportLines = (urls: Fakes.BaseUrls): ReadonlyArray<string> =>
  environment(urls).map(([name, value]) => `export ${name}=${shellQuote(value)}`)

/**
 * Serves the fake organisation (without quotas: the clients keep the real ones) until the scope
 * closes; answers where each fake is.
 *
 * @since 0.3.0
 * @category constructors
 */
export const serve = (
  options: { readonly people?: number | undefined } = {}
): Effect.Effect<Fakes.BaseUrls, FakeServer.ListenError, Scope.Scope> =>
  Effect.flatMap(Fakes.make({ people: options.people ?? defaultPeople }), Fakes.serve)
