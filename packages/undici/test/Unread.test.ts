/**
 * A response dropped without its body being read must not hold its socket: once it is
 * garbage-collected, its request is aborted. Run in a child process, which alone can force a
 * collection (`--expose-gc`).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as Url from "node:url"
import * as Server from "./server.js"

const fixture = Url.fileURLToPath(new URL("fixtures/unread.ts", import.meta.url))

const child = (url: string) =>
  Effect.acquireRelease(
    Effect.sync(() =>
      ChildProcess.fork(fixture, [url], {
        cwd: Path.dirname(Path.dirname(fixture)),
        execArgv: ["--expose-gc", "--import", "tsx", "--conditions=@userkit/source"],
        stdio: ["ignore", "inherit", "inherit", "ipc"]
      })
    ),
    (process) => Effect.sync(() => process.kill())
  )

describe("a response dropped unread", () => {
  it.effect("is aborted when collected, closing its socket", () =>
    Effect.gen(function*() {
      const server = yield* Server.make
      const process = yield* child(`${server.url}/large?bytes=${64 * 1024 * 1024}`)
      yield* Effect.async<undefined>((resume) => {
        process.once("message", () => resume(Effect.succeed(undefined)))
      })
      yield* server.drained
      assert.strictEqual(server.open(), 0)
    }).pipe(Effect.scoped), { timeout: 30_000 })
})
