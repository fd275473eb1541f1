/**
 * How userkit measures what an application bundles: esbuild, minified ESM for a neutral
 * platform, reading the workspace packages' sources, with nothing external but Node's built-ins.
 * The import-graph suite and `bench/bundle.ts` both bundle this way, so the graph the tests
 * check is the one the benchmark weighs.
 *
 * @since 0.2.0
 */
import * as esbuild from "esbuild"
import { builtinModules } from "node:module"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

/**
 * The repository's root, where bundled entries resolve and metafile paths start.
 *
 * @since 0.2.0
 * @category bundling
 */
export const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")

/**
 * Bundles `contents` (a TypeScript entry, resolved from the root) in memory, with its metafile.
 *
 * @since 0.2.0
 * @category bundling
 */
export const bundle = (contents: string, alsoExternal: ReadonlyArray<string> = []) =>
  esbuild.build({
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
    external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`), ...alsoExternal],
    write: false,
    metafile: true,
    logLevel: "silent"
  })
