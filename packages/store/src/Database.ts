/**
 * Where the store lives: a SQLite file (the default, `./userkit.db`) or a Postgres database, chosen
 * by one URL, as an `@effect/sql` `SqlClient` layer.
 *
 * @since 0.3.0
 */
import * as LibsqlClient from "@effect/sql-libsql/LibsqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import type * as SqlClient from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import * as Libsql from "@libsql/client"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as path from "node:path"
import { pathToFileURL } from "node:url"

/**
 * The file the store uses when no URL is given, relative to the working directory.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultFile = "./userkit.db"

/**
 * The environment variable that names the database.
 *
 * @since 0.3.0
 * @category constants
 */
export const environmentVariable = "USERKIT_DATABASE_URL"

/**
 * A database URL: a SQLite file (a path, or a `file:` URL) or a Postgres database
 * (`postgres://` or `postgresql://`).
 *
 * @since 0.3.0
 * @category models
 */
export type Location =
  | { readonly _tag: "Sqlite"; readonly file: string }
  | { readonly _tag: "Postgres"; readonly url: Redacted.Redacted<string> }

/**
 * A database URL that names neither a file nor a Postgres database.
 *
 * @since 0.3.0
 * @category errors
 */
export class InvalidDatabaseUrl extends Data.TaggedError("InvalidDatabaseUrl")<{
  readonly reason: string
}> {
  override get message(): string {
    return `Invalid database URL: ${this.reason}`
  }
}

/**
 * Reads a database URL. Anything that is not a URL with a scheme is a file path; `file:` URLs
 * are files; `postgres://` and `postgresql://` are Postgres; other schemes are refused.
 *
 * @since 0.3.0
 * @category constructors
 */
export const parse = (url: string): Either.Either<Location, InvalidDatabaseUrl> => {
  const trimmed = url.trim()
  if (trimmed === "") return Either.left(new InvalidDatabaseUrl({ reason: "empty" }))
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase()
  // A Windows drive letter (`C:\\...`) is a path, not a scheme.
  if (scheme === undefined || /^[a-z]:[\\/]/i.test(trimmed)) {
    return Either.right({ _tag: "Sqlite", file: path.resolve(trimmed) })
  }
  if (scheme === "postgres" || scheme === "postgresql") {
    return Either.right({ _tag: "Postgres", url: Redacted.make(trimmed) })
  }
  if (scheme === "file") {
    const rest = trimmed.slice("file:".length).replace(/^\/\/(localhost)?(?=\/)/, "")
    if (rest === "" || rest.startsWith(":memory:")) {
      return Either.left(new InvalidDatabaseUrl({ reason: "the store needs a file, not an in-memory database" }))
    }
    return Either.right({ _tag: "Sqlite", file: path.resolve(decodeURIComponent(rest.replace(/\?.*$/, ""))) })
  }
  return Either.left(
    new InvalidDatabaseUrl({ reason: `unknown scheme "${scheme}:" (use a file path, file: or postgres://)` })
  )
}

/**
 * How to open the database.
 *
 * @since 0.3.0
 * @category models
 */
export interface Options {
  /** A file path, `file:` URL or `postgres://` URL. Default: `USERKIT_DATABASE_URL`, else {@link defaultFile}. */
  readonly url?: string | undefined
  /**
   * SQLite only: how long a write waits for another process's write to finish before failing
   * with `DatabaseBusy`. Default 10 seconds.
   */
  readonly busyTimeout?: Duration.DurationInput | undefined
}

const sqliteBusy = (error: unknown): boolean =>
  typeof error === "object" && error !== null && "code" in error &&
  typeof error.code === "string" && error.code.startsWith("SQLITE_BUSY")

/**
 * Whether a failed statement failed because another connection held the SQLite file for longer
 * than the busy timeout.
 *
 * @since 0.3.0
 * @category predicates
 */
export const isBusy = (error: SqlError): boolean => sqliteBusy(error.cause)

const pause = (millis: number) => new Promise<void>((resolve) => setTimeout(resolve, millis))

// Waits for another writer without blocking the event loop. libsql 0.4 opens its connections with
// SQLite's busy timeout at 0 and offers no option for it; SQLite's own busy handler would in any
// case sleep the whole process, so a transaction of this same process could not go on meanwhile
// (a deadlock until the timeout). Instead a statement refused SQLITE_BUSY outside a transaction,
// which has changed nothing, is tried again after an asynchronous pause, until the timeout.
// A transaction begins on a connection of its own, closed when it ends: @libsql/client would
// otherwise begin on the client's connection, and a refused BEGIN leaves that connection with a
// statement in progress (a later COMMIT then fails "SQL statements in progress").
class BusyWaitingClient implements Libsql.Client {
  constructor(
    readonly config: Libsql.Config,
    private client: Libsql.Client,
    readonly timeoutMillis: number
  ) {}
  // A statement refused SQLITE_BUSY is left in progress by libsql, and an autocommit connection
  // with a statement in progress stays on its old snapshot: an UPDATE matching no row there would
  // then succeed, silently, having changed nothing. So the refused connection is dropped.
  private reopen() {
    const stale = this.client
    this.client = Libsql.createClient(this.config)
    stale.close()
  }
  get closed() {
    return this.client.closed
  }
  get protocol() {
    return this.client.protocol
  }
  private async waiting<A>(attempt: () => Promise<A>): Promise<A> {
    const deadline = Date.now() + this.timeoutMillis
    // Short pauses: a writer that polls rarely can starve behind a process that writes in a loop.
    for (let delay = 1;; delay = Math.min(delay * 2, 10)) {
      try {
        return await attempt()
      } catch (error) {
        if (!sqliteBusy(error)) throw error
        this.reopen()
        if (Date.now() + delay > deadline) throw error
        await pause(delay * (0.5 + Math.random()))
      }
    }
  }
  execute(statement: Libsql.InStatement) {
    return this.waiting(() => this.client.execute(statement))
  }
  batch(statements: Array<Libsql.InStatement>, mode?: Libsql.TransactionMode) {
    return this.waiting(() => this.client.batch(statements, mode))
  }
  migrate(statements: Array<Libsql.InStatement>) {
    return this.waiting(() => this.client.migrate(statements))
  }
  // Never rejects: @effect/sql-libsql 0.42 takes its transaction permit before BEGIN and never
  // gives it back when BEGIN fails, which would hang every later transaction of the process. A
  // refused BEGIN becomes a transaction whose statements fail with the refusal and whose
  // rollback succeeds, so the permit is returned.
  async transaction(mode?: Libsql.TransactionMode): Promise<Libsql.Transaction> {
    try {
      return await this.waiting(async () => {
        const own = Libsql.createClient(this.config)
        try {
          return new ClosingTransaction(await own.transaction(mode), own)
        } catch (error) {
          own.close()
          throw error
        }
      })
    } catch (error) {
      return new RefusedTransaction(error)
    }
  }
  executeMultiple(sql: string) {
    return this.waiting(() => this.client.executeMultiple(sql))
  }
  sync() {
    return this.client.sync()
  }
  close() {
    this.client.close()
  }
}

// A transaction that could not begin: every statement fails with the reason.
class RefusedTransaction implements Libsql.Transaction {
  closed = false
  constructor(readonly reason: unknown) {}
  execute(): Promise<Libsql.ResultSet> {
    return Promise.reject(this.reason)
  }
  batch(): Promise<Array<Libsql.ResultSet>> {
    return Promise.reject(this.reason)
  }
  executeMultiple(): Promise<void> {
    return Promise.reject(this.reason)
  }
  commit(): Promise<void> {
    return Promise.reject(this.reason)
  }
  rollback(): Promise<void> {
    this.closed = true
    return Promise.resolve()
  }
  close() {
    this.closed = true
  }
}

// A transaction that closes its own connection when it ends.
class ClosingTransaction implements Libsql.Transaction {
  constructor(readonly transaction: Libsql.Transaction, readonly connection: Libsql.Client) {}
  get closed() {
    return this.transaction.closed
  }
  execute(statement: Libsql.InStatement) {
    return this.transaction.execute(statement)
  }
  batch(statements: Array<Libsql.InStatement>) {
    return this.transaction.batch(statements)
  }
  executeMultiple(sql: string) {
    return this.transaction.executeMultiple(sql)
  }
  async rollback() {
    try {
      await this.transaction.rollback()
    } finally {
      this.connection.close()
    }
  }
  async commit() {
    try {
      await this.transaction.commit()
    } finally {
      this.connection.close()
    }
  }
  close() {
    this.transaction.close()
    this.connection.close()
  }
}

const sqlite = (file: string, busyTimeout: Duration.Duration): Layer.Layer<SqlClient.SqlClient, SqlError> =>
  Layer.unwrapScoped(Effect.gen(function*() {
    // Cluster message ids are 64-bit snowflakes: "number" would fail reading them.
    const config: Libsql.Config = { url: pathToFileURL(file).href, intMode: "bigint" }
    const client = yield* Effect.acquireRelease(
      Effect.try({
        try: () => new BusyWaitingClient(config, Libsql.createClient(config), Duration.toMillis(busyTimeout)),
        catch: (cause) => new SqlError({ cause, message: `Failed to open the SQLite file ${file}` })
      }),
      (client) => Effect.sync(() => client.close())
    )
    // WAL lets readers go on while one process writes; the file keeps it once set.
    yield* Effect.tryPromise({
      try: () => client.execute("PRAGMA journal_mode = WAL"),
      catch: (cause) => new SqlError({ cause, message: `Failed to open the SQLite file ${file}` })
    })
    return LibsqlClient.layer({ liveClient: client })
  }))

/**
 * The `SqlClient` of a location.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerLocation = (
  location: Location,
  options: { readonly busyTimeout?: Duration.DurationInput | undefined } = {}
): Layer.Layer<SqlClient.SqlClient, SqlError> =>
  location._tag === "Sqlite"
    ? sqlite(location.file, Duration.decode(options.busyTimeout ?? "10 seconds"))
    : PgClient.layer({ url: location.url })

/**
 * The `SqlClient` named by `options.url`, else `USERKIT_DATABASE_URL`, else {@link defaultFile}.
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<SqlClient.SqlClient, SqlError | InvalidDatabaseUrl | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const url = options.url ?? (yield* Config.string(environmentVariable).pipe(Config.withDefault(defaultFile)))
    const location = yield* parse(url)
    return layerLocation(location, options)
  }))
