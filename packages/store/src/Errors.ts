/**
 * How the store fails: the database is held by another process too long, a statement failed, or
 * an id names nothing saved.
 *
 * @since 0.3.0
 */
import { SqlError } from "@effect/sql/SqlError"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Database from "./Database.js"

/**
 * Another process (an audit, an offboarding) held the SQLite file for longer than the busy
 * timeout. Nothing was written; trying again later, or with a longer `busyTimeout`, succeeds.
 *
 * @since 0.3.0
 * @category errors
 */
export class DatabaseBusy extends Data.TaggedError("DatabaseBusy")<{
  readonly operation: string
}> {
  override get message(): string {
    return `The database is busy with another userkit process (${this.operation}): try again when it finishes, or give a longer busy timeout`
  }
}

/**
 * A statement failed, or what the database holds could not be read back.
 *
 * @since 0.3.0
 * @category errors
 */
export class StoreFailure extends Data.TaggedError("StoreFailure")<{
  readonly operation: string
  readonly cause: SqlError | ParseResult.ParseError
}> {
  override get message(): string {
    return `The store could not ${this.operation}: ${this.cause.message}`
  }
}

/**
 * An id that names no saved review, plan or run.
 *
 * @since 0.3.0
 * @category errors
 */
export class NotFound extends Data.TaggedError("NotFound")<{
  readonly kind: "review" | "plan" | "run"
  readonly id: string
}> {
  override get message(): string {
    return `No ${this.kind} "${this.id}" in this database`
  }
}

/**
 * A failure of a store operation that reads or writes.
 *
 * @since 0.3.0
 * @category errors
 */
export type StoreError = DatabaseBusy | StoreFailure

const isStoreCause = (error: unknown): error is SqlError | ParseResult.ParseError =>
  error instanceof SqlError || ParseResult.isParseError(error)

/**
 * Names an operation's SQL and decoding failures: busy ones as {@link DatabaseBusy}.
 *
 * @since 0.3.0
 * @category combinators
 */
export const during = (operation: string) =>
<A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, Exclude<E, Extract<E, SqlError | ParseResult.ParseError>> | StoreError, R> =>
  Effect.catchIf(
    effect,
    (error: E): error is Extract<E, SqlError | ParseResult.ParseError> => isStoreCause(error),
    (error): Effect.Effect<never, StoreError> =>
      error instanceof SqlError && Database.isBusy(error)
        ? Effect.fail(new DatabaseBusy({ operation }))
        : Effect.fail(new StoreFailure({ operation, cause: error }))
  )
