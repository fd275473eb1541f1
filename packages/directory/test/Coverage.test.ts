import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as AccessReview from "@userkit/directory/AccessReview"
import * as Coverage from "@userkit/directory/Coverage"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import * as Plan from "@userkit/directory/Plan"
import { Fake as TileDBFake, TileDBUsers } from "@userkit/tiledb"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { answer, counting, forward, type Seen, serveWithFaults, withFaults } from "./faults.js"
import { withClock, withDirectory } from "./helpers.js"

const tags = (coverage: Coverage.ByVendor): Record<string, string> =>
  Object.fromEntries(Coverage.entries(coverage).map(([vendor, entry]) => [vendor, entry._tag]))

const allComplete: Record<string, string> = {
  Rockset: "Complete",
  Authress: "Complete",
  Astronomer: "Complete",
  TileDB: "Complete"
}

describe("Coverage (issue 20, finding 9)", () => {
  it.effect("the review lists TileDB's organization whole, TileDB-only members included, and says so", () =>
    withDirectory({ people: 30 }, (directory) =>
      Effect.gen(function*() {
        const review = yield* directory.accessReview()
        assert.deepStrictEqual(tags(review.coverage), allComplete)
        assert.isTrue(
          review.rows.some((row) => row.vendor === "TileDB" && row.email === "alan.turing@elsewhere.example")
        )
        assert.isAtMost(review.startedAt.getTime(), review.finishedAt.getTime())
        const users = Chunk.toReadonlyArray(yield* Stream.runCollect(directory.users))
        assert.isTrue(users.some((user) => user.vendor === "TileDB" && user.key === "alan.turing"))
        assert.deepStrictEqual(JSON.parse(AccessReview.toJson(review)).coverage.TileDB, { _tag: "Complete" })
      })))

  it.effect("a TileDB member whose email is not disclosed makes TileDB's coverage Partial, with the reason", () =>
    withDirectory({ people: 10 }, (directory, organisation) =>
      Effect.gen(function*() {
        yield* Effect.gen(function*() {
          const users = yield* TileDBUsers.TileDBUsers
          yield* users.createUser({
            username: "no-email",
            name: "Nameless",
            password: Redacted.make("a long password")
          })
          yield* users.addUserToOrganization(TileDBFake.defaultOrganization, { username: "no-email" })
        }).pipe(
          Effect.provide(TileDBUsers.layer({ apiKey: Redacted.make(TileDBFake.defaultApiKey), rateLimit: false })),
          Effect.provide(organisation.tiledb.layer)
        )
        const review = yield* directory.accessReview()
        const tiledb = review.coverage.TileDB
        assert.strictEqual(tiledb?._tag, "Partial")
        assert.include(tiledb?._tag === "Partial" ? tiledb.reason : "", "does not disclose")
        assert.isTrue(review.rows.some((row) => row.key === "no-email" && row.email === ""))
        const found = yield* directory.find(Fakes.demoEmail)
        assert.strictEqual(found.coverage.TileDB?._tag, "Partial")
        assert.include(Plan.render(yield* directory.planOffboarding(Fakes.demoEmail)), "TileDB     PARTIAL")
      })))

  it.effect("an Astronomer member whose details cannot be read keeps their listed row, and the coverage says so", () =>
    withFaults(
      { people: 10 },
      (request) =>
        Effect.succeed(
          request.vendor === "astronomer" && request.url.pathname.endsWith("/users/usr-00001") ? answer(500) : forward
        ),
      (directory) =>
        Effect.gen(function*() {
          const review = yield* directory.accessReview()
          const astronomer = review.coverage.Astronomer
          assert.strictEqual(astronomer?._tag, "Partial")
          assert.include(astronomer?._tag === "Partial" ? astronomer.reason : "", "workspace roles of 1 member(s)")
          assert.deepStrictEqual(
            review.rows.filter((row) => row.key === "usr-00001").map((row) => row.scopeType),
            ["organization"]
          )
        })
    ))

  it.effect("a vendor that could not be set up is Failed everywhere and never called", () => {
    const seen: Array<Seen> = []
    return withFaults(
      { people: 5 },
      counting(seen),
      (directory) =>
        Effect.gen(function*() {
          assert.deepStrictEqual(directory.vendors, ["Rockset", "Authress", "Astronomer", "TileDB"])
          const found = yield* directory.find(Fakes.demoEmail)
          assert.strictEqual(found.coverage.Authress?._tag, "Failed")
          assert.include(
            found.coverage.Authress?._tag === "Failed" ? found.coverage.Authress.reason : "",
            "AUTHRESS_ACCESS_KEY is malformed"
          )
          const review = yield* directory.accessReview()
          assert.deepStrictEqual(tags(review.coverage), { ...allComplete, Authress: "Failed" })
          const plan = yield* directory.planOffboarding(Fakes.demoEmail)
          const authressAction: Plan.Action = {
            vendor: "Authress",
            scope: { type: "organization", id: "account" },
            action: "delete-user",
            target: "google-oauth2|100000",
            account: { key: "google-oauth2|100000", email: Fakes.demoEmail }
          }
          const report = yield* directory.apply({ ...plan, actions: [...plan.actions, authressAction] })
          const authress = report.results.find(({ action }) => action.vendor === "Authress")?.outcome
          assert.strictEqual(authress?._tag === "Failed" ? authress.failure.reason : undefined, "Unavailable")
          assert.isFalse(seen.some((request) => request.vendor === "authress"))
        }),
      { unavailable: { Authress: "AUTHRESS_ACCESS_KEY is malformed" } }
    )
  })

  it.effect("a vendor that keeps failing is given up for the run after `breaker.failures` failures", () => {
    const seen: Array<Seen> = []
    let down = false
    return withFaults(
      { people: 5 },
      counting(seen, (request) => Effect.succeed(down && request.vendor === "astronomer" ? answer(503) : forward)),
      (directory) =>
        Effect.gen(function*() {
          const plan = yield* directory.planOffboarding(Fakes.demoEmail)
          down = true
          const before = seen.filter((request) => request.vendor === "astronomer").length
          const report = yield* withClock(directory.apply(plan))
          const astronomer = report.results.filter(({ action }) => action.vendor === "Astronomer")
          assert.strictEqual(astronomer.length, 3)
          assert.deepStrictEqual(
            astronomer.map(({ outcome }) => outcome._tag === "Failed" ? outcome.failure.reason : outcome._tag),
            // Astronomer documents no 503: an UnexpectedStatus, retried and counted like a 5xx.
            ["UnexpectedStatus", "GivenUp", "GivenUp"]
          )
          assert.strictEqual(report.coverage.Astronomer?._tag, "Failed")
          // The re-plan's search, then the first removal and its lookup: 3 calls of 4 attempts each.
          assert.strictEqual(seen.filter((request) => request.vendor === "astronomer").length - before, 12)
          assert.deepStrictEqual(
            report.results.filter(({ action }) => action.vendor !== "Astronomer").map(({ outcome }) => outcome._tag),
            ["Removed", "Removed", "Removed", "Removed"]
          )
        }),
      { breaker: { failures: 3 } }
    )
  })

  it.effect("a vendor that hangs fails at the call deadline; the review reports it and the others", () =>
    withFaults(
      { people: 30 },
      (request) => Effect.succeed(request.vendor === "tiledb" ? { _tag: "Hang" } : forward),
      (directory) =>
        Effect.gen(function*() {
          const review = yield* withClock(directory.accessReview(), "1 second")
          assert.deepStrictEqual(tags(review.coverage), { ...allComplete, TileDB: "Failed" })
          const tiledb = review.coverage.TileDB
          assert.strictEqual(tiledb?._tag === "Failed" ? tiledb.failure?.reason : undefined, "TimeoutError")
          assert.isAtMost(review.finishedAt.getTime() - review.startedAt.getTime(), 20_000)
        })
    ))

  it.scopedLive(
    "over sockets: with TileDB's server hanging, a review over the fakes on 127.0.0.1 ends in seconds",
    () =>
      Effect.gen(function*() {
        const organisation = yield* Fakes.make({ people: 30 })
        const urls = yield* Fakes.serve(organisation)
        const tiledb = yield* serveWithFaults(organisation.tiledb, "tiledb", () => Effect.succeed({ _tag: "Hang" }))
        const clients = Fakes.clients({ ...urls, tiledb: `${tiledb}${TileDBFake.basePath}` }, {
          rockset: false,
          authress: false,
          astronomer: false,
          tiledb: false
        })
        const started = Date.now()
        const review = yield* Effect.flatMap(Directory.Directory, (directory) => directory.accessReview()).pipe(
          Effect.provide(Directory.layer({ ...organisation.directory, callDeadline: "1 second" })),
          Effect.provide(
            Layer.mergeAll(clients.rockset, Layer.orDie(clients.authress), clients.astronomer, clients.tiledb)
          ),
          Effect.provide(FetchHttpClient.layer)
        )
        assert.deepStrictEqual(tags(review.coverage), { ...allComplete, TileDB: "Failed" })
        assert.isBelow(Date.now() - started, 4_000)
      }),
    { timeout: 10_000 }
  )
})
