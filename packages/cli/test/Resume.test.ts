/**
 * `userkit apply` killed with SIGKILL at random points, then `userkit resume`: the executable
 * (bundled once from its sources) as child processes in real mode against the four fakes served
 * here, which count every request per operation (`GET /__userkit/requests`), with the store on a
 * SQLite file and on a Postgres database of the test's own. The library's own kill -9 suite
 * (store/test/Durability.test.ts) kills at finer points (on a chosen request, through a counting
 * proxy); this one proves the CLI's commands carry that durability: a plan saved by
 * `offboard --plan-only`, run by `apply`, finished by `resume`.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ExitCode from "@userkit/cli/ExitCode"
import * as Sandbox from "@userkit/cli/Sandbox"
import * as Fakes from "@userkit/directory/Fakes"
import * as Database from "@userkit/store/Database"
import type * as Records from "@userkit/store/Records"
import * as Store from "@userkit/store/Store"
import { engines } from "@userkit/testkit/Databases"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import { bundledBin, type Finished, requestCounts, runBundled, stackTrace } from "./helpers.js"

// The 20 points across the two engines. Each costs four children (plan, apply, runs,
// resume) of one to two seconds on a loaded 2-core machine: measured 31 to 35 s per engine here
// (about a minute of CPU for the file), a third of the timeout.
const killsPerEngine = 10

const childMillis = 30_000

const document = (run: Finished): Record<string, unknown> => {
  assert.notMatch(run.stderr, stackTrace)
  return Object(JSON.parse(run.stdout))
}

/** The removals each fake has received, by vendor. */
const removals = (urls: Fakes.BaseUrls) =>
  Effect.map(
    Effect.all({
      Rockset: requestCounts(urls.rockset),
      Authress: requestCounts(urls.authress),
      Astronomer: requestCounts(urls.astronomer),
      TileDB: requestCounts(urls.tiledb)
    }),
    (counts) =>
      Object.fromEntries(
        Object.entries(counts).map(([vendor, perOperation]) => [
          vendor,
          Object.entries(perOperation).reduce((sum, [operation, n]) => /^delete/i.test(operation) ? sum + n : sum, 0)
        ])
      )
  )

/** Per vendor, the journal entries with no recorded outcome. */
const unrecorded = (run: Records.SavedRun | undefined) => {
  const open: Record<string, number> = {}
  for (const entry of run?.journal ?? []) {
    if (entry.outcome === undefined) open[entry.action.vendor] = (open[entry.action.vendor] ?? 0) + 1
  }
  return open
}

describe.each(engines)("userkit apply killed with SIGKILL, then userkit resume, on $name", (engine) => {
  it.live(
    `${killsPerEngine} deaths at random points of a run: each action recorded once, nothing recorded sent again, the person gone`,
    () =>
      Effect.gen(function*() {
        const bundle = yield* bundledBin
        const organisation = yield* Fakes.make({ people: 30 })
        const urls = yield* Fakes.serve(organisation)
        const env = { ...Object.fromEntries(Sandbox.environment(urls)), USER: "operator" }
        const database = yield* engine.database
        const cli = (args: ReadonlyArray<string>, onStderr?: (stderr: string, kill: () => void) => void) =>
          runBundled(bundle, [...args, "--database", database], {
            env,
            timeoutMillis: childMillis,
            ...(onStderr === undefined ? {} : { onStderr })
          })
        const store = Context.get(
          yield* Layer.build(Store.layer().pipe(Layer.provide(Database.layer({ url: database })))),
          Store.Store
        )
        const runOf = (planId: string) =>
          Effect.map(store.listRuns(), (runs) => runs.find((run) => run.planId === planId))

        const offboarded: Array<{ readonly email: string; readonly runId: string }> = []
        // Where the deaths landed: before the run began, during it, or after its end.
        const landed = { before: 0, during: 0, after: 0 }
        for (const person of organisation.people) {
          if (offboarded.length >= killsPerEngine) break
          const planned = yield* cli(["offboard", person.email, "--plan-only", "--json"])
          assert.strictEqual(planned.code, ExitCode.ok, planned.stderr)
          const plan = document(planned)
          if (Object(plan["plan"]).actions.length === 0) continue
          const planId = String(plan["planId"])
          const sentBefore = yield* removals(urls)

          // Killed inside the run: once its first removal reaches a fake (polled), after a random
          // delay up to 300 ms (the run's four or five removals take 100 to 900 ms here), so a death
          // falls between an intent and its outcome, between actions, or just after the last one.
          let kill: (() => void) | undefined
          const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0)
          const trigger = yield* Effect.fork(Effect.gen(function*() {
            while (total(yield* removals(urls)) === total(sentBefore)) yield* Effect.sleep("15 millis")
            yield* Effect.sleep(Duration.millis(Math.random() * 300))
            kill?.()
          }))
          const killed = yield* cli(["apply", planId, "--yes", "--json"], (_, killChild) => {
            kill = killChild
          })
          yield* Fiber.interrupt(trigger)
          const summary = yield* runOf(planId)
          if (killed.signal !== "SIGKILL") {
            // It finished before the kill: a point past the end of the run.
            assert.strictEqual(killed.code, ExitCode.ok, killed.stderr)
          }
          let runId = summary?.id
          if (runId === undefined) {
            // Killed before the run was created: nothing was sent; apply again.
            landed.before++
            assert.deepStrictEqual(yield* removals(urls), sentBefore)
            const again = yield* cli(["apply", planId, "--yes", "--json"])
            assert.strictEqual(again.code, ExitCode.ok, again.stderr)
            runId = String(document(again)["runId"])
          } else {
            const before = yield* store.getRun(runId)
            landed[before.finishedAt === undefined ? "during" : "after"]++
            if (before.finishedAt === undefined) {
              const runs = document(yield* cli(["runs", "--json"]))
              const listed: ReadonlyArray<{ id: string; unfinished: boolean }> = Object(runs["runs"])
              assert.isTrue(listed.some((run) => run.id === runId && run.unfinished))
            }
            const open = unrecorded(before)
            const sent = yield* removals(urls)
            const resumed = yield* cli(["resume", runId, "--json"])
            assert.strictEqual(resumed.code, ExitCode.ok, resumed.stderr)
            // No action whose outcome was recorded was sent again: a vendor's removals grew by at
            // most its actions still open.
            const after = yield* removals(urls)
            for (const vendor of Object.keys(after)) {
              assert.isAtMost((after[vendor] ?? 0) - (sent[vendor] ?? 0), open[vendor] ?? 0, vendor)
            }
          }
          offboarded.push({ email: person.email, runId })
        }
        assert.strictEqual(offboarded.length, killsPerEngine)
        console.log(
          `${engine.name}: killed before the run ${landed.before}, during it ${landed.during}, after it ${landed.after}`
        )

        for (const { runId } of offboarded) {
          const run = yield* store.getRun(runId)
          assert.isDefined(run.finishedAt)
          assert.strictEqual(run.journal.length, run.plan.actions.length)
          for (const entry of run.journal) {
            assert.match(entry.outcome?._tag ?? "none", /^(Removed|AlreadyAbsent)$/)
            assert.isAtLeast(entry.sends, entry.outcome?._tag === "Removed" ? 1 : 0)
          }
        }
        assert.deepStrictEqual(yield* store.listRuns({ unfinished: true }), [])
        // Gone from every vendor: a fresh review lists none of them.
        const review = yield* cli(["audit", "--json", "--no-save"])
        assert.strictEqual(review.code, ExitCode.ok, review.stderr)
        const gone = new Set(offboarded.map(({ email }) => email))
        const rows: ReadonlyArray<{ readonly email: string }> = Object(document(review)["review"]).rows
        assert.deepStrictEqual(rows.filter((row) => gone.has(row.email.toLowerCase())), [])
      }).pipe(Effect.scoped),
    { timeout: 240_000 }
  )
})
