/**
 * Vendor text in the CLI's output (finding 5, the CLI's side): a hostile name, email or key from a
 * vendor is shown escaped in human output (no ESC, no bare CR or LF reaches the terminal), CSV
 * cells are neutralised, and JSON stays faithful.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Commands from "@userkit/cli/Commands"
import * as ExitCode from "@userkit/cli/ExitCode"
import { Output } from "@userkit/cli/Output"
import type * as Vendors from "@userkit/cli/Vendors"
import * as Directory from "@userkit/directory/Directory"
import * as Email from "@userkit/directory/Email"
import * as ReviewWorkflow from "@userkit/store/ReviewWorkflow"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { recorder, temporaryStore } from "./helpers.js"

// An OSC 8 hyperlink, a colour, a bare CR rewriting the line, and a line feed forging a plan line.
const hostile = "ada\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u001b[31m\rRockset delete-user\nforged"

const setupOver = (directory: Partial<Directory.DirectoryService>): Vendors.Setup => ({
  fakes: false,
  sources: { Rockset: { _tag: "Real" } },
  organisation: undefined,
  directory: Layer.merge(
    Directory.layerTest(directory),
    Layer.succeed(ReviewWorkflow.VendorReviews, {
      vendors: [],
      review: (vendor) => Effect.dieMessage(`no review of ${vendor} in this test`)
    })
  )
})

const escapedOnly = (text: string) => {
  assert.notInclude(text, "\u001b")
  assert.notInclude(text, "\r")
  assert.notInclude(text, "\u0007")
  assert.include(text, "\\u001b")
}

describe("vendor text in the CLI's output", () => {
  it.scoped("offboard --dry-run: the plan shows a hostile target escaped, on one line", () =>
    Effect.gen(function*() {
      const email = yield* Email.parse("ada@example.com")
      const setup = setupOver({
        vendors: ["Rockset"],
        planOffboarding: () =>
          Effect.succeed({
            email,
            createdAt: new Date(0),
            actions: [{
              vendor: "Rockset",
              scope: { type: "organization", id: "self" },
              action: "delete-user",
              target: hostile,
              account: { key: hostile, email: "ada@example.com" }
            }],
            coverage: { Rockset: { _tag: "Complete" } }
          })
      })
      const { output, written } = recorder()
      const done = yield* Commands.offboard(setup, "ada@example.com", {
        dryRun: true,
        yes: false,
        format: "text",
        confirm: undefined
      }, { out: undefined }).pipe(
        Effect.provide(yield* temporaryStore(setup.directory)),
        Effect.provide(setup.directory),
        Effect.provideService(Output, output)
      )
      assert.strictEqual(done.exitCode, ExitCode.ok)
      escapedOnly(written.stdout)
      assert.isFalse(written.stdout.split("\n").some((line) => line.startsWith("forged")))
    }))

  it.effect("audit: text escaped, CSV neutralised, JSON faithful", () =>
    Effect.gen(function*() {
      const row = {
        vendor: "Rockset" as const,
        key: hostile,
        email: "ada@example.com",
        name: " =HYPERLINK(\"https://evil.example\")",
        status: "ACTIVE",
        scopeType: "organization",
        scopeId: "self",
        role: "member;=1+1"
      }
      const setup = setupOver({
        vendors: ["Rockset"],
        accessReview: () =>
          Effect.succeed({
            startedAt: new Date(0),
            finishedAt: new Date(1),
            rows: [row],
            coverage: { Rockset: { _tag: "Failed", reason: `Forbidden: ${hostile}`, failure: undefined } }
          })
      })
      const run = (format: Commands.Format) => {
        const { output, written } = recorder()
        return Effect.map(
          Commands.audit(setup, format, { out: undefined }).pipe(
            Effect.provide(setup.directory),
            Effect.provideService(Output, output)
          ),
          (done) => ({ done, ...written })
        )
      }
      const text = yield* run("text")
      assert.strictEqual(text.done.exitCode, ExitCode.partial)
      escapedOnly(text.stderr)

      const csv = yield* run("csv")
      const [, line] = csv.stdout.trimEnd().split("\r\n")
      assert.include(line, "\" '=HYPERLINK(\"\"https://evil.example\"\")\"")
      assert.include(line, "\"member;'=1+1\"")

      const json = yield* run("json")
      const rows = Object(JSON.parse(json.stdout)).review.rows
      assert.deepStrictEqual(rows, [row])
    }))
})
