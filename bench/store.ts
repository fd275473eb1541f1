/**
 * The store's scale targets: a 10,000-person access review saved in under 5 s on SQLite, and the
 * diff of two such reviews in under 2 s. Also measured on Postgres when 127.0.0.1:5432 answers.
 *
 *   npx tsx --conditions=@userkit/source bench/store.ts      this section alone
 *   npm run bench -- --only store                            the same, from the main bench
 *
 * Each review has about 35,000 rows (every person in Rockset and Authress, most in Astronomer,
 * some in a workspace too, two in three in TileDB); the second review loses 1% of the people,
 * gains 1% new ones and changes 1% of the roles. Nothing asserts a time.
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import type { AccessReview } from "@userkit/directory"
import * as Database from "@userkit/store/Database"
import * as Store from "@userkit/store/Store"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"

const people = 10_000

const rowsOf = (person: number, roleShift: boolean): ReadonlyArray<AccessReview.Row> => {
  const email = `person.${person}@example.com`
  const base = { key: email, email, name: `Person ${person}`, status: "ACTIVE" }
  const rows: Array<AccessReview.Row> = [
    { ...base, vendor: "Rockset", scopeType: "organization", scopeId: "self", role: roleShift ? "admin" : "member" },
    { ...base, vendor: "Authress", key: `google|${person}`, scopeType: "tenant", scopeId: "tenant-a", role: "" }
  ]
  if (person % 5 !== 0) {
    const key = `usr-${person}`
    rows.push({ ...base, vendor: "Astronomer", key, scopeType: "organization", scopeId: "org", role: "MEMBER" })
    if (person % 2 === 0) {
      rows.push({ ...base, vendor: "Astronomer", key, scopeType: "workspace", scopeId: "ws", role: "OPERATOR" })
    }
  }
  if (person % 3 !== 0) {
    rows.push({
      ...base,
      vendor: "TileDB",
      key: `user${person}`,
      scopeType: "organization",
      scopeId: "org",
      role: "read"
    })
  }
  return rows
}

const complete = { _tag: "Complete" } as const
const coverage = { Rockset: complete, Authress: complete, Astronomer: complete, TileDB: complete }

const review = (first: number, changed: (person: number) => boolean): AccessReview.AccessReview => ({
  startedAt: new Date(),
  finishedAt: new Date(),
  rows: Array.from({ length: people }, (_, i) => rowsOf(first + i, changed(first + i))).flat(),
  coverage
})

const seconds = (start: number) => (performance.now() - start) / 1000

const measure = (store: Store.StoreService) =>
  Effect.gen(function*() {
    const before = review(0, () => false)
    // 1% gone, 1% new, 1% with another Rockset role.
    const after = review(people / 100, (person) => person % 100 === 7)
    let start = performance.now()
    const a = yield* store.saveReview(before)
    const save = seconds(start)
    const b = yield* store.saveReview(after)
    start = performance.now()
    const diff = yield* store.diff(a, b)
    const diffTime = seconds(start)
    return {
      rows: before.rows.length,
      save,
      diff: diffTime,
      gained: diff.gained.length,
      lost: diff.lost.length,
      changed: diff.changed.length
    }
  })

const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = Net.connect({ host: "127.0.0.1", port })
    socket.setTimeout(1000)
    const done = (open: boolean) => {
      socket.destroy()
      resolve(open)
    }
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
    socket.once("timeout", () => done(false))
  })

const onDatabase = (url: string) =>
  Effect.runPromise(Effect.provide(
    Effect.flatMap(Store.Store, measure),
    Store.layer({ operator: "bench" }).pipe(Layer.provide(Database.layer({ url })))
  ))

const admin = (statement: string) =>
  Effect.runPromise(Effect.provide(
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)),
    PgClient.layer({ url: Redacted.make("postgres://postgres@127.0.0.1:5432/test") })
  ))

export interface StoreFigures {
  readonly engine: string
  readonly rows: number
  readonly save: number
  readonly diff: number
  readonly gained: number
  readonly lost: number
  readonly changed: number
}

/** Each engine once (a fresh database each), SQLite three times. */
export const benchStore = async (): Promise<ReadonlyArray<StoreFigures>> => {
  const figures: Array<StoreFigures> = []
  for (let run = 0; run < 3; run++) {
    const directory = Fs.mkdtempSync(Path.join(Os.tmpdir(), "userkit-bench-store-"))
    try {
      figures.push({ engine: "SQLite", ...(await onDatabase(Path.join(directory, "userkit.db"))) })
    } finally {
      Fs.rmSync(directory, { recursive: true, force: true })
    }
  }
  if (await reachable(5432)) {
    const name = `userkit_bench_${process.pid}`
    await admin(`CREATE DATABASE ${name}`)
    try {
      figures.push({ engine: "Postgres", ...(await onDatabase(`postgres://postgres@127.0.0.1:5432/${name}`)) })
    } finally {
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    }
  }
  return figures
}

export const printStore = (figures: ReadonlyArray<StoreFigures>): string =>
  [
    "engine     rows    save (s)  diff (s)  gained  lost  changed",
    ...figures.map((f) =>
      `${f.engine.padEnd(9)}  ${String(f.rows).padStart(6)}  ${f.save.toFixed(2).padStart(8)}  ${
        f.diff.toFixed(2).padStart(8)
      }  ${String(f.gained).padStart(6)}  ${String(f.lost).padStart(4)}  ${String(f.changed).padStart(7)}`
    ),
    "targets: save < 5 s, diff < 2 s on SQLite"
  ].join("\n")

if (import.meta.url === `file://${process.argv[1]}`) {
  benchStore().then((figures) => console.log(printStore(figures)))
}
