/**
 * `npx tsx scripts/check-lock.ts [lock file]`: package-lock.json is complete and in sync.
 *
 * - complete: every optional dependency of every locked package resolves to an entry of the lock
 *   (node's lookup, from the package's folder up to the root). npm's incremental installs drop the
 *   other platforms' binaries (`@rollup/rollup-darwin-arm64`, `@esbuild/win32-x64`,
 *   `@msgpackr-extract/...`) and keep only this machine's; `npm ci` then fails on every other
 *   platform, while it passes here;
 * - in sync: the dependency lists of the root and of every workspace package equal those of their
 *   package.json, and every workspace package is linked (`npm ci` fails on these too, less
 *   legibly).
 *
 * Prints each problem and exits 1 when there is one. The fix for both is the regeneration recipe
 * of the README: remove node_modules and package-lock.json, run `npm install` once.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { root } from "./workspace.js"

type Dependencies = Readonly<Record<string, string>>

interface Entry {
  readonly name?: string
  readonly link?: boolean
  readonly dependencies?: Dependencies
  readonly devDependencies?: Dependencies
  readonly peerDependencies?: Dependencies
  readonly optionalDependencies?: Dependencies
}

interface Lock {
  readonly lockfileVersion: number
  readonly packages: Readonly<Record<string, Entry>>
}

const dependencyFields = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const

const readJson = (file: string): unknown => JSON.parse(Fs.readFileSync(file, "utf8"))

const isLock = (value: unknown): value is Lock =>
  typeof value === "object" && value !== null && "lockfileVersion" in value && "packages" in value &&
  typeof value.packages === "object" && value.packages !== null

// Node's lookup: `<dir>/node_modules/<name>`, then each enclosing package's node_modules, then the root's.
const resolves = (lock: Lock, from: string, name: string): boolean => {
  let dir = from
  for (;;) {
    const candidate = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`
    if (candidate in lock.packages) return true
    if (dir === "") return false
    const parent = dir.lastIndexOf("/node_modules/")
    dir = parent === -1 ? "" : dir.slice(0, parent)
  }
}

const missingOptionals = (lock: Lock): Array<string> =>
  Object.entries(lock.packages).flatMap(([location, entry]) =>
    Object.keys(entry.optionalDependencies ?? {})
      .filter((name) => !resolves(lock, location, name))
      .map((name) => `${name} (an optional dependency of ${location || "the root"}) is not in the lock file`)
  )

const sameDependencies = (a: Dependencies | undefined, b: Dependencies | undefined): boolean => {
  const left = Object.entries(a ?? {}).sort(([x], [y]) => x.localeCompare(y))
  const right = Object.entries(b ?? {}).sort(([x], [y]) => x.localeCompare(y))
  return JSON.stringify(left) === JSON.stringify(right)
}

const manifestOf = (dir: string): Entry => {
  const manifest = readJson(Path.join(root, dir, "package.json"))
  return typeof manifest === "object" && manifest !== null ? manifest : {}
}

const outOfSync = (lock: Lock): Array<string> => {
  const workspaces = Fs.readdirSync(Path.join(root, "packages"))
    .filter((folder) => Fs.existsSync(Path.join(root, "packages", folder, "package.json")))
    .map((folder) => `packages/${folder}`)
  return ["", ...workspaces].flatMap((location) => {
    const manifest = manifestOf(location)
    const locked = lock.packages[location]
    if (locked === undefined) return [`${location} is not in the lock file`]
    const fields = dependencyFields
      .filter((field) => !sameDependencies(manifest[field], locked[field]))
      .map((field) => `${location || "package.json"}: ${field} differ from the lock file`)
    const link = manifest.name === undefined || location === ""
      ? undefined
      : lock.packages[`node_modules/${manifest.name}`]
    const linked = location === "" || link?.link === true
    return linked ? fields : [...fields, `${manifest.name ?? location} is not linked in the lock file`]
  })
}

const lockFile = Path.resolve(root, process.argv[2] ?? "package-lock.json")
const lock = readJson(lockFile)
if (!isLock(lock) || lock.lockfileVersion < 2) {
  console.error(`${lockFile}: not an npm lock file of version 2 or newer`)
  process.exit(1)
}
const problems = [...missingOptionals(lock), ...outOfSync(lock)]
for (const problem of problems) console.error(problem)
if (problems.length > 0) {
  console.error(
    `${problems.length} problem(s) in ${Path.relative(root, lockFile)}: regenerate it from scratch ` +
      "(rm -rf node_modules package-lock.json && npm install), see the README"
  )
  process.exit(1)
}
console.log(`${Path.relative(root, lockFile)}: complete for every platform and in sync with every package.json`)
