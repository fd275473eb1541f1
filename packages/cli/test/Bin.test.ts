/**
 * `userkit` end to end, as a user runs it: the executable as a child process (from its sources,
 * see helpers.ts), in real mode against the four fakes served on 127.0.0.1 (by this process, or
 * by `userkit fakes` itself), exactly as against the real vendors: the environment variables
 * `userkit fakes` prints are all it gets. Exit code, stdout and stderr are checked; each fake's
 * `GET /__userkit/requests` proves what was (not) sent.
 *
 * Each test serves its own fakes (their state is the test's). Every spawn of tsx costs about a
 * second of CPU, so the runs are few; the timeouts leave room for a loaded 2-core machine.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ExitCode from "@userkit/cli/ExitCode"
import * as Sandbox from "@userkit/cli/Sandbox"
import * as FakeServer from "@userkit/core/FakeServer"
import * as Fakes from "@userkit/directory/Fakes"
import * as Ports from "@userkit/testkit/Ports"
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import { binCommand, fakesChild, runBin, spawn, stackTrace, temporaryDirectory } from "./helpers.js"

const timeoutMillis = 60_000

/** The fakes for one test, and the environment `userkit fakes` would print for them. */
const served = Effect.gen(function*() {
  const urls = yield* Sandbox.serve({ people: 30 })
  const folder = yield* temporaryDirectory
  const env: Record<string, string> = {
    ...Object.fromEntries(Sandbox.environment(urls)),
    USERKIT_DATABASE_URL: `${folder}/userkit.db`
  }
  return { urls, env }
})

const origin = (url: string) => new URL(url).origin

/** Every fake's requests per operation. */
const requestCounts = (urls: Fakes.BaseUrls) =>
  Effect.forEach(Object.values(urls), (url) =>
    Effect.promise(async () => {
      const response = await fetch(`${origin(url)}${FakeServer.requestsPath}`)
      const counts: Record<string, number> = Object(await response.json())
      return counts
    }))

const removals = (counts: ReadonlyArray<Record<string, number>>) =>
  counts.flatMap((perOperation) => Object.keys(perOperation).filter((operation) => /^delete/i.test(operation)))

const document = (stdout: string): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(stdout)
  assert.isObject(parsed)
  return Object(parsed)
}

const reviewOf = (stdout: string) => {
  const review = Object(document(stdout)["review"])
  const rows: ReadonlyArray<
    { readonly vendor: string; readonly email: string; readonly scopeType: string; readonly scopeId: string }
  > = review.rows
  const coverage: Record<string, { readonly _tag: string; readonly reason?: string }> = review.coverage
  return { rows, coverage }
}

describe("userkit, the executable, against the fakes as real vendors", () => {
  it.scoped(
    "audit --json with all four reachable: exit 0, one JSON document, TileDB-only members listed",
    () =>
      Effect.gen(function*() {
        const { env, urls } = yield* served
        const run = yield* runBin(["audit", "--json"], { env, timeoutMillis })
        assert.strictEqual(run.code, ExitCode.ok, run.stderr)
        const { coverage, rows } = reviewOf(run.stdout)
        assert.strictEqual(document(run.stdout)["source"], "real")
        assert.deepStrictEqual(Object.values(coverage).map((entry) => entry._tag), [
          "Complete",
          "Complete",
          "Complete",
          "Complete"
        ])
        // In TileDB only: found by listing the organization, not by an email from another vendor.
        assert.isTrue(rows.some((row) => row.vendor === "TileDB" && row.email === "alan.turing@elsewhere.example"))
        assert.deepStrictEqual(removals(yield* requestCounts(urls)), [])
      }),
    { timeout: timeoutMillis }
  )

  it.scoped("audit with TileDB unreachable ends within 60 s, exits 3 and names TileDB", () =>
    Effect.gen(function*() {
      const { env } = yield* served
      const port = yield* Ports.unused
      const run = yield* runBin(["audit", "--json"], {
        env: { ...env, TILEDB_REST_HOST: `http://127.0.0.1:${port}` },
        timeoutMillis
      })
      assert.strictEqual(run.code, ExitCode.partial, run.stderr)
      assert.isBelow(run.millis, 60_000)
      const { coverage, rows } = reviewOf(run.stdout)
      assert.strictEqual(coverage["TileDB"]?._tag, "Failed")
      assert.include(run.stderr, "TileDB")
      assert.isTrue(rows.some((row) => row.vendor === "Rockset"))
      console.log(`audit with TileDB unreachable: exit ${run.code} after ${run.millis} ms`)
    }), { timeout: timeoutMillis })

  it.scoped(
    "a malformed AUTHRESS_ACCESS_KEY fails Authress alone: the other three are reviewed, exit 3",
    () =>
      Effect.gen(function*() {
        const { env } = yield* served
        const run = yield* runBin(["audit", "--json"], {
          env: { ...env, AUTHRESS_ACCESS_KEY: "not-an-access-key" },
          timeoutMillis
        })
        assert.strictEqual(run.code, ExitCode.partial, run.stderr)
        const { coverage, rows } = reviewOf(run.stdout)
        assert.strictEqual(coverage["Authress"]?._tag, "Failed")
        assert.deepStrictEqual(new Set(rows.map((row) => row.vendor)), new Set(["Rockset", "Astronomer", "TileDB"]))
        assert.include(run.stderr, "Authress")
        assert.notMatch(run.stderr, stackTrace)
      }),
    { timeout: timeoutMillis }
  )

  it.scoped(
    "AUTHRESS_TENANTS names the tenants whose members the review shows (Authress cannot list them)",
    () =>
      Effect.gen(function*() {
        const { env } = yield* served
        const tenantsIn = (stdout: string) =>
          new Set(
            reviewOf(stdout).rows.filter((row) => row.vendor === "Authress" && row.scopeType === "tenant").map((row) =>
              row.scopeId
            )
          )
        const both = yield* runBin(["audit", "--json"], { env, timeoutMillis })
        assert.strictEqual(both.code, ExitCode.ok, both.stderr)
        assert.deepStrictEqual(tenantsIn(both.stdout), new Set(Fakes.tenants))
        const one = yield* runBin(["audit", "--json"], {
          env: { ...env, AUTHRESS_TENANTS: " tenant-sales , ," },
          timeoutMillis
        })
        assert.strictEqual(one.code, ExitCode.ok, one.stderr)
        assert.deepStrictEqual(tenantsIn(one.stdout), new Set(["tenant-sales"]))
      }),
    { timeout: timeoutMillis }
  )

  it.scoped("only Rockset configured: Rockset's rows alone, nothing from a fake", () =>
    Effect.gen(function*() {
      const { env } = yield* served
      const run = yield* runBin(["audit", "--csv"], {
        env: {
          ROCKSET_APIKEY: env["ROCKSET_APIKEY"] ?? "",
          ROCKSET_APISERVER: env["ROCKSET_APISERVER"] ?? "",
          USERKIT_DATABASE_URL: env["USERKIT_DATABASE_URL"] ?? ""
        },
        timeoutMillis
      })
      assert.strictEqual(run.code, ExitCode.ok, run.stderr)
      const [header, ...lines] = run.stdout.trimEnd().split("\r\n")
      assert.strictEqual(header, "vendor,key,email,name,status,scopeType,scopeId,role")
      assert.isAbove(lines.length, 0)
      assert.deepStrictEqual(new Set(lines.map((line) => line.split(",")[0])), new Set(["Rockset"]))
      assert.notInclude(run.stdout, "FAKES")
      assert.notInclude(run.stderr, "fake at")
    }), { timeout: timeoutMillis })

  it.scoped(
    "offboard without a terminal and without --yes: exit 2, the usage, and nothing removed",
    () =>
      Effect.gen(function*() {
        const { env, urls } = yield* served
        const run = yield* runBin(["offboard", "grace.hopper@example.com"], { env, timeoutMillis })
        assert.strictEqual(run.code, ExitCode.usage, run.stderr)
        assert.include(run.stderr, "--yes")
        assert.include(run.stderr, "USAGE")
        // The plan was printed; no removal was sent to any vendor.
        assert.include(run.stdout, "grace.hopper@example.com")
        const counts = yield* requestCounts(urls)
        assert.deepStrictEqual(removals(counts), [])
        assert.isAbove(counts.reduce((sum, perOperation) => sum + Object.keys(perOperation).length, 0), 0)
      }),
    { timeout: timeoutMillis }
  )

  it.scoped(
    "--json on a failure or a usage error: one JSON document with the typed reason, the usage, no stack trace",
    () =>
      Effect.gen(function*() {
        const { env } = yield* served
        const invalid = yield* runBin(["offboard", "not-an-email", "--json"], { env, timeoutMillis })
        assert.strictEqual(invalid.code, ExitCode.usage, invalid.stderr)
        assert.strictEqual(Object(document(invalid.stdout)["error"])._tag, "InvalidEmail")
        assert.notMatch(invalid.stderr, stackTrace)
        const usage = yield* runBin(["audit", "--bogus", "--json"], { env, timeoutMillis })
        assert.strictEqual(usage.code, ExitCode.usage, usage.stderr)
        assert.strictEqual(Object(document(usage.stdout)["error"])._tag, "UsageError")
        assert.include(usage.stderr, "$ userkit audit")
        assert.notInclude(usage.stdout + usage.stderr, "CommandMismatch")
      }),
    { timeout: timeoutMillis }
  )

  it.scoped(
    "identity through the executable: `self` refused unsent, case and spaces change nothing, a look-alike is not the person",
    () =>
      Effect.gen(function*() {
        const { env, urls } = yield* served
        const plan = (email: string) =>
          Effect.map(runBin(["offboard", email, "--dry-run", "--json"], { env, timeoutMillis }), (run) => {
            assert.strictEqual(run.code, ExitCode.ok, run.stderr)
            const planned = Object(document(run.stdout)["plan"])
            const actions: ReadonlyArray<{ readonly vendor: string; readonly target: string }> = planned.actions
            return { email: String(planned.email), actions: actions.map(({ target, vendor }) => `${vendor} ${target}`) }
          })
        const canonical = yield* plan("ada.lovelace@example.com")
        assert.includeMembers(canonical.actions.map((action) => action.split(" ")[0]), ["Rockset", "TileDB"])
        assert.deepStrictEqual(yield* plan("  Ada.Lovelace@EXAMPLE.com "), canonical)

        const before = yield* requestCounts(urls)
        const self = yield* runBin(["offboard", "self", "--dry-run", "--json"], { env, timeoutMillis })
        assert.strictEqual(self.code, ExitCode.usage, self.stderr)
        assert.strictEqual(Object(document(self.stdout)["error"])._tag, "InvalidEmail")
        assert.deepStrictEqual(yield* requestCounts(urls), before)

        // A Rockset account whose email starts with KELVIN SIGN (which toLowerCase folds to "k").
        const created = yield* Effect.promise(() =>
          fetch(`${urls.rockset}/v1/orgs/self/users`, {
            method: "POST",
            headers: { authorization: `ApiKey ${env["ROCKSET_APIKEY"] ?? ""}`, "content-type": "application/json" },
            body: JSON.stringify({ email: "\u212Aen@example.com", roles: ["member"] })
          })
        )
        assert.isTrue(created.ok, String(created.status))
        const ken = yield* plan("ken@example.com")
        assert.strictEqual(ken.email, "ken@example.com")
        assert.notInclude(ken.actions, "Rockset \u212Aen@example.com")
        // Dry runs save nothing: the store the environment names was never created.
        assert.isFalse(Fs.existsSync(env["USERKIT_DATABASE_URL"] ?? ""))
      }),
    { timeout: timeoutMillis }
  )

  it.scoped("audit --csv into a pipe closed at once: exit 0, no stack trace", () =>
    Effect.gen(function*() {
      const { env } = yield* served
      const cli = [process.execPath, ...binCommand].map((part) => `'${part}'`).join(" ")
      // `true` reads nothing and exits: every write of the CLI meets a closed pipe (EPIPE).
      const run = yield* spawn("bash", ["-c", `set -o pipefail; ${cli} audit --csv | true`], { env, timeoutMillis })
      assert.strictEqual(run.code, 0, run.stderr)
      assert.notMatch(run.stderr, stackTrace)
    }), { timeout: timeoutMillis })
})

describe("userkit fakes", () => {
  it.live(
    "serves the fakes, prints their environment and `ready`, keeps state, and ends on SIGTERM",
    () =>
      Effect.gen(function*() {
        const { env, lines, stderr, stop } = yield* fakesChild(binCommand, 20)
        assert.strictEqual(lines.at(-1), "ready")
        for (const line of lines.slice(0, -1)) assert.match(line, /^export ([A-Z_]+)=(.*)$/)
        const database = { USERKIT_DATABASE_URL: `${yield* temporaryDirectory}/userkit.db` }
        assert.deepStrictEqual(
          Object.keys(env),
          Sandbox.environment({
            rockset: "",
            authress: "",
            astronomer: "",
            tiledb: ""
          }).map(([name]) => name)
        )

        const offboard = yield* runBin(["offboard", "grace.hopper@example.com", "--yes", "--json"], {
          env: { ...env, ...database },
          timeoutMillis
        })
        assert.strictEqual(offboard.code, ExitCode.ok, offboard.stderr)
        const deletes = yield* Effect.promise(async () => {
          const response = await fetch(`${origin(env["ROCKSET_APISERVER"] ?? "")}${FakeServer.requestsPath}`)
          const counts: Record<string, number> = Object(await response.json())
          return counts["delete"]
        })
        assert.strictEqual(deletes, 1)
        // The state is kept: she is gone from the next run's plan.
        const again = yield* runBin(["offboard", "grace.hopper@example.com", "--dry-run", "--json"], {
          env: { ...env, ...database },
          timeoutMillis
        })
        assert.strictEqual(again.code, ExitCode.ok, again.stderr)
        assert.deepStrictEqual(Object(document(again.stdout)["plan"]).actions, [])

        const exit = yield* stop
        assert.strictEqual(exit, 0, stderr())
        assert.notMatch(stderr(), stackTrace)
      }).pipe(Effect.scoped),
    { timeout: timeoutMillis }
  )
})
