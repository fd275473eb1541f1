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
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as ExitCode from "./ExitCode.js"
import { Output } from "./Output.js"
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
 * The access review: every identity × scope × role of every vendor, with each vendor's coverage.
 * Exits 0 when every vendor was read completely, 3 otherwise. Changes nothing.
 *
 * @since 0.3.0
 * @category commands
 */
export const audit = (setup: Setup, format: Format, destination: Destination) =>
  Effect.gen(function*() {
    const output = yield* Output
    const directory = yield* Directory.Directory
    yield* output.info(`Reading every user's access in ${directory.vendors.join(", ")}...`)
    const review = yield* directory.accessReview({
      onProgress: (progress) => output.progress(`listed so far: ${count(progress)}`)
    })
    yield* output.endProgress
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
          review: parsed(AccessReview.toJson(review))
        }
        yield* deliver(destination, JSON.stringify(document, null, 2), what)
        break
      }
      case "jsonl": {
        const head = JSON.stringify({ type: "review", source: source(setup), startedAt: review.startedAt })
        const rows = review.rows.map((row) => JSON.stringify({ type: "row", ...row }))
        const { coverage, finishedAt } = Object(parsed(AccessReview.toJson(review)))
        const tail = JSON.stringify({ type: "end", exitCode, finishedAt, coverage })
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
// offboard
// ---------------------------------------------------------------------------------------------

/**
 * How `offboard` may proceed: a dry run, an explicit `--yes` (or a run on the fakes), or a
 * question on the terminal.
 *
 * @since 0.3.0
 * @category models
 */
export interface OffboardOptions {
  readonly dryRun: boolean
  readonly yes: boolean
  readonly format: "text" | "json"
  /**
   * Asks the person at the terminal; `undefined` when there is none (stdin or stderr is not a
   * terminal): then only `--yes` lets the removal run.
   */
  readonly confirm: ((question: string) => Effect.Effect<boolean>) | undefined
}

/**
 * The exit code of an applied plan: 1 when a removal failed or left the account in place, 3 when
 * one is not verified (pending, or its lookup failed) or a vendor was not searched, 0 otherwise.
 *
 * @since 0.3.0
 * @category exit codes
 */
export const reportCode = (plan: Plan.Plan, report: Plan.Report): ExitCode.ExitCode =>
  ExitCode.worst(
    coverageCode(plan.coverage),
    coverageCode(report.coverage),
    ...report.results.map(({ outcome }): ExitCode.ExitCode =>
      outcome._tag === "Failed" || outcome._tag === "StillPresent"
        ? ExitCode.failure
        : Plan.isVerified(outcome)
        ? ExitCode.ok
        : ExitCode.partial
    )
  )

/**
 * Offboards one person: the plan (coverage included); unless a dry run, asking first (or `--yes`),
 * then applying it and reporting each verified outcome. Removes the person's accounts.
 *
 * @since 0.3.0
 * @category commands
 */
export const offboard = (setup: Setup, email: string, options: OffboardOptions, destination: Destination) =>
  Effect.gen(function*() {
    const output = yield* Output
    const directory = yield* Directory.Directory
    const json = options.format === "json"
    const plan = yield* directory.planOffboarding(email).pipe(
      Effect.mapError((invalid): Failure => ({
        exitCode: ExitCode.usage,
        usage: true,
        error: { _tag: invalid._tag, message: `not an email: ${invalid.reason}`, input: invalid.input }
      }))
    )
    const planCode = coverageCode(plan.coverage)
    const document = (exitCode: ExitCode.ExitCode, report: Plan.Report | undefined) => ({
      command: "offboard",
      source: source(setup),
      exitCode,
      dryRun: options.dryRun,
      plan: parsed(Plan.toJson(plan)),
      report: report === undefined ? null : parsed(Plan.toJson(report))
    })
    const finish = (exitCode: ExitCode.ExitCode, report: Plan.Report | undefined, text: string) =>
      Effect.as(
        json
          ? deliver(destination, JSON.stringify(document(exitCode, report), null, 2), "the plan and its report")
          : deliver(destination, withNotice(setup, text), report === undefined ? "the plan" : "the report"),
        { exitCode } satisfies Done
      )
    const rendered = Plan.render(plan)
    if (options.dryRun) return yield* finish(planCode, undefined, `${rendered}\n\n(dry run: nothing was changed)`)
    if (plan.actions.length === 0) return yield* finish(planCode, undefined, rendered)
    if (!json && destination.out === undefined) yield* output.data(`${withNotice(setup, rendered)}\n`)
    else yield* output.info(rendered)
    if (!setup.fakes && !options.yes) {
      if (options.confirm === undefined) {
        return yield* Effect.fail<Failure>({
          exitCode: ExitCode.usage,
          usage: true,
          error: {
            _tag: "ConfirmationRequired",
            message: "nothing was changed: without a terminal to confirm on, removing accounts needs --yes"
          }
        })
      }
      const confirmed = yield* options.confirm(
        `Remove these ${plan.actions.length} account(s) of ${plan.email}? [y/N] `
      )
      if (!confirmed) {
        return yield* Effect.fail<Failure>({
          exitCode: ExitCode.failure,
          error: { _tag: "Declined", message: "nothing was changed: the removal was not confirmed" }
        })
      }
    }
    // Each outcome is said as it happens: an interrupted run still shows what was done.
    const live = (result: Plan.Result) =>
      output.info(
        `  ... ${result.action.vendor} ${result.action.action} ${
          terminal(result.action.target)
        } in ${result.action.scope.type} ${terminal(result.action.scope.id)}: ${result.outcome._tag}`
      )
    const report = yield* directory.apply(plan, { onResult: live }).pipe(
      Effect.mapError((drift): Failure => ({
        exitCode: ExitCode.failure,
        error: {
          _tag: drift._tag,
          message: `nothing was changed: ${drift.message}; plan again`,
          added: drift.added.map(Plan.key),
          removed: drift.removed.map(Plan.key)
        }
      }))
    )
    const exitCode = reportCode(plan, report)
    if (exitCode !== ExitCode.ok) {
      yield* output.info(
        exitCode === ExitCode.failure
          ? "NOT DONE: a removal failed or left the account in place (see the report)"
          : "PARTIAL: a vendor was not searched or a removal is not verified yet (see the report)"
      )
    }
    return yield* finish(exitCode, report, Plan.renderReport(report))
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
        // At the real quotas a class starts `limit` requests per window at once, then waits for the
        // window to free: n requests take at least floor((n - 1) / limit) whole windows.
        realSeconds = Math.max(realSeconds, Math.floor((c.admitted - 1) / c.limit) * c.intervalMillis * scale / 1000)
      }
    }
    if (realSeconds >= 1) lines.push(`  at the vendors' real quotas this takes at least ${realSeconds.toFixed(1)} s`)
    return lines.join("\n")
  })
