/**
 * The CLI's commands in-process, against the four fakes served on 127.0.0.1 through the CLI's own
 * transport (`UndiciHttpClient.layer`), with the fakes keeping the vendors' quotas (scaled as in
 * the demo): what `userkit demo` and `--fakes` runs do, and what they print.
 */
import { assert, describe, it } from "@effect/vitest"
import type { WorkflowEngine } from "@effect/workflow/WorkflowEngine"
import * as Commands from "@userkit/cli/Commands"
import * as ExitCode from "@userkit/cli/ExitCode"
import { Output } from "@userkit/cli/Output"
import * as Vendors from "@userkit/cli/Vendors"
import type { Directory } from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import type { Store } from "@userkit/store/Store"
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { recorder, temporaryStore } from "./helpers.js"

// What the fakes still hold of the person.
const holdings = (organisation: Fakes.Organisation, email: string) =>
  Effect.gen(function*() {
    const rockset = (yield* organisation.rockset.users).some((user) => user.email === email)
    const authress = (yield* organisation.authress.users).filter((user) => user.email === email).length
    return { rockset, authress }
  })

const yes = { dryRun: false, yes: true, format: "text", confirm: undefined } as const

describe("the CLI's commands on the fakes", () => {
  it("a real vendor is one with a variable of its own set", () => {
    assert.deepStrictEqual(Vendors.configured({}), [])
    assert.deepStrictEqual(
      Vendors.configured({ ROCKSET_APIKEY: "k", TILEDB_ORGANIZATION: "o", ASTRO_API_TOKEN: " " }),
      [
        "Rockset",
        "TileDB"
      ]
    )
  })

  it.live(
    "offboard: --dry-run changes nothing; then every removal verified; the fakes named in the output",
    () =>
      Effect.gen(function*() {
        const setup = yield* Vendors.fakes({ people: 60 })
        const organisation = setup.organisation
        assert.isDefined(organisation)
        if (organisation === undefined) return
        const stored = yield* temporaryStore(setup.directory)
        const run = <A, E>(effect: Effect.Effect<A, E, Output | Directory | Store | WorkflowEngine>) => {
          const { output, written } = recorder()
          return Effect.map(
            effect.pipe(Effect.provide(stored), Effect.provide(setup.directory), Effect.provideService(Output, output)),
            (result) => ({ result, ...written })
          )
        }
        const email = Fakes.demoEmail
        const dry = yield* run(Commands.offboard(setup, email, { ...yes, dryRun: true }, { out: undefined }))
        assert.strictEqual(dry.result.exitCode, ExitCode.ok)
        assert.include(dry.stdout, "(dry run: nothing was changed)")
        assert.include(dry.stdout, "FAKES")
        assert.deepStrictEqual(yield* holdings(organisation, email), { rockset: true, authress: 2 })

        const applied = yield* run(Commands.offboard(setup, email, yes, { out: undefined }))
        assert.strictEqual(applied.result.exitCode, ExitCode.ok, applied.stderr)
        assert.deepStrictEqual(yield* holdings(organisation, email), { rockset: false, authress: 0 })

        const json = yield* run(
          Commands.offboard(setup, "grace.hopper@example.com", { ...yes, format: "json" }, { out: undefined })
        )
        const document = Object(JSON.parse(json.stdout))
        assert.deepStrictEqual([document.command, document.source, document.exitCode], ["offboard", "fakes", 0])
        assert.isTrue(
          document.report.results.every((result: { outcome: { _tag: string } }) => result.outcome._tag === "Removed")
        )
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )

  it.live(
    "audit --csv --out: the file holds the review under the fakes' notice, stdout nothing; quotas kept",
    () =>
      Effect.gen(function*() {
        const setup = yield* Vendors.fakes({ people: 120 })
        const directory = yield* Effect.acquireRelease(
          Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "userkit-cli-"))),
          (directory) => Effect.sync(() => Fs.rmSync(directory, { recursive: true, force: true }))
        )
        const out = Path.join(directory, "review.csv")
        const { output, written } = recorder()
        const done = yield* Commands.audit(setup, "csv", { out }).pipe(
          Effect.provide(setup.directory),
          Effect.provideService(Output, output)
        )
        assert.strictEqual(done.exitCode, ExitCode.ok, written.stderr)
        assert.strictEqual(written.stdout, "")
        const [notice, header, ...rows] = Fs.readFileSync(out, "utf8").trimEnd().split("\r\n")
        assert.match(notice ?? "", /^# DATA FROM USERKIT'S FAKES/)
        assert.strictEqual(header, "vendor,key,email,name,status,scopeType,scopeId,role")
        assert.deepStrictEqual(
          new Set(rows.map((line) => line.split(",")[0])),
          new Set(["Rockset", "Authress", "Astronomer", "TileDB"])
        )
        for (const quota of Object.values(setup.organisation?.quotas ?? {})) {
          for (const count of Object.values(yield* quota.counts)) assert.strictEqual(count?.refused, 0)
        }
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )

  it.live(
    "audit --jsonl: one object per line, the head naming the fakes, a row per line, the end with the coverage",
    () =>
      Effect.gen(function*() {
        const setup = yield* Vendors.fakes({ people: 20 })
        const { output, written } = recorder()
        const done = yield* Commands.audit(setup, "jsonl", { out: undefined }).pipe(
          Effect.provide(setup.directory),
          Effect.provideService(Output, output)
        )
        assert.strictEqual(done.exitCode, ExitCode.ok, written.stderr)
        const lines = written.stdout.trimEnd().split("\n").map((line) => Object(JSON.parse(line)))
        const [head, ...rest] = lines
        const end = rest.pop()
        assert.deepStrictEqual([head?.type, head?.source], ["review", "fakes"])
        assert.deepStrictEqual([end?.type, end?.exitCode, Object.keys(end?.coverage ?? {}).length], ["end", 0, 4])
        assert.isAbove(rest.length, 20)
        assert.isTrue(rest.every((line) => line.type === "row" && typeof line.email === "string"))
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )

  it.live(
    "--out to a file that cannot be written: a typed OutputError, the data kept on stderr, stdout empty",
    () =>
      Effect.gen(function*() {
        const setup = yield* Vendors.fakes({ people: 10 })
        const { output, written } = recorder()
        const out = Path.join(Os.tmpdir(), "userkit-no-such-directory", String(process.pid), "review.json")
        const failure = yield* Commands.audit(setup, "json", { out }).pipe(
          Effect.provide(setup.directory),
          Effect.provideService(Output, output),
          Effect.flip
        )
        assert.deepStrictEqual([failure.exitCode, failure.error._tag], [ExitCode.failure, "OutputError"])
        assert.strictEqual(written.stdout, "")
        assert.include(written.stderr, "\"command\": \"audit\"")
        assert.isFalse(Fs.existsSync(Path.dirname(out)))
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )
})
