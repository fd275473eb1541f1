// Child processes for the suites that need a second process (or a death): each fixture is
// bundled once per test file with esbuild, so a child starts in half a second instead of three
// under tsx.
import { afterAll } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as esbuild from "esbuild"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"

const packageRoot = path.resolve(import.meta.dirname, "..")
const bundles = new Map<string, Promise<string>>()

afterAll(async () => {
  for (const bundle of bundles.values()) fs.rmSync(await bundle, { force: true })
})

/** The bundle of `test/fixtures/<name>.ts`. */
export const script = (name: string) =>
  Effect.promise(() => {
    let bundle = bundles.get(name)
    if (bundle === undefined) {
      const outfile = path.join(packageRoot, `build/${name}-${process.pid}.mjs`)
      bundle = esbuild.build({
        entryPoints: [path.join(packageRoot, `test/fixtures/${name}.ts`)],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        conditions: ["@userkit/source"],
        external: ["libsql", "pg-native"],
        // Some CommonJS dependencies require Node's built-ins.
        banner: {
          js:
            "import { createRequire as userkitCreateRequire } from 'node:module'; const require = userkitCreateRequire(import.meta.url);"
        },
        logLevel: "warning"
      }).then(() => outfile)
      bundles.set(name, bundle)
    }
    return bundle
  })

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
