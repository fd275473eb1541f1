import { describe, expect, it } from "@effect/vitest"
import * as Email from "@userkit/directory/Email"
import * as Database from "@userkit/store/Database"
import * as Export from "@userkit/store/Export"
import * as Store from "@userkit/store/Store"
import { version } from "@userkit/store/Version"
import { sqlite } from "@userkit/testkit/Databases"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as fs from "node:fs"
import * as path from "node:path"

const withStore = <A, E>(program: Effect.Effect<A, E, Store.Store>) =>
  Effect.scoped(Effect.flatMap(sqlite.database, (url) =>
    Effect.provide(
      program,
      Store.layer({ operator: "auditor" }).pipe(Layer.provide(Database.layer({ url })))
    )))

describe("Export", () => {
  it("the package's version is the one exports name", () => {
    const manifest: { readonly version: string } = JSON.parse(
      fs.readFileSync(path.join(import.meta.dirname, "../package.json"), "utf8")
    )
    expect(version).toBe(manifest.version)
  })

  it.live("a review as CSV: a header naming tool, time, operator and coverage; vendor text made formula-safe", () =>
    withStore(Effect.gen(function*() {
      const store = yield* Store.Store
      const id = yield* store.saveReview({
        startedAt: new Date("2026-12-01T10:00:00Z"),
        finishedAt: new Date("2026-12-01T10:01:00Z"),
        rows: [{
          vendor: "Rockset",
          key: "eve@example.com",
          email: "eve@example.com",
          name: "=HYPERLINK(\"http://evil\",\"x\")",
          status: "ACTIVE",
          scopeType: "organization",
          scopeId: "self",
          role: "admin"
        }],
        coverage: { Rockset: { _tag: "Complete" }, TileDB: { _tag: "Partial", reason: "2 members without email" } }
      })
      const text = yield* Export.byId(id, "csv", { exportedBy: "lead" })
      const lines = text.split("\r\n")
      expect(lines[0]).toBe(`# userkit ${version}: review ${id}`)
      expect(lines[1]).toMatch(/^# exported at \d{4}-\d\d-\d\dT.* by lead$/)
      expect(lines[2]).toBe("# operator: auditor")
      expect(lines[3]).toBe("\"# coverage: Rockset=complete; TileDB=partial (2 members without email)\"")
      expect(lines[4]).toBe("vendor,key,email,name,status,scopeType,scopeId,role")
      expect(lines[5]).toBe(
        "Rockset,eve@example.com,eve@example.com,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",ACTIVE,organization,self,admin"
      )
    })))

  it.live("a run as JSON: the header, the plan and every journal entry", () =>
    withStore(Effect.gen(function*() {
      const store = yield* Store.Store
      const planId = yield* store.savePlan({
        email: Either.getOrThrow(Email.either("grace.hopper@example.com")),
        createdAt: new Date("2026-12-01T11:00:00Z"),
        actions: [{
          vendor: "Rockset",
          scope: { type: "organization", id: "self" },
          action: "delete-user",
          target: "grace.hopper@example.com",
          account: { key: "grace.hopper@example.com", email: "grace.hopper@example.com" }
        }],
        coverage: { Rockset: { _tag: "Complete" } }
      })
      const runId = yield* store.startRun(planId, { operator: "oncall" })
      yield* store.recordIntent(runId, 0)
      yield* store.recordOutcome(runId, 0, { _tag: "Removed", verifiedAt: new Date("2026-12-01T11:00:05Z") })
      const document = JSON.parse(yield* Export.byId(runId, "json", { exportedBy: "lead" }))
      expect(document.header).toMatchObject({
        tool: "userkit",
        version,
        kind: "run",
        id: runId,
        exportedBy: "lead",
        operator: "oncall",
        coverage: { Rockset: { _tag: "Complete" } }
      })
      expect(document.run.journal[0].outcome).toEqual({ _tag: "Removed", verifiedAt: "2026-12-01T11:00:05.000Z" })
      const csv = (yield* Export.byId(runId, "csv", { exportedBy: "lead" })).split("\r\n")
      expect(csv[4]?.split(",").slice(11, 13)).toEqual(["outcome", "verified"])
      expect(csv[5]?.split(",").slice(11, 13)).toEqual(["Removed", "true"])
      const missing = yield* Effect.flip(Export.byId("run-none", "json"))
      expect(missing._tag).toBe("NotFound")
    })))
})
