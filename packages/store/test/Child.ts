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
