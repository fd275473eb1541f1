/**
 * The command line in-process: usage errors, JSON on every path, configuration errors, help and
 * version, and what `npm start` passes. No vendor is reached here (the end-to-end runs are in
 * Bin.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cli from "@userkit/cli/Cli"
import * as ExitCode from "@userkit/cli/ExitCode"
import * as Sandbox from "@userkit/cli/Sandbox"
import * as FakeServer from "@userkit/core/FakeServer"
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { cliPackage, runInProcess, temporaryDirectory } from "./helpers.js"

const ansi = "\u001b["

const onlyDocument = (stdout: string): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(stdout)
  assert.isObject(parsed)
  return Object(parsed)
}

describe("userkit's command line", () => {
  it.effect("a usage error exits 2 with the usage on stderr and nothing on stdout", () =>
    Effect.gen(function*() {
      for (const args of [["offboard"], ["audit", "--bogus"], ["nonsense"], ["offboard", "a@b.example", "extra"], []]) {
        const run = yield* runInProcess(args)
        assert.strictEqual(run.exitCode, ExitCode.usage, `${args.join(" ")}: ${run.stderr}`)
        assert.strictEqual(run.stdout, "", args.join(" "))
        assert.include(run.stderr, "USAGE", args.join(" "))
        assert.include(run.stderr, "$ userkit", args.join(" "))
        assert.notInclude(run.stderr, "CommandMismatch")
      }
    }))

  it.effect("--json: a usage error is one JSON document on stdout, with its typed reason", () =>
    Effect.gen(function*() {
      for (const args of [["offboard", "--json"], ["audit", "--csv", "--json"]]) {
        const run = yield* runInProcess(args)
        assert.strictEqual(run.exitCode, ExitCode.usage)
        const document = onlyDocument(run.stdout)
        assert.strictEqual(document["exitCode"], 2)
        assert.strictEqual(Object(document["error"])._tag, "UsageError")
        assert.include(run.stderr, "USAGE")
      }
    }))

  it.scoped(
    "the store's commands: typed store errors as one JSON document (exit 1), usage errors (exit 2)",
    () =>
      Effect.gen(function*() {
        const database = Path.join(yield* temporaryDirectory, "userkit.db")
        const invalid = yield* runInProcess(["reviews", "--json", "--database", "ftp://example.com/userkit"])
        assert.strictEqual(invalid.exitCode, ExitCode.failure, invalid.stderr)
        assert.strictEqual(Object(onlyDocument(invalid.stdout)["error"])._tag, "InvalidDatabaseUrl")
        // USERKIT_DATABASE_URL names the store when --database does not.
        const empty = yield* runInProcess(["reviews", "--json"], { USERKIT_DATABASE_URL: database })
        assert.deepStrictEqual(onlyDocument(empty.stdout), { command: "reviews", exitCode: 0, reviews: [] })
        assert.isTrue(Fs.existsSync(database))
        const diff = yield* runInProcess(["diff", "--json", "--database", database])
        assert.strictEqual(diff.exitCode, ExitCode.failure, diff.stderr)
        assert.strictEqual(Object(onlyDocument(diff.stdout)["error"])._tag, "NotEnoughReviews")
        const unknown = yield* runInProcess(["history", "nobody@example.com", "--database", database])
        assert.strictEqual(unknown.exitCode, ExitCode.ok, unknown.stderr)
        assert.include(unknown.stdout, "Reviews: 0")
        const resume = yield* runInProcess(["resume", "run-nothing", "--json", "--fakes", "--database", database])
        assert.strictEqual(resume.exitCode, ExitCode.failure, resume.stderr)
        assert.deepStrictEqual(Object(onlyDocument(resume.stdout)["error"]), {
          _tag: "NotFound",
          message: "No run \"run-nothing\" in this database",
          kind: "run",
          id: "run-nothing"
        })
        for (
          const args of [["export", "review-x"], ["export", "review-x", "--csv", "--json"], ["diff", "a", "b", "c"]]
        ) {
          const usage = yield* runInProcess([...args, "--database", database])
          assert.strictEqual(usage.exitCode, ExitCode.usage, args.join(" "))
          assert.include(usage.stderr, "USAGE")
        }
      }),
    { timeout: 30_000 }
  )

  it.effect("no vendor configured is a configuration error (exit 1), also as JSON; the fakes are never used", () =>
    Effect.gen(function*() {
      const text = yield* runInProcess(["audit"])
      assert.strictEqual(text.exitCode, ExitCode.failure)
      assert.include(text.stderr, "no vendor is configured")
      assert.notInclude(text.stderr, "fake at")
      const json = yield* runInProcess(["audit", "--json"])
      assert.strictEqual(json.exitCode, ExitCode.failure)
      const document = onlyDocument(json.stdout)
      assert.strictEqual(Object(document["error"])._tag, "ConfigurationError")
    }))

  it.effect("a real Astronomer or TileDB without its organization names the variable, and nothing runs", () =>
    Effect.gen(function*() {
      const run = yield* runInProcess(["audit", "--json"], {
        ROCKSET_APIKEY: "k",
        ASTRO_API_TOKEN: "t",
        TILEDB_REST_TOKEN: "t"
      })
      assert.strictEqual(run.exitCode, ExitCode.failure)
      const error = Object(onlyDocument(run.stdout)["error"])
      assert.deepStrictEqual(error.variables, ["ASTRO_ORGANIZATION_ID", "TILEDB_ORGANIZATION"])
      assert.include(run.stderr, "Astronomer: ASTRO_ORGANIZATION_ID is not set")
      assert.include(run.stderr, "TileDB: TILEDB_ORGANIZATION is not set")
      assert.notInclude(run.stderr, "Reading every user")
    }))

  it.effect("--help names the environment variables, what each command changes, and has no ANSI off a terminal", () =>
    Effect.gen(function*() {
      const run = yield* runInProcess(["--help"])
      assert.strictEqual(run.exitCode, ExitCode.ok)
      assert.notInclude(run.stdout, ansi)
      for (const name of ["ROCKSET_APIKEY", "AUTHRESS_ACCESS_KEY", "ASTRO_ORGANIZATION_ID", "TILEDB_ORGANIZATION"]) {
        assert.include(run.stdout, name)
      }
      assert.include(run.stdout, "CHANGES the vendors")
      assert.include(run.stdout, "Changes nothing")
      assert.include(run.stdout, "EXIT CODES")
      const usage = yield* runInProcess(["offboard"], { NO_COLOR: "1" })
      assert.notInclude(usage.stderr, ansi)
    }))

  it.effect("--version prints the package's version", () =>
    Effect.gen(function*() {
      const manifest = Object(JSON.parse(Fs.readFileSync(Path.join(cliPackage, "package.json"), "utf8")))
      const run = yield* runInProcess(["--version"])
      assert.strictEqual(run.stdout.trim(), manifest.version)
      assert.strictEqual(Cli.version, manifest.version)
    }))

  it("npm start: no command is the demo; offboard and audit run on the fakes", () => {
    assert.deepStrictEqual(Cli.startArgs([]), ["demo"])
    assert.deepStrictEqual(Cli.startArgs(["audit", "--csv"]), ["audit", "--fakes", "--csv"])
    assert.deepStrictEqual(Cli.startArgs(["offboard", "a@b.example", "--fakes"]), [
      "offboard",
      "a@b.example",
      "--fakes"
    ])
    assert.deepStrictEqual(Cli.startArgs(["--help"]), ["--help"])
    assert.deepStrictEqual(Cli.startArgs(["fakes"]), ["fakes"])
  })

  it.live(
    "on a terminal, offboard asks first: declined, nothing is removed (exit 1); confirmed, done (exit 0)",
    () =>
      Effect.gen(function*() {
        const urls = yield* Sandbox.serve({ people: 10 })
        const folder = yield* temporaryDirectory
        const env = { ...Object.fromEntries(Sandbox.environment(urls)), USERKIT_DATABASE_URL: `${folder}/userkit.db` }
        const questions: Array<string> = []
        const answer = (yes: boolean) => (question: string) =>
          Effect.sync(() => {
            questions.push(question)
            return yes
          })
        const email = "grace.hopper@example.com"
        const declined = yield* runInProcess(["offboard", email], env, answer(false))
        assert.strictEqual(declined.exitCode, ExitCode.failure, declined.stderr)
        assert.include(declined.stderr, "not confirmed")
        // The plan was saved first: it can be run later by its id.
        assert.match(declined.stderr, /userkit apply plan-\S+ --yes runs it/)
        assert.include(declined.stdout, `Offboarding plan for ${email}`)
        const sent = yield* Effect.promise(() =>
          fetch(`${new URL(urls.rockset).origin}${FakeServer.requestsPath}`).then((response) => response.json())
        )
        assert.notProperty(sent, "delete")
        const confirmed = yield* runInProcess(["offboard", email], env, answer(true))
        assert.strictEqual(confirmed.exitCode, ExitCode.ok, confirmed.stderr)
        assert.include(confirmed.stdout, "removed (verified")
        assert.strictEqual(questions.length, 2)
        assert.match(questions[0] ?? "", /^Remove these \d+ account\(s\) of grace\.hopper@example\.com\? \[y\/N\] $/)
      }).pipe(Effect.scoped),
    { timeout: 30_000 }
  )

  it.live("the demo runs on the fakes even with a vendor's credentials set, and says so", () =>
    Effect.gen(function*() {
      const run = yield* runInProcess(["demo"], { ROCKSET_APIKEY: "a-real-key" })
      assert.strictEqual(run.exitCode, ExitCode.ok, run.stderr)
      assert.include(run.stderr, "the vendor variables in the environment are ignored")
      assert.include(run.stderr, "Rockset     fake at http://127.0.0.1:")
      assert.match(run.stdout, /^\(DATA FROM USERKIT'S FAKES/)
    }), { timeout: 30_000 })
})
