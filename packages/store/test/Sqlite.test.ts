// One SQLite file, two processes writing at once (an audit and an offboarding): neither corrupts
// the file nor fails untyped; a write held up longer than the busy timeout fails as DatabaseBusy.
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Database from "@userkit/store/Database"
import * as Store from "@userkit/store/Store"
import { sqlite, temporaryDirectory } from "@userkit/testkit/Databases"
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as path from "node:path"
import * as Child from "./Child.js"

const storeAt = (url: string, busyTimeout?: Duration.DurationInput) =>
  Layer.build(
    Layer.merge(
      Store.layer({ operator: "test" }),
      Layer.effectContext(Effect.map(SqlClient.SqlClient, (sql) => Context.make(SqlClient.SqlClient, sql)))
    ).pipe(Layer.provideMerge(Database.layer({ url, busyTimeout })))
  )

describe("SQLite", () => {
  it("a path, a file: URL and a postgres:// URL choose their engines; other schemes are refused", () => {
    expect(Database.parse("userkit.db")).toEqual(Either.right({ _tag: "Sqlite", file: path.resolve("userkit.db") }))
    expect(Database.parse("file:///tmp/u.db")).toEqual(Either.right({ _tag: "Sqlite", file: "/tmp/u.db" }))
    expect(Database.parse("file:data/u.db")).toEqual(Either.right({ _tag: "Sqlite", file: path.resolve("data/u.db") }))
    expect(Either.map(Database.parse("postgres://u@db/userkit"), (location) => location._tag)).toEqual(
      Either.right("Postgres")
    )
    expect(Either.isLeft(Database.parse("mysql://db/userkit"))).toBe(true)
    expect(Either.isLeft(Database.parse("file::memory:"))).toBe(true)
    expect(Either.isLeft(Database.parse(" "))).toBe(true)
  })

  it.live(
    "an audit and an offboarding writing the same file at once both finish, and the file is sound",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* sqlite.database
        const writer = yield* Child.script("writer")
        // Created first, so the two writers race on writes rather than on creating the schema.
        const context = yield* storeAt(url)
        const [audit, offboard] = yield* Effect.all([
          Child.run(writer, ["audit", url, "8", "2000"]),
          Child.run(writer, ["offboard", url, "12", "10"])
        ], { concurrency: 2 })
        expect([audit.code, audit.stderr]).toEqual([0, ""])
        expect([offboard.code, offboard.stderr]).toEqual([0, ""])
        const store = Context.get(context, Store.Store)
        const reviews = yield* store.listReviews
        expect(reviews.map((review) => review.rowCount)).toEqual(Array.from({ length: 8 }, () => 2000))
        const runs = yield* store.listRuns()
        expect(runs).toHaveLength(12)
        expect(runs.every((run) => run.finishedAt !== undefined && run.verified === 10)).toBe(true)
        const sql = Context.get(context, SqlClient.SqlClient)
        expect(yield* sql`PRAGMA integrity_check`).toEqual([{ integrity_check: "ok" }])
        expect(yield* sql`PRAGMA journal_mode`).toEqual([{ journal_mode: "wal" }])
      })),
    60_000
  )

  it.live(
    "a write held up longer than the busy timeout fails as DatabaseBusy, and succeeds once the file is free",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = path.join(yield* temporaryDirectory, "busy.db")
        const holder = yield* storeAt(url)
        const waiter = Context.get(yield* storeAt(url, "200 millis"), Store.Store)
        const holding = yield* Deferred.make<boolean>()
        const release = yield* Deferred.make<boolean>()
        // Another connection (as another process would) holds the write lock until released.
        const hold = yield* Effect.fork(
          Context.get(holder, SqlClient.SqlClient).withTransaction(
            Effect.zipRight(
              Context.get(
                holder,
                SqlClient.SqlClient
              )`INSERT INTO userkit_coverage VALUES ('x', 'Rockset', 'Complete', NULL, NULL)`,
              Effect.zipRight(Deferred.succeed(holding, true), Deferred.await(release))
            )
          )
        )
        yield* Deferred.await(holding)
        const review = { startedAt: new Date(), finishedAt: new Date(), rows: [], coverage: {} }
        const refused = yield* Effect.flip(waiter.saveReview(review))
        expect(refused._tag).toBe("DatabaseBusy")
        expect(refused.message).toContain("busy")
        yield* Deferred.succeed(release, true)
        yield* Fiber.join(hold)
        expect((yield* waiter.saveReview(review)).startsWith("review-")).toBe(true)
      })),
    20_000
  )
})
