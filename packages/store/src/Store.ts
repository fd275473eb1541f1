/**
 * The store: access reviews kept as snapshots (with diffs and a person's history), and offboarding
 * plans with the journal of every run, in one database through `@effect/sql`.
 *
 * @since 0.3.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type * as Statement from "@effect/sql/Statement"
import type { AccessReview, Coverage, Failure, Plan } from "@userkit/directory"
import * as Arr from "effect/Array"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Diff from "./Diff.js"
import * as Errors from "./Errors.js"
import * as Migrations from "./Migrations.js"
import * as Records from "./Records.js"
import { version } from "./Version.js"

/**
 * Everything a person appears in: the reviews that listed them (with their rows there), the
 * plans made to offboard them, and the runs of those plans.
 *
 * @since 0.3.0
 * @category models
 */
export interface History {
  readonly email: string
  readonly reviews: ReadonlyArray<
    { readonly review: Records.ReviewSummary; readonly rows: ReadonlyArray<AccessReview.Row> }
  >
  readonly plans: ReadonlyArray<Records.SavedPlan>
  readonly runs: ReadonlyArray<Records.SavedRun>
}

/**
 * Who is saving: the `operator` option, else the `USER` environment variable.
 *
 * @since 0.3.0
 * @category models
 */
export interface SaveOptions {
  readonly operator?: string | undefined
}

/**
 * How to save a review: who, and optionally under which id.
 *
 * @since 0.3.0
 * @category models
 */
export interface SaveReviewOptions extends SaveOptions {
  /** The review's id, chosen by the caller (e.g. a workflow keying its one review). */
  readonly id?: string | undefined
}

/**
 * A review as the store takes it: the directory's, or one whose coverage was already made into
 * records (e.g. carried through a workflow's journal).
 *
 * @since 0.3.0
 * @category models
 */
export interface SaveableReview extends Omit<AccessReview.AccessReview, "coverage"> {
  readonly coverage: { readonly [V in typeof Records.Vendor.Type]?: Coverage.Coverage | Records.CoverageRecord }
}

/**
 * The store.
 *
 * @since 0.3.0
 * @category models
 */
export interface StoreService {
  /**
   * Saves a review (its rows, times and coverage) in one transaction; answers its id. Given an
   * `id` already saved, saves nothing and answers it (a step run again after a crash).
   */
  readonly saveReview: (
    review: SaveableReview,
    options?: SaveReviewOptions
  ) => Effect.Effect<string, Errors.StoreError>
  /** Every saved review, newest first. */
  readonly listReviews: Effect.Effect<ReadonlyArray<Records.ReviewSummary>, Errors.StoreError>
  readonly getReview: (id: string) => Effect.Effect<Records.SavedReview, Errors.StoreError | Errors.NotFound>
  /** What changed from review `from` to review `to`. */
  readonly diff: (from: string, to: string) => Effect.Effect<Diff.Diff, Errors.StoreError | Errors.NotFound>
  /** Every review, plan and run that touched a person. */
  readonly history: (email: string) => Effect.Effect<History, Errors.StoreError>
  /** Saves a plan before anything runs; answers its id. */
  readonly savePlan: (plan: Plan.Plan, options?: SaveOptions) => Effect.Effect<string, Errors.StoreError>
  readonly getPlan: (id: string) => Effect.Effect<Records.SavedPlan, Errors.StoreError | Errors.NotFound>
  /** Starts a run of a saved plan: its journal holds one entry per action, none sent yet. */
  readonly startRun: (
    planId: string,
    options?: SaveOptions
  ) => Effect.Effect<string, Errors.StoreError | Errors.NotFound>
  /** The intent, written before an action is sent. */
  readonly recordIntent: (runId: string, position: number) => Effect.Effect<void, Errors.StoreError>
  /** A resumed run looked an interrupted action up before deciding whether to send it again. */
  readonly recordLookup: (runId: string, position: number) => Effect.Effect<void, Errors.StoreError>
  /** The outcome, written after the action was sent and verified. A recorded outcome is never replaced. */
  readonly recordOutcome: (
    runId: string,
    position: number,
    outcome: Plan.Outcome
  ) => Effect.Effect<void, Errors.StoreError>
  readonly finishRun: (runId: string) => Effect.Effect<void, Errors.StoreError>
  /** Runs, newest first; `unfinished` keeps those that have not finished (running, or died). */
  readonly listRuns: (
    options?: { readonly unfinished?: boolean | undefined }
  ) => Effect.Effect<ReadonlyArray<Records.RunSummary>, Errors.StoreError>
  readonly getRun: (id: string) => Effect.Effect<Records.SavedRun, Errors.StoreError | Errors.NotFound>
}

/**
 * The store's tag.
 *
 * @since 0.3.0
 * @category tags
 */
export class Store extends Context.Tag("@userkit/store/Store")<Store, StoreService>() {}

/**
 * How to make the store.
 *
 * @since 0.3.0
 * @category models
 */
export interface Options {
  /** Who is acting, when a call does not say. Default: the `USER` environment variable, else "unknown". */
  readonly operator?: string | undefined
  /**
   * The cluster runner this store writes the journal for (its address), recorded with each send
   * and outcome. Default: none (in-process runs).
   */
  readonly runner?: string | undefined
  /** The migrations to run (default: this version's); for testing upgrades. */
  readonly migrations?: Migrations.Migrations | undefined
}

// Rows per INSERT: 10 columns × 500 stays far below SQLite's and Postgres's parameter limits.
const batchSize = 500

const text = (value: unknown): string => value === null || value === undefined ? "" : String(value)
const optionalText = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value)
const int = (value: unknown): number => Number(value ?? 0)
const date = (value: unknown): Date => new Date(text(value))
const optionalDate = (value: unknown): Date | undefined =>
  value === null || value === undefined ? undefined : new Date(String(value))

const decodeFailure = Schema.decodeUnknown(Schema.parseJson(Records.FailureRecord))
const encodeFailure = Schema.encodeSync(Schema.parseJson(Records.FailureRecord))

const requestIdOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "requestId" in error && typeof error.requestId === "string"
    ? error.requestId
    : undefined

/**
 * A vendor's failure as the store records it.
 *
 * @since 0.3.0
 * @category constructors
 */
export const failureRecord = (failure: Failure.VendorFailure): Records.FailureRecord => {
  const requestId = requestIdOf(failure.error)
  return {
    vendor: failure.vendor,
    operation: failure.operation,
    reason: failure.reason,
    message: failure.message,
    ...(requestId === undefined ? {} : { requestId })
  }
}

const outcomeTime = (outcome: Plan.Outcome): Date | undefined => {
  switch (outcome._tag) {
    case "Removed":
    case "AlreadyAbsent":
      return outcome.verifiedAt
    case "Pending":
      return outcome.lastSeenAt
    case "StillPresent":
      return outcome.checkedAt
    case "Unverified":
    case "Failed":
      return undefined
  }
}

interface CoverageRow {
  readonly owner_id: unknown
  readonly vendor: unknown
  readonly status: unknown
  readonly reason: unknown
  readonly failure: unknown
}

const coverageRecord = (row: CoverageRow): Effect.Effect<Records.CoverageRecord, ParseResult.ParseError> => {
  const status = text(row.status)
  if (status === "Complete") return Effect.succeed({ _tag: "Complete" })
  if (status === "Partial") return Effect.succeed({ _tag: "Partial", reason: text(row.reason) })
  return row.failure === null || row.failure === undefined
    ? Effect.succeed({ _tag: "Failed", reason: text(row.reason) })
    : Effect.map(decodeFailure(row.failure), (failure) => ({ _tag: "Failed", reason: text(row.reason), failure }))
}

const isVendor = Schema.is(Records.Vendor)

const coverageByOwner = (
  rows: ReadonlyArray<CoverageRow>
): Effect.Effect<Map<string, Records.CoverageByVendor>, ParseResult.ParseError> =>
  Effect.gen(function*() {
    const byOwner = new Map<string, Records.CoverageByVendor>()
    for (const row of rows) {
      const vendor = text(row.vendor)
      if (!isVendor(vendor)) continue
      const owner = text(row.owner_id)
      byOwner.set(owner, { ...byOwner.get(owner), [vendor]: yield* coverageRecord(row) })
    }
    return byOwner
  })

const outcomeRecord = (
  row: { readonly outcome: unknown; readonly outcome_time: unknown; readonly failure: unknown }
): Effect.Effect<Records.OutcomeRecord | undefined, ParseResult.ParseError> => {
  const at = date(row.outcome_time)
  switch (text(row.outcome)) {
    case "Removed":
      return Effect.succeed({ _tag: "Removed", verifiedAt: at })
    case "AlreadyAbsent":
      return Effect.succeed({ _tag: "AlreadyAbsent", verifiedAt: at })
    case "Pending":
      return Effect.succeed({ _tag: "Pending", lastSeenAt: at })
    case "StillPresent":
      return Effect.succeed({ _tag: "StillPresent", checkedAt: at })
    case "Unverified":
      return Effect.map(decodeFailure(row.failure), (failure) => ({ _tag: "Unverified", failure }))
    case "Failed":
      return Effect.map(decodeFailure(row.failure), (failure) => ({ _tag: "Failed", failure }))
    default:
      return Effect.succeed(undefined)
  }
}

// What a row names is read strictly: a value this version does not know fails as a StoreFailure
// rather than being read as something else (a "delete-user" is never taken for a membership).
const decodeVendor = Schema.decodeUnknown(Records.Vendor)
const decodeScopeType = Schema.decodeUnknown(Schema.Literal("organization", "workspace", "tenant"))
const decodeAction = Schema.decodeUnknown(Schema.Literal("delete-user", "remove-membership"))

/**
 * Makes the store over a `SqlClient`, creating or upgrading its schema first.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<StoreService, LayerError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    yield* Migrations.run(options.migrations)
    const defaultOperator = options.operator ??
      (yield* Config.string("USER").pipe(Config.withDefault("unknown")))
    const operatorOf = (save: SaveOptions | undefined) => save?.operator ?? defaultOperator
    const runner = options.runner ?? null
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))
    const newId = (prefix: string) =>
      Effect.map(now, (at) =>
        `${prefix}-${at.toISOString().replace(/[-:]/g, "").slice(0, 15)}-${crypto.randomUUID().slice(0, 8)}`)

    const insertCoverage = (owner: string, coverage: SaveableReview["coverage"]) => {
      const rows = Object.entries(coverage).flatMap(([vendor, entry]) =>
        entry === undefined ? [] : [{
          owner_id: owner,
          vendor,
          status: entry._tag,
          reason: entry._tag === "Complete" ? null : entry.reason,
          failure: entry._tag === "Failed" && entry.failure !== undefined
            ? encodeFailure("_tag" in entry.failure ? failureRecord(entry.failure) : entry.failure)
            : null
        }]
      )
      return rows.length === 0 ? Effect.void : sql`INSERT INTO userkit_coverage ${sql.insert(rows)}`
    }

    const coverageOf = (owners: ReadonlyArray<string>) =>
      owners.length === 0
        ? Effect.succeed(new Map<string, Records.CoverageByVendor>())
        : Effect.flatMap(
          sql<CoverageRow>`SELECT owner_id, vendor, status, reason, failure FROM userkit_coverage WHERE ${
            sql.in("owner_id", owners)
          }`,
          coverageByOwner
        )

    const saveReview = (review: SaveableReview, save?: SaveReviewOptions) =>
      Effect.gen(function*() {
        if (save?.id !== undefined) {
          const saved = yield* sql<{ readonly id: unknown }>`SELECT id FROM userkit_reviews WHERE id = ${save.id}`
          if (saved.length > 0) {
            return save.id
          }
        }
        const id = save?.id ?? (yield* newId("review"))
        const savedAt = yield* now
        yield* sql`INSERT INTO userkit_reviews ${
          sql.insert({
            id,
            started_at: review.startedAt.toISOString(),
            finished_at: review.finishedAt.toISOString(),
            saved_at: savedAt.toISOString(),
            operator: operatorOf(save),
            tool_version: version,
            row_count: review.rows.length
          })
        }`
        yield* insertCoverage(id, review.coverage)
        for (const chunk of Arr.chunksOf(review.rows, batchSize)) {
          yield* sql`INSERT INTO userkit_review_rows ${
            sql.insert(chunk.map((row) => ({
              review_id: id,
              person: Diff.person(row.email),
              vendor: row.vendor,
              account_key: row.key,
              email: row.email,
              name: row.name,
              status: row.status,
              scope_type: row.scopeType,
              scope_id: row.scopeId,
              role: row.role
            })))
          }`
        }
        return id
      }).pipe(sql.withTransaction, Errors.during("save the review"))

    interface ReviewRow {
      readonly id: unknown
      readonly started_at: unknown
      readonly finished_at: unknown
      readonly saved_at: unknown
      readonly operator: unknown
      readonly tool_version: unknown
      readonly row_count: unknown
    }

    const reviewSummaries = (rows: ReadonlyArray<ReviewRow>) =>
      Effect.map(
        coverageOf(rows.map((row) =>
          text(row.id)
        )),
        (coverage) =>
          rows.map((row): Records.ReviewSummary => ({
            id: text(row.id),
            startedAt: date(row.started_at),
            finishedAt: date(row.finished_at),
            savedAt: date(row.saved_at),
            operator: text(row.operator),
            toolVersion: text(row.tool_version),
            rowCount: int(row.row_count),
            coverage: coverage.get(text(row.id)) ?? {}
          }))
      )

    const listReviews = sql<ReviewRow>`SELECT * FROM userkit_reviews ORDER BY saved_at DESC, id DESC`.pipe(
      Effect.flatMap(reviewSummaries),
      Errors.during("list the reviews")
    )

    interface AccessRow {
      readonly review_id: unknown
      readonly vendor: unknown
      readonly account_key: unknown
      readonly email: unknown
      readonly name: unknown
      readonly status: unknown
      readonly scope_type: unknown
      readonly scope_id: unknown
      readonly role: unknown
    }

    const accessRow = (row: AccessRow): Effect.Effect<AccessReview.Row, ParseResult.ParseError> =>
      Effect.map(decodeVendor(row.vendor), (vendor) => ({
        vendor,
        key: text(row.account_key),
        email: text(row.email),
        name: text(row.name),
        status: text(row.status),
        scopeType: text(row.scope_type),
        scopeId: text(row.scope_id),
        role: text(row.role)
      }))

    const getReview = (id: string) =>
      Effect.gen(function*() {
        const [summary] = yield* Effect.flatMap(
          sql<ReviewRow>`SELECT * FROM userkit_reviews WHERE id = ${id}`,
          reviewSummaries
        )
        if (summary === undefined) return yield* new Errors.NotFound({ kind: "review", id })
        const rows = yield* sql<AccessRow>`SELECT * FROM userkit_review_rows WHERE review_id = ${id}`
        return { ...summary, rows: yield* Effect.forEach(rows, accessRow) }
      }).pipe(Errors.during("read the review"))

    const summaryOf = (id: string) =>
      Effect.flatMap(
        Effect.flatMap(sql<ReviewRow>`SELECT * FROM userkit_reviews WHERE id = ${id}`, reviewSummaries),
        ([summary]) => summary === undefined ? new Errors.NotFound({ kind: "review", id }) : Effect.succeed(summary)
      )

    // The database finds the accounts whose rows differ (two EXCEPTs over the review's index), so
    // only their rows, about as many as there are changes, are read and compared: identical
    // accounts cannot contribute to a diff.
    const diff = (from: string, to: string) =>
      Effect.gen(function*() {
        const before = yield* summaryOf(from)
        const after = yield* summaryOf(to)
        const known = Diff.knownVendors(before.coverage, after.coverage)
        if (known.length === 0) return Diff.make({ ...before, rows: [] }, { ...after, rows: [] })
        const columns = sql`vendor, scope_type, scope_id, account_key, role`
        const side = (id: string) =>
          sql`SELECT ${columns} FROM userkit_review_rows WHERE review_id = ${id} AND ${sql.in("vendor", known)}`
        const differing = yield* sql<Omit<AccessRow, "review_id" | "email" | "name" | "status">>`
          SELECT DISTINCT vendor, scope_type, scope_id, account_key FROM (
            SELECT * FROM (${side(from)} EXCEPT ${side(to)}) AS gone
            UNION ALL
            SELECT * FROM (${side(to)} EXCEPT ${side(from)}) AS come
          ) AS differing`
        const where = (row: Pick<AccessRow, "vendor" | "scope_type" | "scope_id" | "account_key">) =>
          JSON.stringify([text(row.vendor), text(row.scope_type), text(row.scope_id), text(row.account_key)])
        const wanted = new Set(differing.map(where))
        const rows: Array<AccessRow> = []
        for (const keys of Arr.chunksOf(Arr.dedupe(differing.map((row) => text(row.account_key))), batchSize)) {
          const found = yield* sql<AccessRow>`SELECT * FROM userkit_review_rows
            WHERE review_id IN (${from}, ${to}) AND ${sql.in("account_key", keys)}`
          for (const row of found) if (wanted.has(where(row))) rows.push(row)
        }
        const of = (id: string) => Effect.forEach(rows.filter((row) => text(row.review_id) === id), accessRow)
        return Diff.make({ ...before, rows: yield* of(from) }, { ...after, rows: yield* of(to) })
      }).pipe(Errors.during("compare the reviews"))

    interface PlanRow {
      readonly id: unknown
      readonly person: unknown
      readonly created_at: unknown
      readonly saved_at: unknown
      readonly operator: unknown
      readonly tool_version: unknown
    }

    interface ActionRow {
      readonly plan_id: unknown
      readonly position: unknown
      readonly vendor: unknown
      readonly scope_type: unknown
      readonly scope_id: unknown
      readonly action: unknown
      readonly target: unknown
      readonly account_key: unknown
      readonly account_email: unknown
    }

    const actionRecord = (row: ActionRow): Effect.Effect<Plan.Action, ParseResult.ParseError> =>
      Effect.all({
        vendor: decodeVendor(row.vendor),
        type: decodeScopeType(row.scope_type),
        action: decodeAction(row.action)
      }).pipe(Effect.map(({ action, type, vendor }) => ({
        vendor,
        scope: { type, id: text(row.scope_id) },
        action,
        target: text(row.target),
        account: { key: text(row.account_key), email: text(row.account_email) }
      })))

    const plansOf = (rows: ReadonlyArray<PlanRow>) =>
      Effect.gen(function*() {
        const ids = rows.map((row) => text(row.id))
        if (ids.length === 0) return []
        const coverage = yield* coverageOf(ids)
        const actions = yield* sql<ActionRow>`SELECT * FROM userkit_plan_actions WHERE ${
          sql.in("plan_id", ids)
        } ORDER BY plan_id, position`
        return yield* Effect.forEach(rows, (row) =>
          Effect.map(
            Effect.forEach(actions.filter((action) => text(action.plan_id) === text(row.id)), actionRecord),
            (planned): Records.SavedPlan => ({
              id: text(row.id),
              email: text(row.person),
              createdAt: date(row.created_at),
              savedAt: date(row.saved_at),
              operator: text(row.operator),
              toolVersion: text(row.tool_version),
              actions: planned,
              coverage: coverage.get(text(row.id)) ?? {}
            })
          ))
      })

    const savePlan = (plan: Plan.Plan, save?: SaveOptions) =>
      Effect.gen(function*() {
        const id = yield* newId("plan")
        const savedAt = yield* now
        yield* sql`INSERT INTO userkit_plans ${
          sql.insert({
            id,
            person: Diff.person(plan.email),
            created_at: plan.createdAt.toISOString(),
            saved_at: savedAt.toISOString(),
            operator: operatorOf(save),
            tool_version: version
          })
        }`
        yield* insertCoverage(id, plan.coverage)
        if (plan.actions.length > 0) {
          yield* sql`INSERT INTO userkit_plan_actions ${
            sql.insert(plan.actions.map((action, position) => ({
              plan_id: id,
              position,
              vendor: action.vendor,
              scope_type: action.scope.type,
              scope_id: action.scope.id,
              action: action.action,
              target: action.target,
              account_key: action.account.key,
              account_email: action.account.email
            })))
          }`
        }
        return id
      }).pipe(sql.withTransaction, Errors.during("save the plan"))

    const getPlan = (id: string) =>
      Effect.gen(function*() {
        const [plan] = yield* Effect.flatMap(sql<PlanRow>`SELECT * FROM userkit_plans WHERE id = ${id}`, plansOf)
        if (plan === undefined) return yield* new Errors.NotFound({ kind: "plan", id })
        return plan
      }).pipe(Errors.during("read the plan"))

    const startRun = (planId: string, save?: SaveOptions) =>
      Effect.gen(function*() {
        const plan = yield* getPlan(planId)
        const id = yield* newId("run")
        const startedAt = yield* now
        const operator = operatorOf(save)
        yield* sql`INSERT INTO userkit_runs ${
          sql.insert({
            id,
            plan_id: planId,
            operator,
            tool_version: version,
            started_at: startedAt.toISOString(),
            finished_at: null
          })
        }`
        if (plan.actions.length > 0) {
          yield* sql`INSERT INTO userkit_journal ${
            sql.insert(plan.actions.map((_, position) => ({
              run_id: id,
              position,
              operator,
              sent_at: null,
              sends: 0,
              looked_up_at: null,
              outcome: null,
              outcome_at: null,
              outcome_time: null,
              request_id: null,
              failure: null
            })))
          }`
        }
        return id
      }).pipe(sql.withTransaction, Errors.during("start the run"))

    const recordIntent = (runId: string, position: number) =>
      Effect.flatMap(now, (at) =>
        sql`UPDATE userkit_journal SET sent_at = ${at.toISOString()}, sends = sends + 1, sent_by = ${runner}
            WHERE run_id = ${runId} AND position = ${position} AND outcome IS NULL`).pipe(
          Effect.asVoid,
          Errors.during("record the intent")
        )

    const recordLookup = (runId: string, position: number) =>
      Effect.flatMap(now, (at) =>
        sql`UPDATE userkit_journal SET looked_up_at = ${at.toISOString()}
            WHERE run_id = ${runId} AND position = ${position}`).pipe(
          Effect.asVoid,
          Errors.during("record the lookup")
        )

    const recordOutcome = (runId: string, position: number, outcome: Plan.Outcome) =>
      Effect.gen(function*() {
        const at = yield* now
        const failure = outcome._tag === "Failed" || outcome._tag === "Unverified"
          ? failureRecord(outcome.failure)
          : undefined
        yield* sql`UPDATE userkit_journal SET
            outcome = ${outcome._tag},
            outcome_at = ${at.toISOString()},
            outcome_time = ${outcomeTime(outcome)?.toISOString() ?? null},
            request_id = ${failure?.requestId ?? null},
            failure = ${failure === undefined ? null : encodeFailure(failure)},
            recorded_by = ${runner}
          WHERE run_id = ${runId} AND position = ${position} AND outcome IS NULL`
      }).pipe(Errors.during("record the outcome"))

    const finishRun = (runId: string) =>
      Effect.flatMap(now, (at) =>
        sql`UPDATE userkit_runs SET finished_at = ${at.toISOString()}
            WHERE id = ${runId} AND finished_at IS NULL`).pipe(
          Effect.asVoid,
          Errors.during("finish the run")
        )

    interface RunRow {
      readonly id: unknown
      readonly plan_id: unknown
      readonly person: unknown
      readonly operator: unknown
      readonly tool_version: unknown
      readonly started_at: unknown
      readonly finished_at: unknown
      readonly actions: unknown
      readonly recorded: unknown
      readonly verified: unknown
    }

    const runSummary = (row: RunRow): Records.RunSummary => ({
      id: text(row.id),
      planId: text(row.plan_id),
      email: text(row.person),
      operator: text(row.operator),
      toolVersion: text(row.tool_version),
      startedAt: date(row.started_at),
      finishedAt: optionalDate(row.finished_at),
      actions: int(row.actions),
      recorded: int(row.recorded),
      verified: int(row.verified)
    })

    const runsWhere = (where: Statement.Fragment) =>
      sql<RunRow>`SELECT r.id, r.plan_id, p.person, r.operator, r.tool_version, r.started_at, r.finished_at,
          COUNT(j.position) AS actions,
          COUNT(j.outcome) AS recorded,
          SUM(CASE WHEN j.outcome IN ('Removed', 'AlreadyAbsent') THEN 1 ELSE 0 END) AS verified
        FROM userkit_runs r
        JOIN userkit_plans p ON p.id = r.plan_id
        LEFT JOIN userkit_journal j ON j.run_id = r.id
        WHERE ${where}
        GROUP BY r.id, r.plan_id, p.person, r.operator, r.tool_version, r.started_at, r.finished_at
        ORDER BY r.started_at DESC, r.id DESC`

    const listRuns = (filter?: { readonly unfinished?: boolean | undefined }) =>
      runsWhere(sql.and(filter?.unfinished === true ? ["r.finished_at IS NULL"] : [])).pipe(
        Effect.map((rows) =>
          rows.map(runSummary)
        ),
        Errors.during("list the runs")
      )

    interface JournalRow {
      readonly run_id: unknown
      readonly position: unknown
      readonly operator: unknown
      readonly sent_at: unknown
      readonly sends: unknown
      readonly looked_up_at: unknown
      readonly outcome: unknown
      readonly outcome_at: unknown
      readonly outcome_time: unknown
      readonly request_id: unknown
      readonly failure: unknown
      readonly sent_by: unknown
      readonly recorded_by: unknown
    }

    const runsOf = (summaries: ReadonlyArray<Records.RunSummary>) =>
      Effect.gen(function*() {
        if (summaries.length === 0) return []
        const plans = yield* Effect.flatMap(
          sql<PlanRow>`SELECT * FROM userkit_plans WHERE ${sql.in("id", summaries.map((run) => run.planId))}`,
          plansOf
        )
        const journal = yield* sql<JournalRow>`SELECT * FROM userkit_journal WHERE ${
          sql.in("run_id", summaries.map((run) => run.id))
        } ORDER BY run_id, position`
        const runs: Array<Records.SavedRun> = []
        for (const summary of summaries) {
          const plan = plans.find((plan) => plan.id === summary.planId)
          if (plan === undefined) continue
          const entries: Array<Records.JournalEntry> = []
          for (const row of journal) {
            if (text(row.run_id) !== summary.id) continue
            const action = plan.actions[int(row.position)]
            if (action === undefined) continue
            entries.push({
              position: int(row.position),
              action,
              operator: text(row.operator),
              sentAt: optionalDate(row.sent_at),
              sends: int(row.sends),
              lookedUpAt: optionalDate(row.looked_up_at),
              outcome: yield* outcomeRecord(row),
              outcomeAt: optionalDate(row.outcome_at),
              requestId: optionalText(row.request_id),
              sentBy: optionalText(row.sent_by),
              recordedBy: optionalText(row.recorded_by)
            })
          }
          runs.push({ ...summary, plan, journal: entries })
        }
        return runs
      })

    const getRun = (id: string) =>
      Effect.gen(function*() {
        const [run] = yield* Effect.flatMap(runsWhere(sql`r.id = ${id}`), (rows) => runsOf(rows.map(runSummary)))
        if (run === undefined) return yield* new Errors.NotFound({ kind: "run", id })
        return run
      }).pipe(Errors.during("read the run"))

    const history = (email: string) =>
      Effect.gen(function*() {
        const key = Diff.person(email)
        const rows = yield* sql<AccessRow>`SELECT * FROM userkit_review_rows WHERE person = ${key}`
        const reviewIds = Arr.dedupe(rows.map((row) => text(row.review_id)))
        const reviews = reviewIds.length === 0 ? [] : yield* Effect.flatMap(
          sql<ReviewRow>`SELECT * FROM userkit_reviews WHERE ${
            sql.in("id", reviewIds)
          } ORDER BY saved_at DESC, id DESC`,
          reviewSummaries
        )
        const plans = yield* Effect.flatMap(
          sql<PlanRow>`SELECT * FROM userkit_plans WHERE person = ${key} ORDER BY saved_at DESC, id DESC`,
          plansOf
        )
        const runs = yield* Effect.flatMap(runsWhere(sql`p.person = ${key}`), (rows) => runsOf(rows.map(runSummary)))
        return {
          email: key,
          reviews: yield* Effect.forEach(reviews, (review) =>
            Effect.map(
              Effect.forEach(rows.filter((row) => text(row.review_id) === review.id), accessRow),
              (rows) => ({ review, rows })
            )),
          plans,
          runs
        }
      }).pipe(Errors.during("read the history"))

    return {
      saveReview,
      listReviews,
      getReview,
      diff,
      history,
      savePlan,
      getPlan,
      startRun,
      recordIntent,
      recordLookup,
      recordOutcome,
      finishRun,
      listRuns,
      getRun
    } satisfies StoreService
  })

/**
 * Why the store could not open: the database is newer than this userkit, its schema could not be
 * created or upgraded, or the operator setting could not be read.
 *
 * @since 0.3.0
 * @category errors
 */
export type LayerError = Migrations.StoreTooNew | Migrations.MigrationFailed | ConfigError.ConfigError

/**
 * The store over a `SqlClient` layer (see `Database.layer`).
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Store, LayerError, SqlClient.SqlClient> =>
  Layer.effect(Store, make(options))
