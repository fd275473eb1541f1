/**
 * A TypeScript entry bundled once (per test file) with esbuild for Node, from the workspace
 * packages' sources: a child process then starts in half a second instead of three under tsx.
 * The store's durability suites and the CLI's executable tests spawn their children this way.
 *
 * @since 0.3.0
 */
import { afterAll } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Path from "node:path"

const bundles = new Map<string, Promise<string>>()

afterAll(async () => {
  for (const bundle of bundles.values()) Fs.rmSync(await bundle, { force: true })
})

/**
 * The bundle of `entry` (an absolute path), written to `outfile` the first time it is asked for
 * and removed after the test file.
 *
 * @since 0.3.0
 * @category bundling
 */
export const bundled = (entry: string, outfile: string): Effect.Effect<string> =>
  Effect.promise(() => {
    let bundle = bundles.get(entry)
    if (bundle === undefined) {
      bundle = esbuild.build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        conditions: ["@userkit/source"],
        external: ["libsql", "pg-native"],
        // Some CommonJS dependencies require Node's built-ins (under a name of its own: a bundled
        // module may import `createRequire` itself, as @effect/platform-node's cluster does).
        banner: {
          js:
            "import { createRequire as userkitCreateRequire } from 'node:module'; const require = userkitCreateRequire(import.meta.url);"
        },
        logLevel: "warning"
      }).then(() => outfile)
      bundles.set(entry, bundle)
    }
    return bundle
  })

/**
 * Where a bundle of a package's goes: its `build/` directory, named for the entry and the process.
 *
 * @since 0.3.0
 * @category bundling
 */
export const outfileIn = (packageRoot: string, name: string): string =>
  Path.join(packageRoot, "build", `${name}-${process.pid}.mjs`)
