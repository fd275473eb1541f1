/**
 * What `userkit`'s commands do over the directory, and what they answer: an exit code
 * ({@link ExitCode}) and, as asked, text (vendor strings through `SafeText.terminal`), CSV (cells
 * through `SafeText.csvCell`), one JSON document, or JSON lines. Data goes to stdout or to the
 * `--out` file; messages and progress go to stderr.
 *
 * @since 0.3.0
 */
import * as AccessReview from "@userkit/directory/AccessReview"
import * as Coverage from "@userkit/directory/Coverage"
import * as Directory from "@userkit/directory/Directory"
import type * as Fakes from "@userkit/directory/Fakes"
import * as Plan from "@userkit/directory/Plan"
import { terminal } from "@userkit/directory/SafeText"
import * as Offboarding from "@userkit/store/Offboarding"
import * as Records from "@userkit/store/Records"
import * as Store from "@userkit/store/Store"
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as ExitCode from "./ExitCode.js"
import { Output } from "./Output.js"
import * as Storage from "./Storage.js"
import type { Setup } from "./Vendors.js"

/**
 * How a command prints its result.
 *
 * @since 0.3.0
 * @category models
 */
export type Format = "text" | "csv" | "json" | "jsonl"

/**
 * A failure a command ends with: its exit code, a message for stderr, and what the JSON document
 * says of it (`_tag`, `message` and the typed fields).
 *
 * @since 0.3.0
 * @category models
 */
export interface Failure {
  readonly exitCode: ExitCode.ExitCode
  readonly error: { readonly _tag: string; readonly message: string; readonly [field: string]: unknown }
  /** Print the command's usage under the message (a usage error). */
  readonly usage?: boolean
}

/**
 * What a command ends with, when it ends without a {@link Failure}: its exit code (0, or 3 for a
 * partial result, or 1 for removals that failed).
 *
 * @since 0.3.0
 * @category models
 */
export interface Done {
  readonly exitCode: ExitCode.ExitCode
}

/**
 * Where data goes: stdout, or the file of `--out` (written whole: a temporary file renamed into
 * place, so a reader never sees half a review).
 *
 * @since 0.3.0
 * @category models
 */
export interface Destination {
  readonly out: string | undefined
}

/**
 * Writes a command's data to its destination. When the file cannot be written, the data goes to
 * stderr instead (a report of removals already made is never lost; stdout keeps its one document)
 * and the run fails.
 *
 * @since 0.3.0
 * @category output
 */
export const deliver = (destination: Destination, text: string, what: string) =>
  Effect.gen(function*() {
    const output = yield* Output
    const { out } = destination
    if (out === undefined) return yield* output.data(text)
    const temporary = Path.join(Path.dirname(out), `.${Path.basename(out)}.${process.pid}.tmp`)
    yield* Effect.try({
      try: () => {
        Fs.writeFileSync(temporary, `${text}\n`)
        Fs.renameSync(temporary, out)
      },
      catch: (cause): Failure => ({
        exitCode: ExitCode.failure,
        error: { _tag: "OutputError", message: `cannot write ${out}: ${String(cause)}`, path: out }
      })
    }).pipe(Effect.tapError(() =>
      Effect.zipRight(
        Effect.sync(() => Fs.rmSync(temporary, { force: true })),
        output.info(text)
      )
    ))
    yield* output.info(`Wrote ${what} to ${out}`)
  })

const fakesNotice = "DATA FROM USERKIT'S FAKES: not any real vendor's"

/**
 * What a run says about its vendors, on stderr: real or fake, and the ones that could not be set up.
 *
 * @since 0.3.0
 * @category output
 */
export const describeSetup = (setup: Setup) =>
  Effect.gen(function*() {
    const output = yield* Output
    yield* output.info(setup.fakes ? `Vendors: userkit's fakes on 127.0.0.1 (${fakesNotice})` : "Vendors:")
    for (const [vendor, source] of Object.entries(setup.sources)) {
      const where = source._tag === "Real"
        ? "real (from its environment variables)"
        : source._tag === "Fake"
        ? `fake at ${source.url}`
        : `UNAVAILABLE: ${terminal(source.reason)}`
      yield* output.info(`  ${vendor.padEnd(11)} ${where}`)
    }
  })

const coverageText = (coverage: Coverage.ByVendor): ReadonlyArray<string> =>
  Coverage.entries(coverage).map(([vendor, entry]) =>
    `  ${vendor.padEnd(11)} ${
      entry._tag === "Complete"
        ? "complete"
        : `${entry._tag === "Partial" ? "PARTIAL" : "FAILED"}: ${terminal(entry.reason)}`
    }`
  )

const coverageCode = (coverage: Coverage.ByVendor): ExitCode.ExitCode =>
  Coverage.isComplete(coverage) ? ExitCode.ok : ExitCode.partial

const parsed = (json: string): unknown => JSON.parse(json)

// Text on the fakes says so on its first line.
const withNotice = (setup: Setup, text: string) => setup.fakes ? `(${fakesNotice})\n${text}` : text

const source = (setup: Setup) => setup.fakes ? "fakes" : "real"

// ---------------------------------------------------------------------------------------------
// audit
// ---------------------------------------------------------------------------------------------

const count = (progress: Directory.Progress) =>
  Object.entries(progress).map(([vendor, users]) => `${vendor} ${users}`).join(" · ")

const summary = (review: AccessReview.AccessReview): ReadonlyArray<string> => {
  const vendors = [...new Set(review.rows.map((row) => row.vendor))]
  return [
    ...vendors.map((vendor) => {
      const rows = review.rows.filter((row) => row.vendor === vendor)
      return `  ${vendor.padEnd(11)} ${
        String(new Set(rows.map((row) => row.key)).size).padStart(5)
      } identities, ${rows.length} access rows`
    }),
    "Coverage:",
    ...coverageText(review.coverage),
    "  (--csv, --json or --jsonl prints every row)"
  ]
}

/**
 * The access review: every identity × scope × role of every vendor, with each vendor's coverage,
 * saved by `save` when given (its id on stderr and in the JSON). Exits 0 when every vendor was
 * read completely, 3 otherwise. Changes nothing at the vendors.
 *
 * @since 0.3.0
 * @category commands
 */
export const audit = (
  setup: Setup,
  format: Format,
  destination: Destination,
  save?: ((review: AccessReview.AccessReview) => Effect.Effect<string, Failure>) | undefined
) =>
  Effect.gen(function*() {
    const output = yield* Output
    const directory = yield* Directory.Directory
    yield* output.info(`Reading every user's access in ${directory.vendors.join(", ")}...`)
    const review = yield* directory.accessReview({
      onProgress: (progress) => output.progress(`listed so far: ${count(progress)}`)
    })
    yield* output.endProgress
    const reviewId = save === undefined ? null : yield* save(review)
    if (reviewId !== null) yield* output.info(`Saved review ${reviewId}`)
    const exitCode = coverageCode(review.coverage)
    const what = `the review (${review.rows.length} rows)`
    switch (format) {
      case "csv": {
        const header = setup.fakes ? `# ${fakesNotice}\r\n` : ""
        yield* deliver(destination, `${header}${AccessReview.toCsv(review).trimEnd()}`, what)
        break
      }
      case "json": {
        const document = {
          command: "audit",
          source: source(setup),
          exitCode,
          reviewId,
          review: parsed(AccessReview.toJson(review))
        }
        yield* deliver(destination, JSON.stringify(document, null, 2), what)
        break
      }
      case "jsonl": {
        const head = JSON.stringify({ type: "review", source: source(setup), startedAt: review.startedAt })
        const rows = review.rows.map((row) => JSON.stringify({ type: "row", ...row }))
        const { coverage, finishedAt } = Object(parsed(AccessReview.toJson(review)))
        const tail = JSON.stringify({ type: "end", exitCode, reviewId, finishedAt, coverage })
        yield* deliver(destination, [head, ...rows, tail].join("\n"), what)
        break
      }
      case "text":
        yield* deliver(destination, withNotice(setup, summary(review).join("\n")), "the summary")
    }
    if (exitCode !== ExitCode.ok) {
      const incomplete = Coverage.entries(review.coverage).filter(([, entry]) => entry._tag !== "Complete")
      yield* output.info(`INCOMPLETE review: ${incomplete.map(([vendor]) => vendor).join(", ")} not read completely`)
      for (const line of coverageText(review.coverage)) yield* output.info(line)
    }
    const seconds = (review.finishedAt.getTime() - review.startedAt.getTime()) / 1000
    yield* output.info(`Access review: ${review.rows.length} rows in ${seconds.toFixed(1)} s`)
    return { exitCode } satisfies Done
  })

// ---------------------------------------------------------------------------------------------
// offboard, apply, resume
// ---------------------------------------------------------------------------------------------

/**
 * How `offboard` (and `apply`) may proceed: a dry run, an explicit `--yes` (or a run on the
 * fakes), or a question on the terminal.
 *
 * @since 0.3.0
 * @category models
 */
export interface OffboardOptions {
  readonly dryRun: boolean
  readonly yes: boolean
  /** Save the plan and print its id; run nothing (`--plan-only`). */
  readonly planOnly?: boolean | undefined
  readonly format: "text" | "json"
  /**
   * Asks the person at the terminal; `undefined` when there is none (stdin or stderr is not a
   * terminal): then only `--yes` lets the removal run.
   */
  readonly confirm: ((question: string) => Effect.Effect<boolean>) | undefined
}

const coverageRecordCode = (coverage: Records.CoverageByVendor): ExitCode.ExitCode =>
  Object.values(coverage).every((entry) => entry?._tag === "Complete") ? ExitCode.ok : ExitCode.partial

/**
 * The exit code of a run as its journal holds it: 1 when a removal failed or left the account in
 * place, 3 when one is not verified (pending, its lookup failed, or no outcome yet) or a vendor
 * was not searched, 0 otherwise.
 *
 * @since 0.3.0
 * @category exit codes
 */
export const runCode = (run: Records.SavedRun): ExitCode.ExitCode =>
  ExitCode.worst(
    coverageRecordCode(run.plan.coverage),
    ...run.journal.map(({ outcome }): ExitCode.ExitCode =>
      outcome === undefined
        ? ExitCode.partial
        : outcome._tag === "Failed" || outcome._tag === "StillPresent"
        ? ExitCode.failure
        : Records.isVerified(outcome)
        ? ExitCode.ok
        : ExitCode.partial
    )
  )

const describeAction = (action: Plan.Action) =>
  `${action.vendor} ${action.action} ${terminal(action.target)} in ${action.scope.type} ${terminal(action.scope.id)}`

const outcomeText = (entry: Records.JournalEntry): string => {
  const outcome = entry.outcome
  const sends = entry.sends > 1 ? ` (sent ${entry.sends} times)` : ""
  switch (outcome?._tag) {
    case undefined:
      return entry.sentAt === undefined ? "NOT SENT" : "SENT, NO OUTCOME RECORDED (resume the run)"
    case "Removed":
      return `removed (verified ${outcome.verifiedAt.toISOString()})${sends}`
    case "AlreadyAbsent":
      return `already absent (verified ${outcome.verifiedAt.toISOString()})${sends}`
    case "Pending":
      return `PENDING: accepted, still present at ${outcome.lastSeenAt.toISOString()}${sends}`
    case "StillPresent":
      return `STILL PRESENT at ${outcome.checkedAt.toISOString()} although the removal succeeded${sends}`
    case "Unverified":
    case "Failed":
      return `${
        outcome._tag === "Failed" ? "FAILED" : "UNVERIFIED: the lookup failed,"
      } ${outcome.failure.operation}: ${terminal(outcome.failure.message)}${sends}`
  }
}

/**
 * A run as the journal holds it, as text: one line per action with its outcome, then a summary.
 * Vendor text is shown terminal-safe.
 *
 * @since 0.3.0
 * @category renderers
 */
export const renderRun = (run: Records.SavedRun): string => {
  const lines = [`Offboarding report for ${terminal(run.email)}: run ${run.id} of plan ${run.planId}`]
  for (const entry of run.journal) lines.push(`  ${describeAction(entry.action)}  ${outcomeText(entry)}`)
  if (run.journal.length === 0) lines.push("  nothing to do")
  lines.push(
    `${run.verified} of ${run.actions} action(s) verified${
      run.finishedAt === undefined ? "; the run is UNFINISHED" : ""
    }`
  )
  return lines.join("\n")
}

/**
 * The report of a run, as the `--json` document carries it: one result per action (the action,
 * its outcome or `null`, how often it was sent, the vendor's request id), and the plan's coverage.
 *
 * @since 0.3.0
 * @category renderers
 */
export const runReport = (run: Records.SavedRun) => ({
  email: run.email,
  runId: run.id,
  finished: run.finishedAt !== undefined,
  results: run.journal.map((entry) => ({
    action: entry.action,
    outcome: entry.outcome ?? null,
    sends: entry.sends,
    requestId: entry.requestId ?? null
  })),
  coverage: run.plan.coverage
})

const driftFailure = (drift: Plan.PlanDrift): Failure => ({
  exitCode: ExitCode.failure,
  error: {
    _tag: drift._tag,
    message: `nothing was changed: ${drift.message}; plan again`,
    added: drift.added.map(Plan.key),
    removed: drift.removed.map(Plan.key)
  }
})

/**
 * Runs a saved plan in this process, durably, with `Offboarding.run`: the person planned again
 * and drift refused (nothing sent), then the offboarding workflow, each action journalled (the
 * intent before it is sent, the verified outcome after); answers the run as the journal holds it.
 * The one place where a plan runs: a process that dies leaves the run unfinished (`userkit
 * runs`), for `userkit resume`.
 *
 * @since 0.3.0
 * @category running
 */
export const runHere = (planId: string) =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    const output = yield* Output
    yield* output.info(`Running plan ${planId} (if it is cut short: userkit runs, then userkit resume <run-id>)`)
    const runId = yield* Offboarding.run(planId).pipe(
      Effect.catchTags({
        PlanDrift: (drift) => Effect.fail(driftFailure(drift)),
        InvalidEmail: (invalid) =>
          Effect.fail<Failure>({
            exitCode: ExitCode.failure,
            error: { _tag: invalid._tag, message: `the saved plan's email is not one: ${invalid.reason}` }
          })
      }),
      Effect.mapError((error) => "exitCode" in error ? error : Storage.failure(error))
    )
    yield* output.info(`Run ${runId} finished`)
    return yield* Effect.mapError(store.getRun(runId), Storage.failure)
  })

/**
 * Finishes an unfinished run in this process: actions whose outcome was recorded are not sent
 * again; one sent without a recorded outcome is looked up first. Answers the run.
 *
 * @since 0.3.0
 * @category running
 */
export const resumeHere = (runId: string) =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    yield* Effect.mapError(Offboarding.resume(runId), Storage.failure)
    return yield* Effect.mapError(store.getRun(runId), Storage.failure)
  })

// The plan is saved by then: a removal not confirmed here can be run later by its id.
const ask = (
  options: Pick<OffboardOptions, "yes" | "confirm">,
  setup: Setup,
  plan: { readonly id: string; readonly email: string; readonly actions: ReadonlyArray<Plan.Action> }
) =>
  Effect.gen(function*() {
    if (setup.fakes || options.yes) return
    const later = `the plan is saved: userkit apply ${plan.id} --yes runs it`
    if (options.confirm === undefined) {
      return yield* Effect.fail<Failure>({
        exitCode: ExitCode.usage,
        usage: true,
        error: {
          _tag: "ConfirmationRequired",
          message: `nothing was changed: without a terminal to confirm on, removing accounts needs --yes (${later})`,
          planId: plan.id
        }
      })
    }
    if (!(yield* options.confirm(`Remove these ${plan.actions.length} account(s) of ${plan.email}? [y/N] `))) {
      return yield* Effect.fail<Failure>({
        exitCode: ExitCode.failure,
        error: {
          _tag: "Declined",
          message: `nothing was changed: the removal was not confirmed (${later})`,
          planId: plan.id
        }
      })
    }
  })

const verdict = (run: Records.SavedRun) =>
  Effect.gen(function*() {
    const output = yield* Output
    const exitCode = runCode(run)
    if (exitCode !== ExitCode.ok) {
      yield* output.info(
        exitCode === ExitCode.failure
          ? "NOT DONE: a removal failed or left the account in place (see the report)"
          : "PARTIAL: a vendor was not searched or a removal is not verified yet (see the report)"
      )
    }
    return exitCode
  })

/**
 * Offboards one person: the plan (coverage included), saved with an id unless a dry run; unless
 * a dry run or `--plan-only`, asking first (or `--yes`), then running it durably
 * ({@link runHere}) and reporting each verified outcome. Removes the person's accounts.
 *
 * @since 0.3.0
 * @category commands
 */
export const offboard = (setup: Setup, email: string, options: OffboardOptions, destination: Destination) =>
  Effect.gen(function*() {
    const output = yield* Output
    const directory = yield* Directory.Directory
    const store = yield* Store.Store
    const json = options.format === "json"
    const plan = yield* directory.planOffboarding(email).pipe(
      Effect.mapError((invalid): Failure => ({
        exitCode: ExitCode.usage,
        usage: true,
        error: { _tag: invalid._tag, message: `not an email: ${invalid.reason}`, input: invalid.input }
      }))
    )
    const planCode = coverageCode(plan.coverage)
    let planId: string | null = null
    const document = (exitCode: ExitCode.ExitCode, run: Records.SavedRun | undefined) => ({
      command: "offboard",
      source: source(setup),
      exitCode,
      dryRun: options.dryRun,
      planId,
      runId: run?.id ?? null,
      plan: parsed(Plan.toJson(plan)),
      report: run === undefined ? null : runReport(run)
    })
    const finish = (exitCode: ExitCode.ExitCode, run: Records.SavedRun | undefined, text: string) =>
      Effect.as(
        json
          ? deliver(destination, JSON.stringify(document(exitCode, run), null, 2), "the plan and its report")
          : deliver(destination, withNotice(setup, text), run === undefined ? "the plan" : "the report"),
        { exitCode } satisfies Done
      )
    const rendered = Plan.render(plan)
    if (options.dryRun) return yield* finish(planCode, undefined, `${rendered}\n\n(dry run: nothing was changed)`)
    // Saved before anything runs: the run's journal, and `userkit apply`, refer to it.
    const saved = yield* Effect.mapError(store.savePlan(plan), Storage.failure)
    planId = saved
    yield* output.info(`Saved plan ${saved}`)
    if (options.planOnly === true) {
      return yield* finish(
        planCode,
        undefined,
        `${rendered}\n\nPlan ${saved} saved; run it with: userkit apply ${saved}`
      )
    }
    if (plan.actions.length === 0) return yield* finish(planCode, undefined, rendered)
    if (!json && destination.out === undefined) yield* output.data(`${withNotice(setup, rendered)}\n`)
    else yield* output.info(rendered)
    yield* ask(options, setup, { id: saved, email: plan.email, actions: plan.actions })
    const run = yield* runHere(saved)
    return yield* finish(ExitCode.worst(planCode, yield* verdict(run)), run, renderRun(run))
  })

/**
 * Runs a saved plan by its id: refused (nothing sent) if the person's accounts changed since it
 * was made; asking first (or `--yes`), as `offboard` does. Removes the person's accounts.
 *
 * @since 0.3.0
 * @category commands
 */
export const apply = (
  setup: Setup,
  planId: string,
  options: Omit<OffboardOptions, "dryRun" | "planOnly">,
  destination: Destination
) =>
  Effect.gen(function*() {
    const output = yield* Output
    const store = yield* Store.Store
    const plan = yield* Effect.mapError(store.getPlan(planId), Storage.failure)
    yield* output.info(
      [
        `Plan ${plan.id} for ${terminal(plan.email)} (saved ${plan.savedAt.toISOString()} by ${
          terminal(plan.operator)
        }): ${plan.actions.length} action(s)`,
        ...plan.actions.map((action) => `  ${describeAction(action)}`)
      ].join("\n")
    )
    if (plan.actions.length > 0) {
      yield* ask(options, setup, plan)
    }
    const run = yield* runHere(planId)
    return yield* reported(setup, "apply", run, options.format, destination)
  })

/**
 * Finishes an unfinished run by its id (see {@link resumeHere}).
 *
 * @since 0.3.0
 * @category commands
 */
export const resume = (setup: Setup, runId: string, format: "text" | "json", destination: Destination) =>
  Effect.flatMap(resumeHere(runId), (run) => reported(setup, "resume", run, format, destination))

const reported = (
  setup: Setup,
  command: string,
  run: Records.SavedRun,
  format: "text" | "json",
  destination: Destination
) =>
  Effect.gen(function*() {
    const exitCode = yield* verdict(run)
    const document = {
      command,
      source: source(setup),
      exitCode,
      planId: run.planId,
      runId: run.id,
      report: runReport(run)
    }
    yield* format === "json"
      ? deliver(destination, JSON.stringify(document, null, 2), "the report")
      : deliver(destination, withNotice(setup, renderRun(run)), "the report")
    return { exitCode } satisfies Done
  })

// ---------------------------------------------------------------------------------------------
// demo
// ---------------------------------------------------------------------------------------------

/**
 * What each fake's quotas saw: requests, refusals, and the most in any window.
 *
 * @since 0.2.0
 * @category output
 */
export const quotaSummary = (organisation: Fakes.Organisation, scale: number) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    let realSeconds = 0
    for (const [vendor, quota] of Object.entries(organisation.quotas)) {
      if (quota === undefined) continue
      for (const [operationClass, c] of Object.entries(yield* quota.counts)) {
        if (c === undefined || c.admitted + c.refused === 0) continue
        lines.push(
          `  ${vendor.padEnd(11)} ${operationClass.padEnd(6)} ${
            String(c.admitted).padStart(5)
          } requests, ${c.refused} refused (429), at most ${c.maxInWindow} in any ${c.intervalMillis} ms (limit ${c.limit})`
        )
        // At the real quotas, each request of a class waits its turn: interval / limit apiece.
        realSeconds = Math.max(realSeconds, (c.admitted - 1) * c.intervalMillis * scale / c.limit / 1000)
      }
    }
    if (realSeconds >= 1) lines.push(`  at the vendors' real quotas this takes at least ${realSeconds.toFixed(1)} s`)
    return lines.join("\n")
  })
