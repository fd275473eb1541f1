/**
 * What the CLI's commands do, over the directory: `offboard` (plan, apply, apply again) and
 * `audit` (the access review). Data goes to stdout; progress and provenance to stderr, so that
 * `audit --csv > review.csv` holds nothing but the CSV.
 */
import * as AccessReview from "@userkit/directory/AccessReview"
import * as Directory from "@userkit/directory/Directory"
import type { Vendor } from "@userkit/directory/DirectoryUser"
import type * as Fakes from "@userkit/directory/Fakes"
import * as Plan from "@userkit/directory/Plan"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type { Source } from "./Vendors.js"

/** Where the output goes: stdout for data, stderr for the rest (a TTY gets a live progress line). */
export interface Output {
  readonly data: (text: string) => Effect.Effect<void>
  readonly info: (text: string) => Effect.Effect<void>
  readonly progress: ((line: string) => Effect.Effect<void>) | undefined
}

/** The console: stdout, stderr, and a progress line redrawn in place when stderr is a terminal. */
export const consoleOutput: Output = {
  data: Console.log,
  info: Console.error,
  progress: process.stderr.isTTY
    ? (line) => Effect.sync(() => process.stderr.write(`\r${line}\u001b[K`))
    : undefined
}

/** Says which vendor is real and which is a fake. */
export const describeSources = (sources: { readonly [V in Vendor]: Source }, output: Output) =>
  Effect.forEach(
    Object.entries(sources),
    ([vendor, source]) =>
      output.info(
        `  ${vendor.padEnd(11)} ${
          source._tag === "Real" ? "real vendor (from its environment variables)" : `fake at ${source.url}`
        }`
      ),
    { discard: true }
  )

/** Offboards one person: the plan; unless a dry run, applying it, then applying it again. */
export const offboard = (
  email: string,
  options: { readonly dryRun: boolean; readonly json: boolean },
  output: Output
) =>
  Effect.gen(function*() {
    const directory = yield* Directory.Directory
    const plan = yield* directory.planOffboarding(email)
    if (options.dryRun) {
      yield* output.data(options.json ? Plan.toJson(plan) : `${Plan.render(plan)}\n\n(dry run: nothing was changed)`)
      return { plan, reports: [] }
    }
    if (!options.json) yield* output.data(`${Plan.render(plan)}\n`)
    // Each outcome is printed as it happens: an interrupted run still shows what was done.
    const live = (result: Plan.Result) =>
      options.json
        ? Effect.void
        : output.info(
          `  ... ${result.action.vendor} ${result.action.action} ${result.action.target} in ${result.action.scope.type} ${result.action.scope.id}: ${result.outcome._tag}`
        )
    const first = yield* directory.apply(plan, { onResult: live })
    // Removal is idempotent: the same plan again finds every target already gone.
    const again = yield* directory.apply(plan)
    if (options.json) {
      yield* output.data(`{"plan":${Plan.toJson(plan)},"report":${Plan.toJson(first)},"again":${Plan.toJson(again)}}`)
    } else {
      yield* output.data(Plan.renderReport(first))
      yield* output.data(`\nApplied again (idempotence check):\n${Plan.renderReport(again)}`)
    }
    const failed = first.results.filter(({ outcome }) => outcome._tag === "Failed").length
    if (failed > 0) yield* output.info(`\n${failed} action(s) failed; the others were done.`)
    return { plan, reports: [first, again] }
  })

const count = (progress: Directory.Progress) =>
  Object.entries(progress).map(([vendor, users]) => `${vendor} ${users}`).join(" · ")

/** What each fake's quotas saw: requests, refusals, and the most in any window. */
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

/** The access review, as CSV, JSON or a summary, with a progress line while it runs. */
export const audit = (format: "csv" | "json" | "summary", output: Output) =>
  Effect.gen(function*() {
    const directory = yield* Directory.Directory
    const started = yield* Clock.currentTimeMillis
    yield* output.info(`Reading every user's access in ${directory.vendors.join(", ")}...`)
    let drawn = 0
    const onProgress = (progress: Directory.Progress) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const draw = output.progress
        if (draw === undefined || now - drawn < 100) return Effect.void
        drawn = now
        return draw(`listed so far: ${count(progress)}`)
      })
    const review = yield* directory.accessReview({ onProgress })
    if (output.progress !== undefined) yield* output.progress("")
    const seconds = ((yield* Clock.currentTimeMillis) - started) / 1000
    if (format === "csv") yield* output.data(AccessReview.toCsv(review).trimEnd())
    else if (format === "json") yield* output.data(AccessReview.toJson(review))
    else {
      const vendors = [...new Set(review.rows.map((row) => row.vendor))]
      for (const vendor of vendors) {
        const rows = review.rows.filter((row) => row.vendor === vendor)
        yield* output.data(`  ${vendor.padEnd(11)} ${
          String(new Set(rows.map((row) => row.key)).size).padStart(5)
        } identities, ${rows.length} access rows`)
      }
      yield* output.data("  (--csv or --json prints every row)")
    }
    for (const failure of review.failures) {
      yield* output.info(`  ${failure.vendor} could not be read: ${failure.reason}: ${failure.message}`)
    }
    yield* output.info(`Access review: ${review.rows.length} rows in ${seconds.toFixed(1)} s`)
    return review
  })
