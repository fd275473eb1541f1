/**
 * The cluster commands in-process, where they refuse before reaching anything: a worker or a
 * submission on a SQLite file, --batch without --submit; and how a batch file is read. The
 * runners themselves are proven in @userkit/store's Cluster.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import * as ExitCode from "@userkit/cli/ExitCode"
import * as Submit from "@userkit/cli/Submit"
import * as Effect from "effect/Effect"
import { runInProcess } from "./helpers.js"

describe("userkit's cluster commands", () => {
  it.effect("a worker or a submission needs a postgres:// database; --batch needs --submit", () =>
    Effect.gen(function*() {
      for (
        const args of [
          ["worker", "--database", "./userkit.db"],
          ["offboard", "a@b.example", "--submit", "--database", "./userkit.db"],
          ["offboard", "--batch", "people.csv"],
          ["offboard", "a@b.example", "--submit", "--fakes", "--database", "postgres://127.0.0.1:1/x"],
          ["offboard", "--submit", "--database", "postgres://127.0.0.1:1/x"]
        ]
      ) {
        const run = yield* runInProcess(args)
        assert.strictEqual(run.exitCode, ExitCode.usage, `${args.join(" ")}: ${run.stderr}`)
        assert.strictEqual(run.stdout, "", args.join(" "))
        assert.include(run.stderr, "USAGE", args.join(" "))
      }
    }))

  it("a batch file: one email a line, in whichever column, with or without a header", () => {
    assert.deepStrictEqual(Submit.batchEmails("email\nada@example.com\n\n\"grace@example.com\"\r\n"), [
      "ada@example.com",
      "grace@example.com"
    ])
    assert.deepStrictEqual(Submit.batchEmails("name,email\nAda,ada@example.com\nnobody,\n"), ["ada@example.com"])
    assert.deepStrictEqual(Submit.batchEmails("ada@example.com"), ["ada@example.com"])
  })
})
