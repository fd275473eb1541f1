import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Errors from "@userkit/core/Errors"
import type { AccessReview } from "@userkit/directory"
import * as Email from "@userkit/directory/Email"
import * as Failure from "@userkit/directory/Failure"
import * as Database from "@userkit/store/Database"
import * as Migrations from "@userkit/store/Migrations"
import * as Store from "@userkit/store/Store"
import { engines } from "@userkit/testkit/Databases"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"

const storeAt = (url: string, options: Store.Options = {}) =>
  Store.layer({ operator: "auditor", ...options }).pipe(Layer.provide(Database.layer({ url })))

const withStore = <A, E>(
  database: Effect.Effect<string, never, Scope.Scope>,
  program: (store: Store.StoreService) => Effect.Effect<A, E>
) =>
  Effect.scoped(Effect.flatMap(database, (url) => Effect.provide(Effect.flatMap(Store.Store, program), storeAt(url))))

const row = (
  vendor: AccessReview.Row["vendor"],
  email: string,
  role: string,
  scopeId = "org-1",
  key = email
): AccessReview.Row => ({
  vendor,
  key,
  email,
  name: email.split("@")[0] ?? "",
  status: "ACTIVE",
  scopeType: "organization",
  scopeId,
  role
})

const complete = { _tag: "Complete" } as const
const fields = <S extends number>(status: S, requestId: string): Errors.StatusErrorFields<S, never> => ({
  vendor: "Authress",
  operation: "getUsers",
  method: "GET",
  route: "/v1/users",
  status,
  message: "refused",
  body: undefined,
  bodyText: undefined,
  requestId,
  retryAfter: undefined
})

const forbidden = {
  _tag: "Failed",
  reason: "Forbidden",
  failure: new Failure.VendorFailure({
    vendor: "Authress",
    operation: "getUsers",
    reason: "Forbidden",
    message: "no access",
    error: new Errors.Forbidden<never>(fields(403, "req-7"))
  })
} as const

const email = (address: string) => Either.getOrThrow(Email.either(address))

const review = (
  rows: ReadonlyArray<AccessReview.Row>,
  coverage: AccessReview.AccessReview["coverage"]
): AccessReview.AccessReview => ({
  startedAt: new Date("2026-12-01T10:00:00Z"),
  finishedAt: new Date("2026-12-01T10:01:00Z"),
  rows,
  coverage
})

const action = (vendor: "Rockset" | "Astronomer", target: string) => ({
  vendor,
  scope: { type: "organization" as const, id: "org-1" },
  action: vendor === "Rockset" ? "delete-user" as const : "remove-membership" as const,
  target,
  account: { key: target, email: "Grace.Hopper@Example.com" }
})

describe.each(engines)("Store on $name", (engine) => {
  it.live(
    "saves a review with its rows, times and coverage, and lists it",
    () =>
      withStore(engine.database, (store) =>
        Effect.gen(function*() {
          const id = yield* store.saveReview(review(
            [row("Rockset", "ada@example.com", "admin"), row("Rockset", "ada@example.com", "member")],
            { Rockset: complete, Authress: forbidden, TileDB: { _tag: "Partial", reason: "only listed orgs" } }
          ))
          const saved = yield* store.getReview(id)
          expect(saved.rows).toHaveLength(2)
          expect(saved.rows.map((r) => r.role).sort()).toEqual(["admin", "member"])
          expect(saved.startedAt.toISOString()).toBe("2026-12-01T10:00:00.000Z")
          expect(saved.operator).toBe("auditor")
          expect(saved.coverage).toEqual({
            Rockset: complete,
            Authress: {
              _tag: "Failed",
              reason: "Forbidden",
              failure: {
                vendor: "Authress",
                operation: "getUsers",
                reason: "Forbidden",
                message: "no access",
                requestId: "req-7"
              }
            },
            TileDB: { _tag: "Partial", reason: "only listed orgs" }
          })
          const listed = yield* store.listReviews
          expect(listed.map((r) => r.id)).toEqual([id])
          expect(listed[0]?.rowCount).toBe(2)
          const missing = yield* Effect.flip(store.getReview("review-none"))
          expect(missing._tag).toBe("NotFound")
        })),
    engine.timeout
  )

  it.live(
    "diff: gained, lost and role changes per person; a vendor failed in either review is unknown",
    () =>
      withStore(engine.database, (store) =>
        Effect.gen(function*() {
          const before = yield* store.saveReview(review([
            row("Rockset", "ada@example.com", "admin"),
            row("Rockset", "grace@example.com", "member"),
            row("Astronomer", "grace@example.com", "ORGANIZATION_MEMBER"),
            row("Astronomer", "hedy@example.com", "WORKSPACE_OPERATOR"),
            row("Astronomer", "hedy@example.com", "WORKSPACE_MEMBER"),
            row("Authress", "linus@example.com", "")
          ], { Rockset: complete, Astronomer: complete, Authress: complete }))
          const after = yield* store.saveReview(review([
            row("Rockset", "ada@example.com", "member"),
            row("Rockset", "alan@example.com", "member"),
            row("Astronomer", "grace@example.com", "ORGANIZATION_MEMBER"),
            row("Astronomer", "hedy@example.com", "WORKSPACE_MEMBER")
          ], { Rockset: complete, Astronomer: complete, Authress: forbidden }))
          const diff = yield* store.diff(before, after)
          expect(diff.gained.map((a) => [a.person, a.vendor, a.roles])).toEqual([["alan@example.com", "Rockset", [
            "member"
          ]]])
          expect(diff.lost.map((a) => [a.person, a.vendor])).toEqual([["grace@example.com", "Rockset"]])
          expect(diff.changed.map((c) => [c.person, c.before, c.after])).toEqual([
            ["ada@example.com", ["admin"], ["member"]],
            ["hedy@example.com", ["WORKSPACE_MEMBER", "WORKSPACE_OPERATOR"], ["WORKSPACE_MEMBER"]]
          ])
          // Authress failed in the second review: linus is not "lost", Authress is unknown.
          expect(diff.unknown.map((u) => [u.vendor, u.from?._tag, u.to?._tag])).toEqual([[
            "Authress",
            "Complete",
            "Failed"
          ]])
        })),
    engine.timeout
  )

  it.live(
    "a plan is saved before it runs; the journal keeps intent then outcome, never overwritten",
    () =>
      withStore(engine.database, (store) =>
        Effect.gen(function*() {
          const planId = yield* store.savePlan({
            email: email("grace.hopper@example.com"),
            createdAt: new Date("2026-12-01T11:00:00Z"),
            actions: [action("Rockset", "grace.hopper@example.com"), action("Astronomer", "u-42")],
            coverage: { Rockset: complete, Astronomer: complete, Authress: forbidden }
          })
          const plan = yield* store.getPlan(planId)
          expect(plan.actions.map((a) => a.target)).toEqual(["grace.hopper@example.com", "u-42"])
          expect(plan.actions[1]?.account).toEqual({ key: "u-42", email: "Grace.Hopper@Example.com" })
          const runId = yield* store.startRun(planId, { operator: "oncall" })
          expect((yield* store.listRuns({ unfinished: true })).map((r) => r.id)).toEqual([runId])
          yield* store.recordIntent(runId, 0)
          yield* store.recordOutcome(runId, 0, { _tag: "Removed", verifiedAt: new Date("2026-12-01T11:00:05Z") })
          yield* store.recordOutcome(runId, 0, { _tag: "StillPresent", checkedAt: new Date() })
          yield* store.recordIntent(runId, 1)
          yield* store.recordOutcome(runId, 1, {
            _tag: "Failed",
            failure: new Failure.VendorFailure({
              vendor: "Astronomer",
              operation: "deleteOrgUser",
              reason: "ServiceUnavailable",
              message: "down",
              error: new Errors.ServiceUnavailable<never>(fields(503, "astro-1"))
            })
          })
          const running = yield* store.getRun(runId)
          expect(running.finishedAt).toBeUndefined()
          expect(running.operator).toBe("oncall")
          expect(running.journal.map((e) => [e.position, e.sends, e.outcome?._tag])).toEqual([[0, 1, "Removed"], [
            1,
            1,
            "Failed"
          ]])
          expect(running.journal[0]?.outcome).toEqual({ _tag: "Removed", verifiedAt: new Date("2026-12-01T11:00:05Z") })
          expect(running.journal[1]?.requestId).toBe("astro-1")
          expect([running.recorded, running.verified]).toEqual([2, 1])
          yield* store.finishRun(runId)
          expect(yield* store.listRuns({ unfinished: true })).toEqual([])
          expect((yield* store.listRuns()).map((r) => [r.id, r.email])).toEqual([[runId, "grace.hopper@example.com"]])
        })),
    engine.timeout
  )

  it.live(
    "history: every review, plan and run that touched a person, whatever the case of the address",
    () =>
      withStore(engine.database, (store) =>
        Effect.gen(function*() {
          const first = yield* store.saveReview(review([row("Rockset", "Grace.Hopper@Example.com", "admin")], {
            Rockset: complete
          }))
          yield* store.saveReview(review([row("Rockset", "ada@example.com", "admin")], { Rockset: complete }))
          const planId = yield* store.savePlan({
            email: email("grace.hopper@example.com"),
            createdAt: new Date(),
            actions: [action("Rockset", "grace.hopper@example.com")],
            coverage: { Rockset: complete }
          })
          const runId = yield* store.startRun(planId)
          const history = yield* store.history(" GRACE.HOPPER@example.com ")
          expect(history.reviews.map((r) => [r.review.id, r.rows.length])).toEqual([[first, 1]])
          expect(history.plans.map((p) => p.id)).toEqual([planId])
          expect(history.runs.map((r) => [r.id, r.journal.length])).toEqual([[runId, 1]])
        })),
    engine.timeout
  )

  it.live(
    "migrations: a database made by this version upgrades to the next; one from a newer version is refused",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* engine.database
        const open = (migrations: Migrations.Migrations) =>
          Effect.provide(Migrations.run(migrations), Database.layer({ url }))
        expect(yield* open(Migrations.migrations)).toEqual([[1, "initial"], [2, "runners"]])
        const next: Migrations.Migrations = {
          ...Migrations.migrations,
          "3_review_notes": Effect.flatMap(
            SqlClient.SqlClient,
            (sql) => sql`ALTER TABLE userkit_reviews ADD COLUMN notes TEXT`
          ).pipe(Effect.asVoid)
        }
        // The store's data survives the upgrade.
        const id = yield* Effect.provide(
          Effect.flatMap(Store.Store, (store) => store.saveReview(review([], { Rockset: complete }))),
          storeAt(url)
        )
        expect(yield* open(next)).toEqual([[3, "review_notes"]])
        const upgraded = yield* Effect.provide(
          Effect.flatMap(Store.Store, (store) => store.getReview(id)),
          storeAt(url, { migrations: next })
        )
        expect(upgraded.id).toBe(id)
        const refused = yield* Effect.flip(open(Migrations.migrations))
        expect(refused).toEqual(new Migrations.StoreTooNew({ database: 3, known: 2 }))
        expect(refused.message).toContain("newer userkit")
      })),
    engine.timeout
  )

  it.live(
    "a row naming something this version does not know fails typed, never read as something else",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* engine.database
        yield* Effect.gen(function*() {
          const store = yield* Store.Store
          const sql = yield* SqlClient.SqlClient
          const id = yield* store.saveReview(
            review([row("Rockset", "ada@example.com", "admin")], { Rockset: complete })
          )
          yield* sql`UPDATE userkit_review_rows SET vendor = 'Okta' WHERE review_id = ${id}`
          const failure = yield* Effect.flip(store.getReview(id))
          expect(failure._tag).toBe("StoreFailure")
          expect(failure.message).toContain("read the review")
        }).pipe(Effect.provide(Store.layer().pipe(Layer.provideMerge(Database.layer({ url })))))
      })),
    engine.timeout
  )

  it.live(
    "two clients opening a new database at once both open it (one creates the schema, the other waits)",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* engine.database
        const open = Effect.provide(Migrations.run(), Database.layer({ url }))
        const [a, b] = yield* Effect.all([open, open], { concurrency: 2 })
        expect([...a, ...b]).toEqual([[1, "initial"], [2, "runners"]])
      })),
    engine.timeout
  )
})
