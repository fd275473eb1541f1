/**
 * The cluster commands in-process, where they refuse before reaching anything: a worker or a
 * submission on a SQLite file, --batch without --submit; and how a batch file is read. The
 * runners themselves are proven in @userkit/store's Cluster.test.ts; `audit --submit` is followed
 * here to a worker in this process saving the review (needs the PostgreSQL server).
 */
import { assert, describe, it } from "@effect/vitest"
import * as ExitCode from "@userkit/cli/ExitCode"
import * as Submit from "@userkit/cli/Submit"
import * as Fakes from "@userkit/directory/Fakes"
import * as Database from "@userkit/store/Database"
import * as ReviewWorkflow from "@userkit/store/ReviewWorkflow"
import * as Runner from "@userkit/store/Runner"
import { reachable, serverDatabase } from "@userkit/testkit/Databases"
import * as Ports from "@userkit/testkit/Ports"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import { runInProcess } from "./helpers.js"

const server = await Effect.runPromise(reachable(5432))

describe("userkit's cluster commands", () => {
  it.effect("a worker or a submission needs a postgres:// database; --batch needs --submit", () =>
    Effect.gen(function*() {
      for (
        const args of [
          ["worker", "--database", "./userkit.db"],
          ["offboard", "a@b.example", "--submit", "--database", "./userkit.db"],
          ["offboard", "--batch", "people.csv"],
          ["offboard", "a@b.example", "--submit", "--fakes", "--database", "postgres://127.0.0.1:1/x"],
          ["offboard", "--submit", "--database", "postgres://127.0.0.1:1/x"],
          ["audit", "--submit", "--database", "./userkit.db"],
          ["audit", "--submit", "--fakes", "--database", "postgres://127.0.0.1:1/x"],
          ["audit", "--submit", "--no-save", "--database", "postgres://127.0.0.1:1/x"]
        ]
      ) {
        const run = yield* runInProcess(args)
        assert.strictEqual(run.exitCode, ExitCode.usage, `${args.join(" ")}: ${run.stderr}`)
        assert.strictEqual(run.stdout, "", args.join(" "))
        assert.include(run.stderr, "USAGE", args.join(" "))
      }
    }))

  it.live.skipIf(!server)(
    "audit --submit prints the id a worker saves the review under",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* serverDatabase
        const submitted = yield* runInProcess(["audit", "--submit", "--database", url], { USER: "auditor" })
        assert.strictEqual(submitted.exitCode, ExitCode.ok, submitted.stderr)
        const id = submitted.stdout.trim()
        assert.match(id, /^review-\S+$/)
        // A worker over the same database (in this process) reads the fakes and saves it under that id.
        const organisation = yield* Fakes.make({ people: 5 })
        const directory = ReviewWorkflow.layerDirectory(organisation.directory).pipe(
          Layer.provide(Fakes.layer(organisation))
        )
        const worker = Runner.layer({ port: yield* Ports.unused, operator: "worker" }).pipe(
          Layer.provide(Layer.merge(Database.layer({ url }), directory))
        )
        const saved = yield* ReviewWorkflow.awaitSaved(id, { interval: 200 }).pipe(
          Effect.provide(worker),
          Logger.withMinimumLogLevel(LogLevel.Warning)
        )
        assert.strictEqual(saved.operator, "auditor")
        assert.deepStrictEqual(Object.keys(saved.coverage).sort(), ["Astronomer", "Authress", "Rockset", "TileDB"])
        assert.isAbove(saved.rowCount, 0)
      })),
    30_000
  )

  it("a batch file: one email a line, in whichever column, with or without a header", () => {
    assert.deepStrictEqual(Submit.batchEmails("email\nada@example.com\n\n\"grace@example.com\"\r\n"), [
      "ada@example.com",
      "grace@example.com"
    ])
    assert.deepStrictEqual(Submit.batchEmails("name,email\nAda,ada@example.com\nnobody,\n"), ["ada@example.com"])
    assert.deepStrictEqual(Submit.batchEmails("ada@example.com"), ["ada@example.com"])
  })
})
