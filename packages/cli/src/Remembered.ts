/**
 * The commands that read what the store remembers, changing nothing: `reviews`, `diff`,
 * `history`, `runs` and `export`. Text for a person (vendor strings through
 * `SafeText.terminal`), or one JSON document; an id that names nothing is `NotFound` (exit 1).
 *
 * @since 0.3.0
 */
import { terminal } from "@userkit/directory/SafeText"
import type * as Diff from "@userkit/store/Diff"
import * as Export from "@userkit/store/Export"
import type * as Records from "@userkit/store/Records"
import * as Store from "@userkit/store/Store"
import * as Effect from "effect/Effect"
import { deliver, type Destination, type Done, type Failure, renderRun } from "./Commands.js"
import * as ExitCode from "./ExitCode.js"
import * as Storage from "./Storage.js"

const coverageText = (coverage: Records.CoverageByVendor): string =>
  Object.entries(coverage).map(([vendor, entry]) =>
    entry === undefined || entry._tag === "Complete"
      ? vendor
      : `${vendor} ${entry._tag.toUpperCase()} (${terminal(entry.reason)})`
  ).join(", ")

const complete = (coverage: Records.CoverageByVendor): boolean =>
  Object.values(coverage).every((entry) => entry?._tag === "Complete")

const json = (document: object) => JSON.stringify(document, null, 2)

/**
 * `userkit reviews`: the saved reviews, newest first, with their coverage.
 *
 * @since 0.3.0
 * @category commands
 */
export const reviews = (format: "text" | "json", destination: Destination) =>
  Effect.gen(function*() {
    const saved = yield* Effect.mapError((yield* Store.Store).listReviews, Storage.failure)
    const text = saved.length === 0
      ? "No saved review (userkit audit saves one)"
      : saved.map((review) =>
        `${review.id}  ${review.savedAt.toISOString()}  by ${terminal(review.operator)}  ${review.rowCount} rows  ${
          complete(review.coverage) ? "complete" : "INCOMPLETE"
        }: ${coverageText(review.coverage)}`
      ).join("\n")
    yield* deliver(
      destination,
      format === "json" ? json({ command: "reviews", exitCode: ExitCode.ok, reviews: saved }) : text,
      "the reviews"
    )
    return { exitCode: ExitCode.ok } satisfies Done
  })

const accessLine = (sign: string, access: Diff.Access) =>
  `  ${sign} ${terminal(access.person)}  ${access.vendor} ${access.scopeType} ${terminal(access.scopeId)}  ${
    access.roles.map(terminal).join(", ")
  }`

const unknownText = (entry: Records.CoverageRecord | undefined) =>
  entry === undefined
    ? "not read"
    : entry._tag === "Complete"
    ? "complete"
    : `${entry._tag} (${terminal(entry.reason)})`

/**
 * The text of a diff: gained (`+`), lost (`-`), changed (`~`), and the vendors it cannot speak
 * for (failed or partial in either review), never counted as lost.
 *
 * @since 0.3.0
 * @category renderers
 */
export const renderDiff = (diff: Diff.Diff): string =>
  [
    `From ${diff.from.id} (${diff.from.savedAt.toISOString()}) to ${diff.to.id} (${diff.to.savedAt.toISOString()})`,
    `Gained: ${diff.gained.length}`,
    ...diff.gained.map((access) => accessLine("+", access)),
    `Lost: ${diff.lost.length}`,
    ...diff.lost.map((access) => accessLine("-", access)),
    `Changed: ${diff.changed.length}`,
    ...diff.changed.map((change) =>
      `  ~ ${terminal(change.person)}  ${change.vendor} ${change.scopeType} ${terminal(change.scopeId)}  ${
        change.before.map(terminal).join(", ")
      } -> ${change.after.map(terminal).join(", ")}`
    ),
    ...(diff.unknown.length === 0 ? [] : [
      `UNKNOWN (not read completely in both reviews; none of their accounts counted as gained or lost):`,
      ...diff.unknown.map((entry) =>
        `  ? ${entry.vendor}: before ${unknownText(entry.from)}, after ${unknownText(entry.to)}`
      )
    ])
  ].join("\n")

/**
 * `userkit diff [from] [to]`: what changed between two saved reviews (by default the last two;
 * with one id, from it to the newest). Exits 3 when a vendor is unknown in either review.
 *
 * @since 0.3.0
 * @category commands
 */
export const diff = (
  ids: { readonly from: string | undefined; readonly to: string | undefined },
  format: "text" | "json",
  destination: Destination
) =>
  Effect.gen(function*() {
    const service = yield* Store.Store
    let { from, to } = ids
    if (from === undefined || to === undefined) {
      const [newest, previous] = yield* Effect.mapError(service.listReviews, Storage.failure)
      to ??= newest?.id
      from ??= previous?.id
    }
    if (from === undefined || to === undefined) {
      return yield* Effect.fail<Failure>({
        exitCode: ExitCode.failure,
        error: { _tag: "NotEnoughReviews", message: "a diff needs two saved reviews (userkit audit saves one)" }
      })
    }
    const changes = yield* Effect.mapError(service.diff(from, to), Storage.failure)
    const exitCode = changes.unknown.length === 0 ? ExitCode.ok : ExitCode.partial
    yield* deliver(
      destination,
      format === "json" ? json({ command: "diff", exitCode, diff: changes }) : renderDiff(changes),
      "the diff"
    )
    return { exitCode } satisfies Done
  })

/**
 * `userkit history <email>`: every saved review that listed the person (with their rows there),
 * every plan made for them, and every run of those plans.
 *
 * @since 0.3.0
 * @category commands
 */
export const history = (email: string, format: "text" | "json", destination: Destination) =>
  Effect.gen(function*() {
    const found = yield* Effect.mapError((yield* Store.Store).history(email), Storage.failure)
    const text = [
      `History of ${terminal(found.email)}`,
      `Reviews: ${found.reviews.length}`,
      ...found.reviews.flatMap(({ review, rows }) => [
        `  ${review.id}  ${review.savedAt.toISOString()}  by ${terminal(review.operator)}`,
        ...rows.map((row) =>
          `    ${row.vendor} ${row.scopeType} ${terminal(row.scopeId)}  ${terminal(row.role)}  (${terminal(row.key)})`
        )
      ]),
      `Plans: ${found.plans.length}`,
      ...found.plans.map((plan) =>
        `  ${plan.id}  ${plan.savedAt.toISOString()}  by ${terminal(plan.operator)}  ${plan.actions.length} action(s)`
      ),
      `Runs: ${found.runs.length}`,
      ...found.runs.map((run) => renderRun(run).split("\n").map((line) => `  ${line}`).join("\n"))
    ].join("\n")
    yield* deliver(
      destination,
      format === "json" ? json({ command: "history", exitCode: ExitCode.ok, history: found }) : text,
      "the history"
    )
    return { exitCode: ExitCode.ok } satisfies Done
  })

/**
 * `userkit runs`: the offboarding runs, newest first; an unfinished one (running, or cut short)
 * is marked, with the command that finishes it.
 *
 * @since 0.3.0
 * @category commands
 */
export const runs = (format: "text" | "json", destination: Destination) =>
  Effect.gen(function*() {
    const listed = yield* Effect.mapError((yield* Store.Store).listRuns(), Storage.failure)
    const text = listed.length === 0
      ? "No offboarding run (userkit offboard or userkit apply makes one)"
      : listed.map((run) =>
        `${run.id}  plan ${run.planId}  ${terminal(run.email)}  ${run.startedAt.toISOString()}  by ${
          terminal(run.operator)
        }  ${run.verified}/${run.actions} verified  ${
          run.finishedAt === undefined
            ? `UNFINISHED: still running, or cut short (once its process is gone: userkit resume ${run.id})`
            : "finished"
        }`
      ).join("\n")
    const document = {
      command: "runs",
      exitCode: ExitCode.ok,
      runs: listed.map((run) => ({ ...run, unfinished: run.finishedAt === undefined }))
    }
    yield* deliver(destination, format === "json" ? json(document) : text, "the runs")
    return { exitCode: ExitCode.ok } satisfies Done
  })

/**
 * `userkit export <id>`: a saved review or run as evidence, in JSON or CSV, headed by the tool's
 * version, the time, the operator and the coverage.
 *
 * @since 0.3.0
 * @category commands
 */
export const exportEvidence = (
  id: string,
  format: Export.Format,
  exportedBy: string,
  destination: Destination
) =>
  Effect.gen(function*() {
    const text = yield* Effect.mapError(Export.byId(id, format, { exportedBy }), Storage.failure)
    yield* deliver(destination, text.trimEnd(), `the ${id.startsWith("run-") ? "run" : "review"}`)
    return { exitCode: ExitCode.ok } satisfies Done
  })
