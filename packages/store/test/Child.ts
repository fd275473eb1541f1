// Child processes for the suites that need a second process (or a death): each fixture is
// bundled once per test file with esbuild, so a child starts in half a second instead of three
// under tsx.
import * as NodeBundle from "@userkit/testkit/NodeBundle"
import * as Effect from "effect/Effect"
import { spawn } from "node:child_process"
import * as path from "node:path"

const packageRoot = path.resolve(import.meta.dirname, "..")

/** The bundle of `test/fixtures/<name>.ts`. */
export const script = (name: string) =>
  NodeBundle.bundled(path.join(packageRoot, `test/fixtures/${name}.ts`), NodeBundle.outfileIn(packageRoot, name))

export interface Exit {
  readonly signal: NodeJS.Signals | null
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs a bundled fixture to its end; `started` may kill it. */
export const run = (
  bundle: string,
  args: ReadonlyArray<string>,
  started: (kill: () => void) => () => void = () => () => {}
) =>
  Effect.async<Exit>((resume) => {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk) => stdout += String(chunk))
    child.stderr.on("data", (chunk) => stderr += String(chunk))
    const stop = started(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
    })
    child.on("exit", (code, signal) => {
      stop()
      resume(Effect.succeed({ signal, code, stdout, stderr }))
    })
  })

export interface Running {
  /** Resolves when the child prints `ready`; rejects if it exits first. */
  readonly ready: Promise<void>
  readonly exited: Promise<Exit>
  readonly kill: () => void
  readonly output: () => string
}

/** Starts a bundled fixture that runs until killed (it is killed with SIGKILL when the scope closes). */
export const start = (bundle: string, args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.sync((): Running => {
      const child = spawn(process.execPath, [bundle, ...args], { stdio: ["ignore", "pipe", "pipe"] })
      let stdout = ""
      let stderr = ""
      const exited = new Promise<Exit>((resolve) =>
        child.on("exit", (code, signal) => resolve({ signal, code, stdout, stderr }))
      )
      const ready = new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (chunk) => {
          stdout += String(chunk)
          if (stdout.includes("ready\n")) resolve()
        })
        void exited.then((exit) => reject(new Error(`exited ${exit.code ?? exit.signal}: ${exit.stderr}`)))
      })
      ready.catch(() => {})
      child.stderr.on("data", (chunk) => stderr += String(chunk))
      const kill = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
      }
      return { ready, exited, kill, output: () => `${stdout}${stderr}` }
    }),
    (running) =>
      Effect.promise(() => {
        running.kill()
        return running.exited
      })
  )
