/**
 * `npm run build`: every package from `src/` to `dist/` (ESM, `.d.ts`, source maps), from clean.
 * The build configs (`packages/<p>/tsconfig.build.json`) resolve other workspace packages through
 * their `dist/`, as a consumer would, so `core` is built first (a project reference).
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"
import { bin, packages, run } from "./workspace.js"

/** Removes every `dist/` and build-info, then builds all packages. */
export const build = (): void => {
  for (const pkg of packages) {
    Fs.rmSync(Path.join(pkg.dir, "dist"), { recursive: true, force: true })
    // A stale build-info would make `tsc -b` skip a package whose dist/ was just removed.
    Fs.rmSync(Path.join(pkg.dir, "build", "tsconfig.build.tsbuildinfo"), { force: true })
  }
  run(bin("tsc"), ["-b", ...packages.map((pkg) => Path.join(pkg.dir, "tsconfig.build.json"))])
  for (const pkg of packages) {
    if (!Fs.existsSync(Path.join(pkg.dir, "dist", "index.js"))) throw new Error(`${pkg.name}: no dist/index.js`)
  }
}

if (process.argv[1] === Url.fileURLToPath(import.meta.url)) {
  build()
  console.log(`built ${packages.map((pkg) => pkg.name).join(", ")}`)
}
