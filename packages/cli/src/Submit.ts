/**
 * Offboarding through a cluster of workers: `userkit offboard <email> --submit` and
 * `userkit offboard --batch people.csv --submit` plan each person, save the plans and hand one
 * run per person to the workers (`@userkit/store/Runner`), printing the run ids;
 * `userkit runs --wait` follows the unfinished runs until all are done; `userkit audit --submit`
 * hands an access review to the workers.
 *
 * @since 0.3.0
 */
import * as Directory from "@userkit/directory/Directory"
import { terminal } from "@userkit/directory/SafeText"
import * as Database from "@userkit/store/Database"
import type * as Records from "@userkit/store/Records"
import * as ReviewWorkflow from "@userkit/store/ReviewWorkflow"
import * as Runner from "@userkit/store/Runner"
import * as Store from "@userkit/store/Store"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import type { Context } from "./Cli.js"
import type * as Commands from "./Commands.js"
import * as ExitCode from "./ExitCode.js"
import { Output } from "./Output.js"
import * as Storage from "./Storage.js"
import * as Vendors from "./Vendors.js"

const usage = (message: string): Commands.Failure => ({
  exitCode: ExitCode.usage,
  usage: true,
  error: { _tag: "UsageError", message }
})

/**
 * The emails of a batch file: one a line, in whichever column holds an address (`@`); a header
 * line, blank lines and surrounding quotes are skipped.
 *
 * @since 0.3.0
 * @category parsing
 */
export const batchEmails = (text: string): ReadonlyArray<string> =>
  text.split(/\r?\n/).flatMap((line) => {
    const cell = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, "$1").trim())
      .find((cell) => cell.includes("@"))
    return cell === undefined ? [] : [cell]
  })

// A client of the cluster over the workers' Postgres database at `url`; any other database is a
// usage failure, since only workers sharing a Postgres can take what is submitted.
const clusterClient = (url: string, operator: string) => {
  const location = Database.parse(url)
  return Either.isLeft(location) || location.right._tag !== "Postgres"
    ? Effect.fail(usage("--submit needs the workers' postgres:// database (--database)"))
    : Effect.succeed(
      Runner.layerClient({ operator }).pipe(
        Layer.provide(Database.layerLocation(location.right)),
        Layer.mapError(Storage.failure)
      )
    )
}

/**
 * Plans each person through the vendors the environment configures, saves the plans and submits
 * one run per person to the workers sharing the Postgres database at `url`; prints the run ids,
 * one a line, on stdout.
 *
 * @since 0.3.0
 * @category commands
 */
export const submit = (
  request: { readonly emails: ReadonlyArray<string> } | { readonly batch: string },
  url: string,
  context: Context
): Effect.Effect<Commands.Done, Commands.Failure, Scope.Scope> =>
  Effect.gen(function*() {
    const cluster = yield* clusterClient(url, Storage.operator(context.env))
    const emails = "emails" in request ? request.emails : yield* Effect.try({
      try: () => batchEmails(Fs.readFileSync(request.batch, "utf8")),
      catch: (error) => usage(`cannot read ${request.batch}: ${String(error)}`)
    })
    if (emails.length === 0) return yield* Effect.fail(usage("no email to offboard"))
    const setup = yield* Vendors.real(context.env).pipe(Effect.mapError(Storage.failure))
    const services = yield* Layer.build(Layer.merge(cluster, setup.directory))
    const directory = yield* Effect.provide(Directory.Directory, services)
    const store = yield* Effect.provide(Store.Store, services)
    const planIds = yield* Effect.forEach(emails, (email) =>
      directory.planOffboarding(email).pipe(
        Effect.flatMap((plan) => store.savePlan(plan)),
        Effect.mapError((error) => Storage.failure({ _tag: error._tag, message: `${email}: ${error.message}` }))
      ))
    const runIds = yield* Runner.submit(planIds).pipe(Effect.provide(services), Effect.mapError(Storage.failure))
    for (const runId of runIds) yield* context.output.data(runId)
    yield* context.output.info(
      `${runIds.length} run(s) submitted to the workers; follow them with: userkit runs --wait --database <url>`
    )
    return { exitCode: ExitCode.ok }
  })

/**
 * Hands an access review to the workers sharing the Postgres database at `url` (one activity per
 * vendor, then one saved review); prints the id it will be saved under on stdout. The workers read
 * the vendors; this process reads none.
 *
 * @since 0.3.0
 * @category commands
 */
export const submitReview = (
  url: string,
  context: Context
): Effect.Effect<Commands.Done, Commands.Failure, Scope.Scope> =>
  Effect.gen(function*() {
    const operator = Storage.operator(context.env)
    const cluster = yield* clusterClient(url, operator)
    const reviewId = yield* ReviewWorkflow.submit({ operator }).pipe(Effect.provide(cluster))
    yield* context.output.data(reviewId)
    yield* context.output.info(
      "review submitted to the workers; once every vendor is read it is saved under this id: " +
        "userkit export <id> --json --database <url>"
    )
    return { exitCode: ExitCode.ok }
  })

const describe = (run: Records.SavedRun): string => {
  const status = Runner.status(run)
  const where = status._tag === "Running" ? ` on ${status.runner ?? "this process"}` : ""
  return `${run.id}  ${
    terminal(run.email)
  }  ${status._tag.toLowerCase()}${where}  ${run.verified}/${run.actions} verified`
}

/**
 * Follows the unfinished runs until every one has finished, printing each change of status
 * (queued, running on which worker, done, failed) and each action's outcome as it is recorded;
 * exit 0 when all are done, 1 when one failed.
 *
 * @since 0.3.0
 * @category commands
 */
export const wait: Effect.Effect<Commands.Done, Commands.Failure, Store.Store | Output> = Effect
  .gen(
    function*() {
      const output = yield* Output
      const store = yield* Store.Store
      const unfinished = yield* Effect.mapError(store.listRuns({ unfinished: true }), Storage.failure)
      if (unfinished.length === 0) {
        yield* output.info("No unfinished run")
        return { exitCode: ExitCode.ok }
      }
      const seen = new Map<string, string>()
      const outcomes = new Set<string>()
      const runs = yield* Runner.follow(unfinished.map((run) => run.id), {
        onProgress: (runs) =>
          Effect.forEach(runs, (run) =>
            Effect.gen(function*() {
              for (const entry of run.journal) {
                const key = `${run.id}/${entry.position}`
                if (entry.outcome === undefined || outcomes.has(key)) continue
                outcomes.add(key)
                yield* output.data(
                  `${run.id}  ${entry.action.vendor} ${entry.action.action} ${
                    terminal(entry.action.target)
                  }: ${entry.outcome._tag}` +
                    (entry.recordedBy === undefined ? "" : ` (by ${entry.recordedBy})`)
                )
              }
              const line = describe(run)
              if (seen.get(run.id) !== line) {
                seen.set(run.id, line)
                yield* output.data(line)
              }
            }), { discard: true })
      }).pipe(Effect.mapError(Storage.failure))
      const failed = runs.filter((run) => Runner.status(run)._tag === "Failed").length
      yield* output.info(`${runs.length - failed} run(s) done, ${failed} failed`)
      return { exitCode: failed === 0 ? ExitCode.ok : ExitCode.failure }
    }
  )
