/**
 * What the CLI's tests share: a recorded output for in-process runs, and the built-from-source
 * `userkit` as a child process (`node --conditions=@userkit/source --import tsx src/bin.ts`, the
 * sources a fresh clone runs, without a build), with exit code, stdout and stderr.
 */
import * as Cli from "@userkit/cli/Cli"
import * as Output from "@userkit/cli/Output"
import * as Storage from "@userkit/cli/Storage"
import * as FakeServer from "@userkit/core/FakeServer"
import type { Directory } from "@userkit/directory/Directory"
import * as NodeBundle from "@userkit/testkit/NodeBundle"
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
  options: {
    readonly env?: Readonly<Record<string, string>>
    readonly timeoutMillis: number
    /** Told of stderr as it grows, with a way to kill the child (SIGKILL). */
    readonly onStderr?: (stderr: string, kill: () => void) => void
  }
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
    const kill = () => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL")
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
      options.onStderr?.(stderr, kill)
    })
    const timer = setTimeout(kill, options.timeoutMillis)
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

/** `src/bin.ts` bundled once per test file: a child starts in half a second instead of two under tsx. */
export const bundledBin = NodeBundle.bundled(
  Path.join(cliPackage, "src", "bin.ts"),
  NodeBundle.outfileIn(cliPackage, "bin")
)

/** `userkit <args>` as a child process, from the bundle. */
export const runBundled = (bundle: string, args: ReadonlyArray<string>, options: Parameters<typeof spawn>[2]) =>
  spawn(process.execPath, [bundle, ...args], options)

/**
 * `userkit fakes` as a child process (`node <nodeArgs> fakes --people n`) until the scope closes:
 * waits for `ready`, and answers the `export` lines read as an environment, the lines as printed,
 * and how to stop it with SIGTERM (answering its exit code).
 */
export const fakesChild = (nodeArgs: ReadonlyArray<string>, people: number) =>
  Effect.gen(function*() {
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        ChildProcess.spawn(process.execPath, [...nodeArgs, "fakes", "--people", String(people)], {
          cwd: cliPackage,
          env: { PATH: process.env["PATH"] ?? "" },
          stdio: ["ignore", "pipe", "pipe"]
        })
      ),
      (child) => Effect.sync(() => child.exitCode === null && child.kill("SIGKILL"))
    )
    let stdout = ""
    let stderr = ""
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    yield* Effect.async<boolean>((resume) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString()
        if (stdout.includes("\nready\n")) resume(Effect.succeed(true))
      })
    }).pipe(Effect.timeout("30 seconds"), Effect.orDie)
    const lines = stdout.trimEnd().split("\n")
    const env: Record<string, string> = {}
    for (const line of lines.slice(0, -1)) {
      const match = /^export ([A-Z_]+)=(.*)$/.exec(line)
      if (match !== null) env[match[1] ?? ""] = (match[2] ?? "").replace(/^'(.*)'$/, "$1")
    }
    const stop = Effect.async<number | null>((resume) => {
      child.once("exit", (code) => resume(Effect.succeed(code)))
      child.kill("SIGTERM")
    })
    return { env, lines, stop, stderr: () => stderr }
  })

/** The count of requests per operation of the fake at `url` (its `GET /__userkit/requests`). */
export const requestCounts = (url: string) =>
  Effect.promise(async () => {
    const response = await fetch(`${new URL(url).origin}${FakeServer.requestsPath}`)
    const counts: Record<string, number> = Object(await response.json())
    return counts
  })
