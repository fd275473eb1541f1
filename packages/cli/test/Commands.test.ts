/**
 * The CLI's commands, against the four fakes served on 127.0.0.1 through the CLI's own transport
 * (`UndiciHttpClient.layer`), with the fakes keeping the vendors' quotas (scaled as in the demo).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Fakes from "@userkit/directory/Fakes"
import * as Effect from "effect/Effect"
import { audit, offboard, type Output, quotaSummary } from "../src/Commands.js"
import { demoScale, realVendors, setup } from "../src/Vendors.js"

const recorder = () => {
  const data: Array<string> = []
  const info: Array<string> = []
  const output: Output = {
    data: (text) => Effect.sync(() => void data.push(text)),
    info: (text) => Effect.sync(() => void info.push(text)),
    progress: undefined
  }
  return { data, info, output }
}

// What the fakes still hold of the person.
const holdings = (organisation: Fakes.Organisation, email: string) =>
  Effect.gen(function*() {
    const rockset = (yield* organisation.rockset.users).some((user) => user.email === email)
    const authress = (yield* organisation.authress.users).filter((user) => user.email === email).length
    return { rockset, authress }
  })

describe("the CLI on the fakes", () => {
  it("uses a real vendor only when its environment variables are set", () => {
    assert.deepStrictEqual(realVendors({}), { Rockset: false, Authress: false, Astronomer: false, TileDB: false })
    assert.deepStrictEqual(realVendors({ ROCKSET_APIKEY: "k", TILEDB_REST_USERNAME: "u" }), {
      Rockset: true,
      Authress: false,
      Astronomer: false,
      TileDB: false
    })
  })

  it.live(
    "offboard: --dry-run changes nothing; then done everywhere; the same plan again is already absent",
    () =>
      Effect.gen(function*() {
        const { layer, organisation, sources } = yield* setup({}, { people: 60 })
        assert.deepStrictEqual(Object.values(sources).map((source) => source._tag), ["Fake", "Fake", "Fake", "Fake"])
        const email = Fakes.demoEmail
        const dry = recorder()
        yield* Effect.provide(offboard(email, { dryRun: true, json: false }, dry.output), layer)
        assert.include(dry.data.join("\n"), "Offboarding plan for ada.lovelace@example.com: 7 action(s)")
        assert.deepStrictEqual(yield* holdings(organisation, email), { rockset: true, authress: 2 })

        const run = recorder()
        const { reports } = yield* Effect.provide(offboard(email, { dryRun: false, json: false }, run.output), layer)
        assert.deepStrictEqual(reports.map((report) => new Set(report.results.map(({ outcome }) => outcome._tag))), [
          new Set(["Done"]),
          new Set(["AlreadyAbsent"])
        ])
        assert.deepStrictEqual(yield* holdings(organisation, email), { rockset: false, authress: 0 })
        assert.include(run.data.join("\n"), "already absent  TileDB     remove-membership ada.lovelace")

        const json = recorder()
        yield* Effect.provide(offboard("grace.hopper@example.com", { dryRun: false, json: true }, json.output), layer)
        const parsed: unknown = JSON.parse(json.data.join(""))
        assert.deepStrictEqual(Object.keys(parsed ?? {}), ["plan", "report", "again"])
      }).pipe(Effect.scoped),
    { timeout: 60_000 }
  )

  it.live("audit: every vendor in the CSV, the fakes' quotas kept with none refused", () =>
    Effect.gen(function*() {
      const { layer, organisation } = yield* setup({}, { people: 120 })
      const out = recorder()
      const review = yield* Effect.provide(audit("csv", out.output), layer)
      assert.deepStrictEqual(review.failures, [])
      const csv = out.data.join("\n")
      const vendors = new Set(csv.split("\r\n").slice(1).map((line) => line.split(",")[0]))
      assert.deepStrictEqual(vendors, new Set(["Rockset", "Authress", "Astronomer", "TileDB"]))
      for (const quota of Object.values(organisation.quotas)) {
        for (const count of Object.values(yield* quota.counts)) assert.strictEqual(count?.refused, 0)
      }
      assert.include(yield* quotaSummary(organisation, demoScale.scale), "0 refused (429)")
    }).pipe(Effect.scoped), { timeout: 60_000 })

  it.live("audit --json keeps failures apart from rows", () =>
    Effect.gen(function*() {
      const { layer } = yield* setup({}, { people: 20 })
      const out = recorder()
      yield* Effect.provide(audit("json", out.output), layer)
      const parsed: unknown = JSON.parse(out.data.join(""))
      assert.deepStrictEqual(Object.keys(parsed ?? {}), ["rows", "failures"])
    }).pipe(Effect.scoped), { timeout: 60_000 })
})
