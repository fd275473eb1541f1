/**
 * What the CLI's tests share: a recorded output for in-process runs, and the built-from-source
 * `userkit` as a child process (`node --conditions=@userkit/source --import tsx src/bin.ts`, the
 * sources a fresh clone runs, without a build), with exit code, stdout and stderr.
 */
import * as Cli from "@userkit/cli/Cli"
import * as Output from "@userkit/cli/Output"
import * as Storage from "@userkit/cli/Storage"
import type { Directory } from "@userkit/directory/Directory"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"

/** The package's directory. */
export const cliPackage = Path.dirname(Path.dirname(Url.fileURLToPath(import.meta.url)))

/** The executable's source and how Node runs it from a clone. */
export const binCommand = [
  "--conditions=@userkit/source",
  "--import",
  "tsx",
  Path.join(cliPackage, "src", "bin.ts")
] as const

/** An output that keeps what was written, stdout and stderr apart, neither a terminal. */
export const recorder = (env: Readonly<Record<string, string>> = {}) => {
  const written = { stdout: "", stderr: "" }
  const output = Output.make({
    stdout: { write: (text) => void (written.stdout += text), isTTY: false },
    stderr: { write: (text) => void (written.stderr += text), isTTY: false }
  }, env)
  return { written, output }
}

/** `userkit <args>` in-process, with nothing of the test's environment (and no terminal unless `confirm`). */
export const runInProcess = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
  confirm?: (question: string) => Effect.Effect<boolean>
) =>
  Effect.gen(function*() {
    const { output, written } = recorder(env)
    const exitCode = yield* Cli.run(args, { env, output, confirm })
    return { exitCode, ...written }
  })

/** What a finished child process left. */
export interface Finished {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  readonly millis: number
}

// Only what Node needs: no vendor variable of the machine running the tests leaks in.
const baseEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const name of ["PATH", "HOME", "TMPDIR", "LANG"]) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return env
}

/** Runs a command with a clean environment plus `env`; kills it after `timeoutMillis`. */
export const spawn = (
  command: string,
  args: ReadonlyArray<string>,
  options: { readonly env?: Readonly<Record<string, string>>; readonly timeoutMillis: number }
) =>
  Effect.async<Finished>((resume) => {
    const started = Date.now()
    const child = ChildProcess.spawn(command, args, {
      cwd: cliPackage,
      env: { ...baseEnv(), ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMillis)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resume(Effect.succeed({ code, signal, stdout, stderr, millis: Date.now() - started }))
    })
    return Effect.sync(() => {
      clearTimeout(timer)
      child.kill("SIGKILL")
    })
  })

/** `userkit <args>` as a child process. */
export const runBin = (
  args: ReadonlyArray<string>,
  options: { readonly env?: Readonly<Record<string, string>>; readonly timeoutMillis: number }
) => spawn(process.execPath, [...binCommand, ...args], options)

/** A stack trace's line, or Node's report of an uncaught error. */
export const stackTrace = /^\s+at |Uncaught|node:internal|\bError: /m

/** A temporary directory, removed when the scope closes. */
export const temporaryDirectory = Effect.acquireRelease(
  Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "userkit-cli-"))),
  (directory) => Effect.sync(() => Fs.rmSync(directory, { recursive: true, force: true }))
)

/** The store and its offboarding engine over a SQLite file of the test's own, and `directory`. */
export const temporaryStore = (directory: Layer.Layer<Directory>) =>
  Effect.map(
    temporaryDirectory,
    (folder) => Storage.offboarding(Path.join(folder, "userkit.db"), {}, directory)
  )
