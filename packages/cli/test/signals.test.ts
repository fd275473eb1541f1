/**
 * Ctrl-C on a long run: the CLI, spawned as `npm start -- audit` runs it (one Node process under
 * `NodeRuntime.runMain`), is signalled mid-audit through its process group, as a terminal signals
 * it, and must end by itself: its scope closed, no stack trace, no fake left listening.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import * as Net from "node:net"
import { cliPackage, temporaryDirectory } from "./helpers.js"

// The audit prints this once the fakes are up and the directory is reading them.
const auditStarted = "Reading every user's access in"

const killGroup = (child: ChildProcess.ChildProcess, signal: NodeJS.Signals) => {
  if (child.pid !== undefined) process.kill(-child.pid, signal)
}

/** The CLI in a process group of its own; killed with its group if the test leaves it running. */
const spawnCli = (args: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const started = yield* Deferred.make<ReadonlyArray<number>, string>()
    const exited = yield* Deferred.make<{ readonly code: number | null; readonly signal: string | null }>()
    // The audit saves its review: in a store of the test's own, not a userkit.db in the package.
    const database = `${yield* temporaryDirectory}/userkit.db`
    const child = yield* Effect.acquireRelease(
      Effect.sync(() =>
        ChildProcess.spawn(
          process.execPath,
          ["--conditions=@userkit/source", "--import", "tsx", "start.ts", ...args],
          {
            cwd: cliPackage,
            detached: true,
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, USERKIT_DATABASE_URL: database }
          }
        )
      ),
      (child) => Effect.sync(() => child.exitCode === null && child.signalCode === null && killGroup(child, "SIGKILL"))
    )
    const output = { stdout: "", stderr: "" }
    child.stdout.on("data", (chunk: Buffer) => (output.stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => {
      output.stderr += chunk.toString()
      if (!output.stderr.includes(auditStarted)) return
      const ports = [...output.stderr.matchAll(/fake at http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => Number(match[1]))
      Deferred.unsafeDone(started, Effect.succeed(ports))
    })
    child.on("exit", (code, signal) => {
      Deferred.unsafeDone(started, Effect.fail(`exited before the audit started: ${output.stderr}`))
      Deferred.unsafeDone(exited, Effect.succeed({ code, signal }))
    })
    return { child, output, started: Deferred.await(started), exited: Deferred.await(exited) }
  })

// Whether any process of the group is left (a wrapper's child outliving it would be).
const groupAlive = (child: ChildProcess.ChildProcess) => {
  try {
    return child.pid !== undefined && process.kill(-child.pid, 0)
  } catch {
    return false
  }
}

const accepts = (port: number) =>
  Effect.async<boolean>((resume) => {
    const socket = Net.connect({ host: "127.0.0.1", port })
    socket.once("connect", () => {
      socket.destroy()
      resume(Effect.succeed(true))
    })
    socket.once("error", () => resume(Effect.succeed(false)))
  })

describe("the CLI under NodeRuntime.runMain", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it.live(
      `${signal} mid-audit: the run is interrupted, exits 130, no stack trace, no fake left listening`,
      () =>
        Effect.gen(function*() {
          const cli = yield* spawnCli(["audit", "--csv"])
          const ports = yield* cli.started
          assert.strictEqual(ports.length, 4, cli.output.stderr)
          assert.deepStrictEqual(yield* Effect.forEach(ports, accepts), [true, true, true, true])

          killGroup(cli.child, signal)
          const exit = yield* cli.exited.pipe(Effect.timeoutFail({
            duration: Duration.seconds(10),
            onTimeout: () => `no exit 10 s after ${signal}: ${cli.output.stderr}`
          }))

          assert.deepStrictEqual(exit, { code: 130, signal: null }, cli.output.stderr)
          // The notice is printed once the scope with the fakes is closed.
          assert.include(cli.output.stderr, "Interrupted: the fakes and their connections are closed.")
          assert.notMatch(cli.output.stderr, /^\s+at |Error/m)
          // Cut short: the review was never printed.
          assert.strictEqual(cli.output.stdout, "")
          assert.deepStrictEqual(yield* Effect.forEach(ports, accepts), [false, false, false, false])
          assert.isFalse(groupAlive(cli.child))
        }).pipe(Effect.scoped),
      { timeout: 60_000 }
    )
  }
})
