// The two engines every store suite (and the CLI's store tests) runs on, each giving a test a
// database of its own: a SQLite file in a fresh temporary directory, and a Postgres database created for the test on the server
// at 127.0.0.1:5432 and dropped after it. Where no server listens (and `CI` is unset), an embedded
// Postgres (PGlite behind its socket server) stands in, so the Postgres suites never skip; under
// `CI` an unreachable server fails them.
import * as PgClient from "@effect/sql-pg/PgClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { PGlite } from "@electric-sql/pglite"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"

export interface Engine {
  readonly name: "SQLite" | "Postgres"
  /** A test's timeout: an embedded Postgres takes seconds to start. */
  readonly timeout: number
  /** A database URL no other test uses, removed when the scope closes. */
  readonly database: Effect.Effect<string, never, Scope.Scope>
}

export const temporaryDirectory: Effect.Effect<string, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "userkit-store-"))),
  (directory) => Effect.sync(() => fs.rmSync(directory, { recursive: true, force: true }))
)

export const sqlite: Engine = {
  name: "SQLite",
  timeout: 5_000,
  database: Effect.map(temporaryDirectory, (directory) => path.join(directory, "userkit.db"))
}

const serverUrl = "postgres://postgres@127.0.0.1:5432"

export const reachable = (port: number) =>
  Effect.async<boolean>((resume) => {
    const socket = net.connect({ host: "127.0.0.1", port })
    socket.setTimeout(1000)
    const done = (open: boolean) => {
      socket.destroy()
      resume(Effect.succeed(open))
    }
    socket.once("connect", () => done(true))
    socket.once("error", () => done(false))
    socket.once("timeout", () => done(false))
  })

export const serverDatabase = Effect.gen(function*() {
  const name = `userkit_store_${process.pid}_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`
  const admin = (statement: string) =>
    Effect.flatMap(SqlClient.SqlClient, (sql) => sql.unsafe(statement)).pipe(
      Effect.provide(PgClient.layer({ url: Redacted.make(`${serverUrl}/test`) })),
      Effect.orDie
    )
  yield* Effect.acquireRelease(
    admin(`CREATE DATABASE ${name}`),
    () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  )
  return `${serverUrl}/${name}`
})

// One PGlite per test: it holds a single database, and a test must not see another's tables.
const embeddedDatabase = Effect.gen(function*() {
  const server = yield* Effect.acquireRelease(
    Effect.promise(async () => {
      const db = await PGlite.create()
      const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 16 })
      await server.start()
      return server
    }),
    (server) => Effect.promise(() => server.stop().then(() => server.db.close()))
  )
  return `postgres://postgres@${server.getServerConn()}/postgres`
})

export const postgres: Engine = {
  name: "Postgres",
  timeout: 30_000,
  database: Effect.gen(function*() {
    // USERKIT_STORE_EMBEDDED_POSTGRES=1 tries the embedded stand-in on a machine that has a server.
    if (process.env.USERKIT_STORE_EMBEDDED_POSTGRES !== "1" && (yield* reachable(5432))) return yield* serverDatabase
    if (process.env.CI !== undefined && process.env.CI !== "") {
      return yield* Effect.dieMessage("CI is set and no PostgreSQL server listens on 127.0.0.1:5432")
    }
    return yield* embeddedDatabase
  })
}

export const engines: ReadonlyArray<Engine> = [sqlite, postgres]
