import { assert, describe, it } from "@effect/vitest"
import * as AccessReview from "@userkit/directory/AccessReview"
import * as Fakes from "@userkit/directory/Fakes"
import * as Plan from "@userkit/directory/Plan"
import * as SafeText from "@userkit/directory/SafeText"
import * as Effect from "effect/Effect"
import { withDirectory } from "./helpers.js"

// eslint-disable-next-line no-control-regex
const drivesATerminal = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/

describe("SafeText (issue 20, finding 5)", () => {
  it("terminal: controls, ESC, C1, bidi overrides and line separators are shown escaped", () => {
    assert.strictEqual(SafeText.terminal("Ada\u001b[31m red"), "Ada\\u001b[31m red")
    assert.strictEqual(
      SafeText.terminal("\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007"),
      "\\u001b]8;;https://evil.example\\u0007click\\u001b]8;;\\u0007"
    )
    assert.strictEqual(SafeText.terminal("a\rb\nc\td"), "a\\u000db\\u000ac\\u0009d")
    assert.strictEqual(
      SafeText.terminal("\u009b2J \u202eevil\u202c \u2066x\u2069 \u2028"),
      "\\u009b2J \\u202eevil\\u202c \\u2066x\\u2069 \\u2028"
    )
    assert.strictEqual(SafeText.terminal("Zoë Ω \u00e9 ok"), "Zoë Ω \u00e9 ok")
  })

  it("csvCell: formula triggers neutralised at the start, after spaces, and after ; or , inside", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["=1+1", "'=1+1"],
      ["+1", "'+1"],
      ["-1", "'-1"],
      ["@SUM(A1)", "'@SUM(A1)"],
      ["\t=1", "\"'\t=1\""],
      ["\r=1", "\"'\r=1\""],
      [" =1", "\" '=1\""],
      ["a;=cmd|' /C calc'!A0", "\"a;'=cmd|' /C calc'!A0\""],
      ["a, @x", "\"a, '@x\""],
      ["Berners-Lee", "Berners-Lee"],
      ["ada@example.com", "ada@example.com"],
      ["say \"hi\"", "\"say \"\"hi\"\"\""],
      ["", ""]
    ]
    for (const [input, expected] of cases) assert.strictEqual(SafeText.csvCell(input), expected, JSON.stringify(input))
  })

  it.effect("a plan and a report never print a vendor's control characters raw; JSON stays faithful", () =>
    withDirectory({ people: 5 }, (directory, organisation) =>
      Effect.gen(function*() {
        const hostile = "evil\u001b]8;;https://x.example\u0007\r\n  Rockset    delete-user       ceo@example.com"
        yield* organisation.authress.putUser({ userId: hostile, name: "x", email: Fakes.demoEmail })
        const plan = yield* directory.planOffboarding(Fakes.demoEmail)
        const rendered = Plan.render(plan)
        assert.notMatch(rendered.split("\n").join(""), drivesATerminal)
        assert.include(rendered, "evil\\u001b]8;;https://x.example\\u0007\\u000d\\u000a")
        assert.strictEqual(rendered.split("\n").filter((line) => line.includes("ceo@example.com")).length, 1)
        assert.isTrue(
          JSON.parse(Plan.toJson(plan)).actions.some((action: { target: string }) => action.target === hostile)
        )
        const report = yield* directory.apply(plan)
        assert.notMatch(Plan.renderReport(report).split("\n").join(""), drivesATerminal)
      })))

  it.effect("the review's CSV neutralises formulas in every cell", () =>
    withDirectory({ people: 5 }, (directory, organisation) =>
      Effect.gen(function*() {
        yield* organisation.authress.putUser({
          userId: "x|1",
          name: " =HYPERLINK(\"http://x\")",
          email: "a;=1@example.com"
        })
        const csv = AccessReview.toCsv(yield* directory.accessReview())
        assert.include(csv, "\" '=HYPERLINK(\"\"http://x\"\")\"")
        assert.include(csv, "\"a;'=1@example.com\"")
      })))
})
