/**
 * Bundle sizes with esbuild (minified, ESM, platform neutral, nothing external but Node's
 * built-ins): Effect's HttpClient + Schema alone, then the same with one vendor package added.
 * The difference is what the vendor costs an application that already uses Effect; esbuild's
 * metafile also says how many of the output bytes come from userkit's own sources.
 *
 * Each vendor bundle's inputs are checked for the other vendors' sources: importing one vendor
 * must pull in no other.
 */
import * as esbuild from "esbuild"
import { builtinModules } from "node:module"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Zlib from "node:zlib"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "..")

/** The vendor packages, by directory name. */
export const vendors = ["rockset", "authress", "astronomer", "tiledb"] as const

const service = {
  rockset: "RocksetUsers",
  authress: "AuthressUsers",
  astronomer: "AstronomerUsers",
  tiledb: "TileDBUsers"
} as const

/**
 * What an Effect application that talks HTTP and decodes JSON already bundles: the HttpClient
 * modules with the fetch client, Schema, Effect and Layer, each kept whole.
 */
const baseline = [
  `export * as Effect from "effect/Effect"`,
  `export * as Layer from "effect/Layer"`,
  `export * as Schema from "effect/Schema"`,
  `export * as HttpClient from "@effect/platform/HttpClient"`,
  `export * as HttpClientRequest from "@effect/platform/HttpClientRequest"`,
  `export * as HttpClientResponse from "@effect/platform/HttpClientResponse"`,
  `export * as FetchHttpClient from "@effect/platform/FetchHttpClient"`
].join("\n")

const external = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)]

/** One bundle's figures. */
export interface Bundled {
  readonly bytes: number
  readonly gzip: number
  /** Output bytes whose source is under packages/ (userkit's own code). */
  readonly userkitBytes: number
  readonly inputs: ReadonlyArray<string>
  /** Node built-ins imported statically (a browser bundle cannot load them). */
  readonly staticBuiltins: ReadonlyArray<string>
}

const bundle = async (contents: string, alsoExternal: ReadonlyArray<string> = []): Promise<Bundled> => {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "entry.ts" },
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    // The workspace packages' sources (their `exports` point at a dist/ that may not be built).
    conditions: ["@userkit/source"],
    target: "es2022",
    external: [...external, ...alsoExternal],
    write: false,
    metafile: true,
    logLevel: "silent"
  })
  const output = result.outputFiles[0]
  const meta = Object.values(result.metafile.outputs)[0]
  const userkitBytes = Object.entries(meta.inputs)
    .filter(([path]) => path.startsWith("packages/"))
    .reduce((sum, [, input]) => sum + input.bytesInOutput, 0)
  return {
    bytes: output.contents.length,
    gzip: Zlib.gzipSync(output.contents).length,
    userkitBytes,
    inputs: Object.keys(result.metafile.inputs),
    staticBuiltins: meta.imports.filter((i) => i.external && i.kind === "import-statement").map((i) => i.path)
  }
}

/** A vendor's figures. */
export interface VendorSize {
  readonly vendor: string
  /** The whole barrel (`export *`: service, models, errors, API, fake) beside the baseline. */
  readonly barrel: Bundled
  /** What `import { XUsers } from "@userkit/x"` bundles (the service module, tree-shaken) beside the baseline. */
  readonly service: Bundled
  /** The other vendors whose sources ended up in this vendor's bundles. */
  readonly leaks: ReadonlyArray<string>
}

/**
 * What `@userkit/undici` adds to the baseline, undici itself left out (it is a dependency an
 * application bundling for Node keeps external, or pays for once whatever the client).
 */
export const transportSize = async (): Promise<{ added: number; userkitBytes: number; gzipAdded: number }> => {
  const base = await bundle(baseline, ["undici"])
  const withTransport = await bundle(`${baseline}\nexport * from "@userkit/undici"`, ["undici"])
  return {
    added: withTransport.bytes - base.bytes,
    userkitBytes: withTransport.userkitBytes,
    gzipAdded: withTransport.gzip - base.gzip
  }
}

/** Bundles the baseline and each vendor. */
export const bundleSizes = async (): Promise<{ baseline: Bundled; vendors: ReadonlyArray<VendorSize> }> => {
  const base = await bundle(baseline)
  const sizes: Array<VendorSize> = []
  for (const vendor of vendors) {
    const barrel = await bundle(`${baseline}\nexport * from "@userkit/${vendor}"`)
    const serviceOnly = await bundle(`${baseline}\nexport { ${service[vendor]} } from "@userkit/${vendor}"`)
    const leaks = vendors.filter((other) =>
      other !== vendor &&
      [...barrel.inputs, ...serviceOnly.inputs].some((input) => input.startsWith(`packages/${other}/`))
    )
    sizes.push({ vendor, barrel, service: serviceOnly, leaks })
  }
  return { baseline: base, vendors: sizes }
}
