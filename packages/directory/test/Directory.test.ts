import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as FakeServer from "@userkit/core/FakeServer"
import * as AccessReview from "@userkit/directory/AccessReview"
import * as Coverage from "@userkit/directory/Coverage"
import * as Directory from "@userkit/directory/Directory"
import * as Email from "@userkit/directory/Email"
import * as Fakes from "@userkit/directory/Fakes"
import * as Plan from "@userkit/directory/Plan"
import { Fake as RocksetFake } from "@userkit/rockset"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import { withClock, withDirectory } from "./helpers.js"

const outcomes = (report: Plan.Report) =>
  report.results.map(({ action, outcome }) => `${action.vendor} ${action.scope.type} ${outcome._tag}`)

describe("Directory", () => {
  it.effect("finds every identity of a person, Authress's several included", () =>
    withDirectory({ people: 30 }, (directory) =>
      Effect.gen(function*() {
        const { coverage, identities } = yield* directory.find(Fakes.demoEmail)
        assert.isTrue(Coverage.isComplete(coverage))
        assert.deepStrictEqual(Object.keys(coverage).sort(), ["Astronomer", "Authress", "Rockset", "TileDB"])
        assert.deepStrictEqual(
          identities.map((user) => `${user.vendor} ${user.key}`).sort(),
          [
            "Astronomer usr-00000",
            "Authress github|ada.lovelace",
            "Authress google-oauth2|100000",
            "Rockset ada.lovelace@example.com",
            "TileDB ada.lovelace"
          ]
        )
        const astronomer = identities.find((user) => user.vendor === "Astronomer")
        assert.deepStrictEqual(
          astronomer?.roles.map((role) => `${role.scope.type}:${role.scope.id}=${role.role}`).sort(),
          [
            "organization:org-userkit=ORGANIZATION_MEMBER",
            "workspace:ws-analytics=WORKSPACE_OPERATOR",
            "workspace:ws-userkit=WORKSPACE_MEMBER"
          ]
        )
      })))

  it.effect("TileDB: a username whose member has another email is not the person", () =>
    withDirectory({ people: 30 }, (directory) =>
      Effect.gen(function*() {
        const { identities } = yield* directory.find("alan.turing@example.com")
        assert.deepStrictEqual(identities.map((user) => user.vendor).sort(), ["Astronomer", "Authress", "Rockset"])
      })))

  it.effect("plans workspaces before the organization, changes nothing, and prints", () =>
    withDirectory({ people: 30 }, (directory, organisation) =>
      Effect.gen(function*() {
        const plan = yield* directory.planOffboarding(Fakes.demoEmail)
        assert.deepStrictEqual(
          plan.actions.filter((action) => action.vendor === "Astronomer").map((action) => action.scope.type),
          [
            "workspace",
            "workspace",
            "organization"
          ]
        )
        assert.strictEqual(plan.actions.length, 7)
        assert.include(Plan.render(plan), "Rockset    delete-user       ada.lovelace@example.com")
        assert.isTrue((yield* organisation.rockset.users).some((user) => user.email === Fakes.demoEmail))
      })))

  it.effect("offboarding twice: removed and verified, then every action already absent", () =>
    withDirectory({ people: 30 }, (directory) =>
      Effect.gen(function*() {
        const plan = yield* directory.planOffboarding(Fakes.demoEmail)
        const first = yield* directory.apply(plan)
        assert.deepStrictEqual(new Set(first.results.map(({ outcome }) => outcome._tag)), new Set(["Removed"]))
        assert.isTrue(first.results.every(({ outcome }) => Plan.isVerified(outcome)))
        const second = yield* directory.apply(plan, { drift: "proceed" })
        assert.strictEqual(second.results.length, plan.actions.length)
        assert.deepStrictEqual(new Set(second.results.map(({ outcome }) => outcome._tag)), new Set(["AlreadyAbsent"]))
        assert.deepStrictEqual((yield* directory.find(Fakes.demoEmail)).identities, [])
        // Applied again without `proceed`, the old plan has drifted: every account is gone.
        const drift = yield* Effect.flip(directory.apply(plan))
        assert.strictEqual(drift._tag, "PlanDrift")
        assert.strictEqual(drift.removed.length, plan.actions.length)
      })))

  it.effect("a Forbidden from one vendor leaves the others removed", () =>
    withDirectory({
      people: 30,
      admit: {
        tiledb: (operation) =>
          operation === "deleteUserFromOrganization"
            ? FakeServer.fail(403, "only owners may remove members")
            : Effect.void
      }
    }, (directory) =>
      Effect.gen(function*() {
        const report = yield* directory.apply(yield* directory.planOffboarding(Fakes.demoEmail))
        const tiledb = report.results.find(({ action }) => action.vendor === "TileDB")?.outcome
        assert.strictEqual(tiledb?._tag, "Failed")
        if (tiledb?._tag !== "Failed") return
        assert.strictEqual(tiledb.failure.reason, "Forbidden")
        assert.strictEqual(tiledb.failure.message, "only owners may remove members")
        assert.deepStrictEqual(
          new Set(report.results.filter(({ action }) => action.vendor !== "TileDB").map(({ outcome }) => outcome._tag)),
          new Set(["Removed"])
        )
        assert.include(Plan.renderReport(report), "FAILED Forbidden: only owners may remove members")
      })))

  it.effect("an interrupted apply leaves a record of what was done", () =>
    Effect.gen(function*() {
      const hung = yield* Deferred.make<undefined>()
      const recorded = yield* Ref.make<ReadonlyArray<Plan.Result>>([])
      const othersDone = yield* Deferred.make<undefined>()
      yield* withDirectory({
        people: 30,
        // Astronomer's organization removal never answers: the apply must be interrupted.
        admit: { astronomer: (operation) => operation === "deleteOrgUser" ? Deferred.await(hung) : Effect.void }
      }, (directory, organisation) =>
        Effect.gen(function*() {
          const plan = yield* directory.planOffboarding(Fakes.demoEmail)
          const fiber = yield* Effect.fork(directory.apply(plan, {
            onResult: (result) =>
              Effect.flatMap(
                Ref.updateAndGet(recorded, (results) => [...results, result]),
                (results) =>
                  results.length === plan.actions.length - 1 ? Deferred.succeed(othersDone, undefined) : Effect.void
              )
          }))
          yield* Deferred.await(othersDone)
          yield* Fiber.interrupt(fiber)
          const results = yield* Ref.get(recorded)
          assert.strictEqual(results.length, plan.actions.length - 1)
          assert.isFalse(
            results.some(({ action }) => action.vendor === "Astronomer" && action.scope.type === "organization")
          )
          assert.deepStrictEqual(new Set(results.map(({ outcome }) => outcome._tag)), new Set(["Removed"]))
          assert.isFalse((yield* organisation.rockset.users).some((user) => user.email === Fakes.demoEmail))
        }))
    }))

  it.effect("an action for a vendor the directory does not span fails, unverified, without a call", () =>
    Effect.gen(function*() {
      const organisation = yield* Fakes.make({ people: 5 })
      const plan: Plan.Plan = {
        email: Email.either(Fakes.demoEmail).pipe(Either.getOrThrow),
        createdAt: new Date(0),
        actions: [{
          vendor: "Rockset",
          scope: { type: "organization", id: "self" },
          action: "delete-user",
          target: Fakes.demoEmail,
          account: { key: Fakes.demoEmail, email: Fakes.demoEmail }
        }],
        coverage: {}
      }
      const report = yield* Effect.flatMap(
        Directory.Directory,
        (directory) => directory.apply(plan, { drift: "proceed" })
      ).pipe(
        Effect.provide(Directory.layer({ authress: organisation.directory.authress })),
        Effect.provide(Fakes.layer(organisation))
      )
      assert.deepStrictEqual(outcomes(report), ["Rockset organization Failed"])
      assert.isTrue((yield* organisation.rockset.users).some((user) => user.email === Fakes.demoEmail))
    }))

  it.effect(
    "an access review of 1,000 people per listing vendor keeps every quota, with none refused",
    () =>
      withDirectory({ people: 1000, quotas: { scale: 1 } }, (directory, organisation) =>
        Effect.gen(function*() {
          const review = yield* withClock(directory.accessReview(), "100 millis")
          assert.isTrue(Coverage.isComplete(review.coverage))
          const vendorsOf = (vendor: string) =>
            new Set(review.rows.filter((row) => row.vendor === vendor).map((row) => row.key)).size
          assert.isAtLeast(vendorsOf("Rockset"), 1000)
          assert.isAtLeast(vendorsOf("Authress"), 1000)
          assert.isAtLeast(vendorsOf("Astronomer"), 1000)
          // Every member of the TileDB organization: the people, Alan Turing's namesake and the owner.
          assert.strictEqual(
            vendorsOf("TileDB"),
            organisation.people.filter((p) => p.tiledbUsername !== undefined && !p.email.startsWith("alan.turing@"))
              .length + 2
          )
          for (
            const quota of [organisation.quotas.rockset, organisation.quotas.authress, organisation.quotas.astronomer]
          ) {
            const counts = yield* (quota?.counts ?? Effect.die("no quota"))
            for (const count of Object.values(counts)) {
              assert.strictEqual(count.refused, 0)
              assert.isAtMost(count.maxInWindow, count.limit)
            }
          }
          // Astronomer's 1,000 detail reads at 25/s are the long pole: 40 s of quota time.
          const astronomer = yield* (organisation.quotas.astronomer?.counts ?? Effect.die("no quota"))
          assert.strictEqual(astronomer.read?.admitted, 1001 + 11)
        })),
    { timeout: 60_000 }
  )

  it.effect(
    "without client limits the same review goes over the fakes' quotas (so the count can fail)",
    () =>
      withDirectory({ people: 300, quotas: { scale: 1 } }, (_, organisation) =>
        Effect.gen(function*() {
          const unlimited = yield* Directory.make({ astronomer: organisation.directory.astronomer }).pipe(
            Effect.provide(
              Fakes.layer({ ...organisation, rateLimit: { ...organisation.rateLimit, astronomer: false } })
            )
          )
          const review = yield* withClock(unlimited.accessReview())
          // The client's retries absorb the refusals; the fake counted them.
          assert.isTrue(Coverage.isComplete(review.coverage))
          assert.isAbove(
            (yield* (organisation.quotas.astronomer?.counts ?? Effect.die("no quota"))).read?.refused ?? 0,
            0
          )
        })),
    { timeout: 60_000 }
  )

  it.effect("renders the review as CSV and JSON", () =>
    withDirectory({ people: 30 }, (directory) =>
      Effect.gen(function*() {
        const review = yield* directory.accessReview()
        const csv = AccessReview.toCsv(review)
        const [header, ...lines] = csv.trimEnd().split("\r\n")
        assert.strictEqual(header, "vendor,key,email,name,status,scopeType,scopeId,role")
        assert.strictEqual(lines.length, review.rows.length)
        assert.include(
          csv,
          "Astronomer,usr-00000,ada.lovelace@example.com,Ada Lovelace,ACTIVE,workspace,ws-analytics,WORKSPACE_OPERATOR"
        )
        assert.deepStrictEqual(JSON.parse(AccessReview.toJson(review)).rows.length, review.rows.length)
      })))

  it.effect("streams users of every listing vendor lazily", () =>
    withDirectory({ people: 300, quotas: { scale: 1 } }, (directory, organisation) =>
      Effect.gen(function*() {
        assert.deepStrictEqual(directory.vendors, ["Rockset", "Authress", "Astronomer", "TileDB"])
        const first = yield* withClock(Stream.runCollect(Stream.take(directory.users, 5)))
        assert.strictEqual(first.length, 5)
        const astronomer = yield* (organisation.quotas.astronomer?.counts ?? Effect.die("no quota"))
        assert.isBelow(astronomer.read?.admitted ?? 0, 20)
      })))
})

describe("Directory apply, when an answer is lost", () => {
  it.effect("a removal whose first attempt went through but whose answer was lost is already absent, not failed", () =>
    Effect.gen(function*() {
      const fake = yield* RocksetFake.make({ users: [{ email: Fakes.demoEmail, roles: ["member"] }] })
      let deletes = 0
      // The first DELETE reaches the fake (the user is deleted) but its answer is replaced by a 503.
      const lossy = HttpClient.transformResponse(
        fake.httpClient,
        (response) =>
          Effect.map(response, (answer) =>
            answer.request.method === "DELETE" && deletes++ === 0
              ? HttpClientResponse.fromWeb(answer.request, new Response(null, { status: 503 }))
              : answer)
      )
      const report = yield* Effect.flatMap(
        Directory.Directory,
        (directory) => Effect.flatMap(directory.planOffboarding(Fakes.demoEmail), (plan) => directory.apply(plan))
      ).pipe(
        Effect.provide(Directory.layer({ rockset: {} })),
        Effect.provide(Fakes.clients({}, { rockset: false }).rockset),
        Effect.provide(Layer.succeed(HttpClient.HttpClient, lossy)),
        withClock
      )
      assert.strictEqual(deletes, 2)
      assert.deepStrictEqual(outcomes(report), ["Rockset organization AlreadyAbsent"])
    }))
})
