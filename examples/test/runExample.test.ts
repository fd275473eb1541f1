/**
 * The single-vendor examples' shared runner: the real vendor only when its variables are set, the
 * fake open exactly while its tour runs; and each example, run as examples/README.md shows
 * (`node --conditions=@userkit/source --import tsx examples/<x>.ts`) with no credentials, tours
 * its fake on 127.0.0.1 and exits 0.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as Url from "node:url"
import { type Example, program } from "../support/runExample.js"

const examples = Path.dirname(Path.dirname(Url.fileURLToPath(import.meta.url)))

// What ran, in order: which side, and when the fake's scope closed.
const recordedExample = () => {
  const events: Array<string> = []
  const record = (event: string) => Effect.sync(() => void events.push(event))
  const example: Example<never, never, never> = {
    vendor: "Rockset",
    real: record("real"),
    fake: Effect.as(Effect.addFinalizer(() => record("fake closed")), {
      baseUrl: "http://127.0.0.1:1",
      tour: record("tour")
    })
  }
  return { events, example }
}

const run = (file: string, env: NodeJS.ProcessEnv) =>
  Effect.async<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>((resume) => {
    ChildProcess.execFile(
      process.execPath,
      ["--conditions=@userkit/source", "--import", "tsx", file],
      { cwd: examples, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        // A non-zero exit gives its code; a kill (the timeout) none.
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null
        resume(Effect.succeed({ code, stdout, stderr }))
      }
    )
  })

// The environment without any vendor's credentials, and without the NODE_OPTIONS npm adds (from
// .npmrc): the command is the one examples/README.md shows, as a shell on a fresh clone runs it.
const noCredentials = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(ROCKSET|AUTHRESS|ASTRO|TILEDB)_|^NODE_OPTIONS$/.test(name))
)

describe("runExample", () => {
  it.effect("no credentials: the tour runs on the fake, which closes after it", () =>
    Effect.gen(function*() {
      const { events, example } = recordedExample()
      yield* program(example, {})
      assert.deepStrictEqual(events, ["tour", "fake closed"])
    }))

  it.effect("credentials set: only the real vendor is read, no fake is served", () =>
    Effect.gen(function*() {
      const { events, example } = recordedExample()
      yield* program(example, { ROCKSET_APIKEY: "key" })
      assert.deepStrictEqual(events, ["real"])
    }))

  for (const vendor of ["rockset", "authress", "astronomer", "tiledb"]) {
    it.live(`examples/${vendor}-users.ts with no credentials tours its fake and exits 0`, () =>
      Effect.gen(function*() {
        const { code, stderr, stdout } = yield* run(`${vendor}-users.ts`, noCredentials)
        assert.strictEqual(code, 0, stderr)
        assert.match(stdout, /^no \w+ credentials set: using the fake \w+ at http:\/\/127\.0\.0\.1:\d+/)
      }), { timeout: 60_000 })
  }
})
