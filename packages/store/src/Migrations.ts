/**
 * The store's schema, one for SQLite and Postgres, as `@effect/sql` migrations kept in code. Each
 * version of userkit knows the migrations up to its own; a database that has run a later one was
 * written by a newer userkit and is refused rather than misread.
 *
 * @since 0.3.0
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"

/**
 * The table in which `@effect/sql`'s `Migrator` records the migrations a database has run.
 *
 * @since 0.3.0
 * @category constants
 */
export const table = "userkit_migrations"

/**
 * A migration: an effect over the `SqlClient`, keyed `<id>_<name>` (`Migrator.fromRecord`).
 *
 * @since 0.3.0
 * @category models
 */
export type Migrations = Record<string, Effect.Effect<void, SqlError, SqlClient.SqlClient>>

const initial = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // Times are ISO-8601 text in UTC: the same in both engines, and they sort as they compare.
  yield* sql`CREATE TABLE userkit_reviews (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    row_count INTEGER NOT NULL
  )`
  yield* sql`CREATE TABLE userkit_review_rows (
    review_id TEXT NOT NULL REFERENCES userkit_reviews (id),
    person TEXT NOT NULL,
    vendor TEXT NOT NULL,
    account_key TEXT NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    scope_type TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    role TEXT NOT NULL
  )`
  yield* sql`CREATE INDEX userkit_review_rows_review ON userkit_review_rows (review_id, account_key)`
  yield* sql`CREATE INDEX userkit_review_rows_person ON userkit_review_rows (person)`
  yield* sql`CREATE TABLE userkit_plans (
    id TEXT PRIMARY KEY,
    person TEXT NOT NULL,
    created_at TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    tool_version TEXT NOT NULL
  )`
  yield* sql`CREATE INDEX userkit_plans_person ON userkit_plans (person)`
  yield* sql`CREATE TABLE userkit_plan_actions (
    plan_id TEXT NOT NULL REFERENCES userkit_plans (id),
    position INTEGER NOT NULL,
    vendor TEXT NOT NULL,
    scope_type TEXT NOT NULL,
    scope_id TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    account_key TEXT NOT NULL,
    account_email TEXT NOT NULL,
    PRIMARY KEY (plan_id, position)
  )`
  // The coverage of a review or a plan (their ids never collide: each kind has its prefix).
  yield* sql`CREATE TABLE userkit_coverage (
    owner_id TEXT NOT NULL,
    vendor TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    failure TEXT,
    PRIMARY KEY (owner_id, vendor)
  )`
  yield* sql`CREATE TABLE userkit_runs (
    id TEXT PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES userkit_plans (id),
    operator TEXT NOT NULL,
    tool_version TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT
  )`
  yield* sql`CREATE INDEX userkit_runs_plan ON userkit_runs (plan_id)`
  // One row per action of a run: the intent (sent_at, before each send) and the outcome.
  yield* sql`CREATE TABLE userkit_journal (
    run_id TEXT NOT NULL REFERENCES userkit_runs (id),
    position INTEGER NOT NULL,
    operator TEXT NOT NULL,
    sent_at TEXT,
    sends INTEGER NOT NULL,
    looked_up_at TEXT,
    outcome TEXT,
    outcome_at TEXT,
    outcome_time TEXT,
    request_id TEXT,
    failure TEXT,
    PRIMARY KEY (run_id, position)
  )`
})

// Which runner of a cluster sent each action and which recorded its outcome (empty in-process).
const runners = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE userkit_journal ADD COLUMN sent_by TEXT`
  yield* sql`ALTER TABLE userkit_journal ADD COLUMN recorded_by TEXT`
})

/**
 * Every migration this version knows, oldest first.
 *
 * @since 0.3.0
 * @category constants
 */
export const migrations: Migrations = {
  "1_initial": initial,
  "2_runners": runners
}

/**
 * The database was written by a newer userkit: it has run migrations this version does not know.
 *
 * @since 0.3.0
 * @category errors
 */
export class StoreTooNew extends Data.TaggedError("StoreTooNew")<{
  /** The newest migration the database has run. */
  readonly database: number
  /** The newest migration this version knows. */
  readonly known: number
}> {
  override get message(): string {
    return `The database was written by a newer userkit (schema ${this.database}; this version knows up to ${this.known}): upgrade userkit to open it`
  }
}

/**
 * A migration could not run (the database is unchanged: migrations run in one transaction).
 *
 * @since 0.3.0
 * @category errors
 */
export class MigrationFailed extends Data.TaggedError("MigrationFailed")<{
  readonly cause: unknown
}> {
  override get message(): string {
    return "The database schema could not be created or upgraded"
  }
}

// Any constant: the key of the advisory lock that serialises migrations on Postgres.
const migrationLock = 7_239_144_013

const newest = (all: Migrations): number =>
  Math.max(0, ...Object.keys(all).map((key) => Number(/^(\d+)_/.exec(key)?.[1] ?? 0)))

/**
 * Brings the database up to `all` (by default this version's {@link migrations}), refusing one
 * that has run a migration `all` does not reach. Answers the migrations it ran.
 *
 * @since 0.3.0
 * @category migrations
 */
export const run = (
  all: Migrations = migrations
): Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  StoreTooNew | MigrationFailed,
  SqlClient.SqlClient
> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const known = newest(all)
    // Two processes opening a new database at once would both create the tables (on Postgres one
    // then fails on a pg_type unique violation): one transaction, under a lock, for both.
    const ran = yield* sql.withTransaction(Effect.zipRight(
      sql.onDialectOrElse({
        // The Migrator's own creation of its table probes with a query that fails when the table
        // is missing, which inside a transaction aborts it on Postgres: the table is made first.
        pg: () =>
          Effect.zipRight(
            sql`SELECT pg_advisory_xact_lock(${sql.literal(String(migrationLock))})`,
            sql`CREATE TABLE IF NOT EXISTS ${sql(table)} (
              migration_id integer primary key,
              created_at timestamp with time zone not null default now(),
              name text not null
            )`
          ),
        orElse: () => Effect.void
      }),
      Migrator.make({})({ loader: Migrator.fromRecord(all), table })
    ))
    const rows = yield* sql<{ readonly latest: unknown }>`SELECT MAX(migration_id) AS latest FROM ${sql(table)}`
    const database = Number(rows[0]?.latest ?? 0)
    if (database > known) return yield* new StoreTooNew({ database, known })
    return ran
  }).pipe(
    Effect.catchTags({
      SqlError: (cause) => new MigrationFailed({ cause }),
      MigrationError: (cause) => new MigrationFailed({ cause })
    })
  )
