/**
 * What the repository scripts share: where the repository is, its packages, and a way to run a
 * command that fails loudly.
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"

/** The repository root (this file is in `scripts/`). */
export const root = Path.resolve(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")

/** A workspace package: its folder name, npm name and directory. */
export interface Package {
  readonly folder: string
  readonly name: string
  readonly dir: string
}

const readManifest = (dir: string): unknown => JSON.parse(Fs.readFileSync(Path.join(dir, "package.json"), "utf8"))

const readName = (dir: string): string => {
  const manifest = readManifest(dir)
  if (typeof manifest === "object" && manifest !== null && "name" in manifest && typeof manifest.name === "string") {
    return manifest.name
  }
  throw new Error(`${dir}/package.json has no name`)
}

// A private package (the shared test suites) is never built, packed or documented.
const isPublishable = (dir: string): boolean => {
  const manifest = readManifest(dir)
  return !(typeof manifest === "object" && manifest !== null && "private" in manifest && manifest.private === true)
}

/** Every published package under `packages/`, `core` first (the others depend on it). */
export const packages: ReadonlyArray<Package> = Fs.readdirSync(Path.join(root, "packages"))
  .filter((folder) => Fs.existsSync(Path.join(root, "packages", folder, "package.json")))
  .filter((folder) => isPublishable(Path.join(root, "packages", folder)))
  .sort((a, b) => (a === "core" ? -1 : b === "core" ? 1 : a.localeCompare(b)))
  .map((folder) => {
    const dir = Path.join(root, "packages", folder)
    return { folder, name: readName(dir), dir }
  })

/** The environment for a child process, without the `@userkit/source` condition npm adds. */
export const consumerEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  return env
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly cwd?: string
  readonly env?: NodeJS.ProcessEnv
  /** Print the output as it comes (default) or return it. */
  readonly capture?: boolean
  /** Return the result instead of throwing when the exit code is not 0. */
  readonly allowFailure?: boolean
}

/** The outcome of {@link run}. */
export interface RunResult {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs a command without a shell; throws on a non-zero exit unless `allowFailure`. */
export const run = (command: string, args: ReadonlyArray<string>, options: RunOptions = {}): RunResult => {
  const result = ChildProcess.spawnSync(command, args, {
    cwd: options.cwd ?? root,
    env: options.env ?? process.env,
    encoding: "utf8",
    stdio: options.capture === true ? ["ignore", "pipe", "pipe"] : "inherit",
    maxBuffer: 64 * 1024 * 1024
  })
  if (result.error !== undefined) throw result.error
  const outcome = { status: result.status ?? 1, stdout: result.stdout ?? "", stderr: result.stderr ?? "" }
  if (outcome.status !== 0 && options.allowFailure !== true) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${outcome.status}\n${outcome.stdout}${outcome.stderr}`.trimEnd()
    )
  }
  return outcome
}

/** A binary installed in the root `node_modules/.bin`. */
export const bin = (name: string): string => Path.join(root, "node_modules", ".bin", name)
