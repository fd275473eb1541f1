/**
 * `userkit` remembers, end to end: the executable (bundled once from its sources, see helpers.ts)
 * as child processes in real mode against the four fakes served on 127.0.0.1, with the store on
 * a SQLite file of the test's own and on a Postgres database created for the test (the testkit's
 * `Databases`: the server on 127.0.0.1:5432, or an embedded Postgres where there is none and `CI`
 * is unset).
 */
import { assert, describe, it } from "@effect/vitest"
import * as ExitCode from "@userkit/cli/ExitCode"
import * as Sandbox from "@userkit/cli/Sandbox"
import * as Version from "@userkit/store/Version"
import { postgres, sqlite } from "@userkit/testkit/Databases"
import * as Ports from "@userkit/testkit/Ports"
import * as Effect from "effect/Effect"
import { bundledBin, fakesChild, type Finished, requestCounts, runBundled, stackTrace } from "./helpers.js"

const grace = "grace.hopper@example.com"

// A child of the bundle takes about a second here; a loaded 2-core machine may need several.
const childMillis = 30_000

const document = (run: Finished): Record<string, unknown> => {
  assert.notMatch(run.stderr, stackTrace)
  const parsed: unknown = JSON.parse(run.stdout)
  assert.isObject(parsed)
  return Object(parsed)
}

interface Access {
  readonly person: string
  readonly vendor: string
  readonly key: string
  readonly scopeType: string
  readonly scopeId: string
}

const accessKey = (access: Omit<Access, "person">) =>
  JSON.stringify([access.vendor, access.key, access.scopeType, access.scopeId])

/** The CLI against the served fakes, on one database. */
const cliOn =
  (bundle: string, env: Readonly<Record<string, string>>, database: string) =>
  (args: ReadonlyArray<string>, extra: Readonly<Record<string, string>> = {}) =>
    runBundled(bundle, [...args, "--database", database], {
      env: { ...env, USER: "auditor", ...extra },
      timeoutMillis: childMillis
    })

/**
 * audit, offboard her, audit: the diff is exactly her accounts lost, nothing gained, changed or
 * unknown. Answers the two reviews' ids and the run's.
 */
const scenario = (cli: ReturnType<typeof cliOn>) =>
  Effect.gen(function*() {
    const before = yield* cli(["audit", "--json"])
    assert.strictEqual(before.code, ExitCode.ok, before.stderr)
    const first = document(before)
    const reviewA = String(first["reviewId"])
    assert.match(reviewA, /^review-/)
    assert.include(before.stderr, `Saved review ${reviewA}`)
    const rows: ReadonlyArray<Omit<Access, "person"> & { readonly email: string }> = Object(first["review"]).rows
    const hers = new Set(rows.filter((row) => row.email.toLowerCase() === grace).map(accessKey))
    assert.isAbove(hers.size, 3)

    const offboard = yield* cli(["offboard", grace, "--yes", "--json"])
    assert.strictEqual(offboard.code, ExitCode.ok, offboard.stderr)
    const offboarded = document(offboard)
    const planId = String(offboarded["planId"])
    const runId = String(offboarded["runId"])
    assert.include(offboard.stderr, `Saved plan ${planId}`)
    assert.match(runId, /^run-/)

    const after = yield* cli(["audit", "--json"])
    assert.strictEqual(after.code, ExitCode.ok, after.stderr)
    const reviewB = String(document(after)["reviewId"])

    const diff = yield* cli(["diff", "--json"])
    assert.strictEqual(diff.code, ExitCode.ok, diff.stderr)
    const changes = Object(document(diff)["diff"])
    assert.deepStrictEqual([changes.from.id, changes.to.id], [reviewA, reviewB])
    const lost: ReadonlyArray<Access> = changes.lost
    assert.deepStrictEqual(new Set(lost.map((access) => access.person)), new Set([grace]))
    assert.deepStrictEqual(new Set(lost.map(accessKey)), hers)
    assert.deepStrictEqual([changes.gained, changes.changed, changes.unknown], [[], [], []])
    return { reviewA, reviewB, planId, runId }
  })

describe("userkit remembers: audit, offboard, audit, diff", () => {
  it.scoped(
    "on SQLite, with `userkit fakes` serving: exactly her accounts lost; reviews, runs, history and export say so",
    () =>
      Effect.gen(function*() {
        const bundle = yield* bundledBin
        const fakes = yield* fakesChild([bundle], 20)
        assert.strictEqual(fakes.lines.at(-1), "ready")
        assert.deepStrictEqual(
          Object.keys(fakes.env),
          Sandbox.environment({ rockset: "", authress: "", astronomer: "", tiledb: "" }).map(([name]) => name)
        )
        const database = yield* sqlite.database
        const cli = cliOn(bundle, fakes.env, database)
        const { planId, reviewA, reviewB, runId } = yield* scenario(cli)
        // The fakes kept their state between the processes and counted the requests: her removal in Rockset.
        assert.strictEqual((yield* requestCounts(fakes.env["ROCKSET_APISERVER"] ?? ""))["delete"], 1)

        const reviews = document(yield* cli(["reviews", "--json"]))
        const listed: ReadonlyArray<{ readonly id: string; readonly operator: string }> = Object(reviews["reviews"])
        assert.deepStrictEqual(listed.map((review) => review.id), [reviewB, reviewA])
        assert.deepStrictEqual(listed.map((review) => review.operator), ["auditor", "auditor"])

        const runs = yield* cli(["runs", "--json"])
        assert.strictEqual(runs.code, ExitCode.ok, runs.stderr)
        const [run, ...others] = Object(document(runs)["runs"])
        assert.deepStrictEqual(others, [])
        assert.deepStrictEqual(
          [run.id, run.planId, run.email, run.unfinished, run.verified === run.actions],
          [runId, planId, grace, false, true]
        )
        const runsText = yield* cli(["runs"])
        assert.include(runsText.stdout, `${runId}  plan ${planId}  ${grace}`)
        assert.include(runsText.stdout, "finished")

        const history = Object(document(yield* cli(["history", grace, "--json"]))["history"])
        assert.deepStrictEqual(history.reviews.map((entry: { review: { id: string } }) => entry.review.id), [reviewA])
        assert.deepStrictEqual(history.plans.map((plan: { id: string }) => plan.id), [planId])
        assert.deepStrictEqual(history.runs.map((run: { id: string }) => run.id), [runId])

        const csv = yield* cli(["export", runId, "--csv"])
        assert.strictEqual(csv.code, ExitCode.ok, csv.stderr)
        const [title, exported, operator, coverage, columns, ...lines] = csv.stdout.trimEnd().split("\r\n")
        assert.strictEqual(title, `# userkit ${Version.version}: run ${runId}`)
        assert.match(exported ?? "", /^# exported at \d{4}-\d\d-\d\dT[\d:.]+Z by auditor$/)
        assert.strictEqual(operator, "# operator: auditor")
        assert.strictEqual(
          coverage,
          "\"# coverage: Astronomer=complete; Authress=complete; Rockset=complete; TileDB=complete\""
        )
        assert.match(columns ?? "", /^position,vendor,action,/)
        assert.strictEqual(lines.length, run.actions)
        assert.isTrue(lines.every((line) => /,(Removed|AlreadyAbsent),true,/.test(line)), lines.join("\n"))

        const json = Object(document(yield* cli(["export", reviewA, "--json"]))["header"])
        assert.deepStrictEqual([json.tool, json.version, json.kind, json.id], [
          "userkit",
          Version.version,
          "review",
          reviewA
        ])

        // An id that names nothing: exit 1, one JSON document with the store's typed error.
        const unknown = yield* cli(["export", "run-nothing", "--json"])
        assert.strictEqual(unknown.code, ExitCode.failure, unknown.stderr)
        assert.deepStrictEqual(Object(document(unknown)["error"]), {
          _tag: "NotFound",
          message: "No run \"run-nothing\" in this database",
          kind: "run",
          id: "run-nothing"
        })

        assert.strictEqual(yield* fakes.stop, 0, fakes.stderr())
      }),
    { timeout: 240_000 }
  )

  it.scoped(
    "on Postgres: exactly her accounts lost; then a vendor that fails is unknown in the diff, never lost (exit 3)",
    () =>
      Effect.gen(function*() {
        const bundle = yield* bundledBin
        const urls = yield* Sandbox.serve({ people: 20 })
        const env = Object.fromEntries(Sandbox.environment(urls))
        const database = yield* postgres.database
        const cli = cliOn(bundle, env, database)
        const { reviewB } = yield* scenario(cli)

        const port = yield* Ports.unused
        const partial = yield* cli(["audit", "--json"], { TILEDB_REST_HOST: `http://127.0.0.1:${port}` })
        assert.strictEqual(partial.code, ExitCode.partial, partial.stderr)
        const reviewC = String(document(partial)["reviewId"])
        const diff = yield* cli(["diff", reviewB, reviewC, "--json"])
        assert.strictEqual(diff.code, ExitCode.partial, diff.stderr)
        const changes = Object(document(diff)["diff"])
        assert.deepStrictEqual(changes.unknown.map((entry: { vendor: string }) => entry.vendor), ["TileDB"])
        assert.deepStrictEqual([changes.lost, changes.gained, changes.changed], [[], [], []])
        const text = yield* cli(["diff", reviewB, reviewC])
        assert.include(text.stdout, "UNKNOWN")
        assert.include(text.stdout, "? TileDB")
        assert.include(text.stdout, "Lost: 0")
      }),
    { timeout: 240_000 }
  )
})
