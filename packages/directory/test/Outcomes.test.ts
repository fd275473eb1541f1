import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import * as Plan from "@userkit/directory/Plan"
import { Fake as RocksetFake, RocksetUsers } from "@userkit/rockset"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { answer, counting, forward, on, type Seen, serveWithFaults, withFaults } from "./faults.js"
import { withClock } from "./helpers.js"

const outcomeOf = (report: Plan.Report, vendor: Plan.Action["vendor"]) =>
  report.results.find(({ action }) => action.vendor === vendor)?.outcome

const html404 = answer(404, "<html><body><h1>404 Not Found</h1></body></html>", { "content-type": "text/html" })

describe("Verified outcomes (issue 20, finding 4)", () => {
  it.effect("a 404 route-not-found on a removal is not 'already absent': the account is still there", () =>
    withFaults(
      { people: 5 },
      on("rockset", "DELETE", () => html404),
      (directory, organisation) =>
        Effect.gen(function*() {
          const report = yield* directory.apply(yield* directory.planOffboarding(Fakes.demoEmail))
          const rockset = outcomeOf(report, "Rockset")
          assert.strictEqual(rockset?._tag, "Failed")
          assert.strictEqual(rockset?._tag === "Failed" ? rockset.failure.reason : undefined, "NotFound")
          assert.isFalse(rockset !== undefined && Plan.isVerified(rockset))
          assert.isTrue((yield* organisation.rockset.users).some((user) => user.email === Fakes.demoEmail))
          assert.include(Plan.renderReport(report), "FAILED NotFound")
        })
    ))

  it.scopedLive("over a socket: an HTML 404 page answering the DELETE leaves the user, reported Failed", () =>
    Effect.gen(function*() {
      const fake = yield* RocksetFake.make({ users: [{ email: Fakes.demoEmail, roles: ["member"] }] })
      const url = yield* serveWithFaults(
        fake,
        "rockset",
        (request) => Effect.succeed(request.method === "DELETE" ? html404 : forward)
      )
      const report = yield* Effect.flatMap(
        Directory.Directory,
        (directory) => Effect.flatMap(directory.planOffboarding(Fakes.demoEmail), (plan) => directory.apply(plan))
      ).pipe(
        Effect.provide(Directory.layer({ rockset: {} })),
        Effect.provide(RocksetUsers.layer({
          apiKey: Redacted.make(RocksetFake.defaultApiKey),
          baseUrl: url,
          retry: false,
          rateLimit: false
        })),
        Effect.provide(FetchHttpClient.layer)
      )
      assert.deepStrictEqual(report.results.map(({ outcome }) => outcome._tag), ["Failed"])
      assert.isTrue((yield* fake.users).some((user) => user.email === Fakes.demoEmail))
    }))

  it.effect("a 204 that removed nothing is StillPresent, not done", () =>
    withFaults({ people: 5 }, on("tiledb", "DELETE", () => answer(204)), (directory) =>
      Effect.gen(function*() {
        const report = yield* directory.apply(yield* directory.planOffboarding(Fakes.demoEmail))
        assert.strictEqual(outcomeOf(report, "TileDB")?._tag, "StillPresent")
        assert.strictEqual(outcomeOf(report, "Rockset")?._tag, "Removed")
        assert.include(Plan.renderReport(report), "STILL PRESENT")
      })))

  it.effect("Authress accepting (202) but still showing the user is Pending, with when it was seen", () =>
    withFaults({ people: 5 }, on("authress", "DELETE", () => answer(202)), (directory) =>
      Effect.gen(function*() {
        const report = yield* directory.apply(yield* directory.planOffboarding(Fakes.demoEmail))
        const authress = report.results.filter(({ action }) => action.vendor === "Authress")
        assert.isAbove(authress.length, 0)
        for (const { outcome } of authress) {
          assert.strictEqual(outcome._tag, "Pending")
          assert.instanceOf(outcome._tag === "Pending" ? outcome.lastSeenAt : undefined, Date)
        }
      })))

  it.effect("a 404 saying 'user does not exist' while the user exists is Failed: the lookup decides", () =>
    withFaults(
      { people: 5 },
      on("authress", "DELETE", (_, request) =>
        answer(
          404,
          JSON.stringify({
            title: `user ${decodeURIComponent(request.url.pathname.split("/").pop() ?? "")} does not exist`
          }),
          { "content-type": "application/json" }
        )),
      (directory, organisation) =>
        Effect.gen(function*() {
          const report = yield* directory.apply(yield* directory.planOffboarding(Fakes.demoEmail))
          assert.strictEqual(outcomeOf(report, "Authress")?._tag, "Failed")
          assert.isTrue((yield* organisation.authress.users).some((user) => user.email === Fakes.demoEmail))
        })
    ))

  it.effect("a removal whose lookup gets a 404 route-not-found is Unverified, never Removed", () =>
    withFaults(
      { people: 5 },
      (request) =>
        Effect.succeed(
          request.vendor === "authress" && request.method === "GET" && /^\/v1\/users\/[^/]+$/.test(request.url.pathname)
            ? html404
            : forward
        ),
      (directory) =>
        Effect.gen(function*() {
          const report = yield* directory.apply(yield* directory.planOffboarding(Fakes.demoEmail))
          const authress = outcomeOf(report, "Authress")
          assert.strictEqual(authress?._tag, "Unverified")
          assert.include(Plan.renderReport(report), "UNVERIFIED")
        })
    ))

  it.effect("apply plans again and refuses drift, sending nothing; `proceed` runs the old plan", () => {
    const seen: Array<Seen> = []
    return withFaults({ people: 5 }, counting(seen), (directory, organisation) =>
      Effect.gen(function*() {
        const plan = yield* directory.planOffboarding(Fakes.demoEmail)
        yield* organisation.authress.putUser({ userId: "saml|ada", name: "Ada", email: "ADA.LOVELACE@example.com" })
        const drift = yield* Effect.flip(directory.apply(plan))
        assert.strictEqual(drift._tag, "PlanDrift")
        assert.deepStrictEqual(drift.added.map((action) => action.target), ["saml|ada"])
        assert.deepStrictEqual(drift.removed, [])
        assert.isFalse(seen.some((request) => request.method === "DELETE"))
        const report = yield* directory.apply(plan, { drift: "proceed" })
        assert.strictEqual(report.results.length, plan.actions.length)
        assert.isTrue((yield* organisation.authress.users).some((user) => user.userId === "saml|ada"))
      }))
  })

  it.effect("onSent sees each action before its removal is sent, onResult after", () => {
    const events: Array<string> = []
    return withFaults(
      { people: 5 },
      (request) =>
        Effect.sync(() => {
          if (request.method === "DELETE") events.push(`sent ${decodeURIComponent(request.url.pathname)}`)
          return forward
        }),
      (directory) =>
        Effect.gen(function*() {
          const plan = yield* directory.planOffboarding(Fakes.demoEmail)
          yield* directory.apply(plan, {
            onSent: (action) => Effect.sync(() => events.push(`intent ${action.vendor} ${action.target}`)),
            onResult: ({ action, outcome }) => Effect.sync(() => events.push(`${outcome._tag} ${action.target}`))
          })
          const sends = events.filter((event) => event.startsWith("sent "))
          assert.strictEqual(sends.length, plan.actions.length)
          for (const [i, event] of events.entries()) {
            if (!event.startsWith("sent ")) continue
            // Vendors run at once: some earlier intent names this request's target.
            const intents = events.slice(0, i).filter((earlier) => earlier.startsWith("intent "))
            assert.isTrue(intents.some((intent) => event.includes(intent.split(" ").pop() ?? "-")), event)
          }
        })
    )
  })

  it.effect("a removal answered 500 is Failed while the account is there; sent again, Removed", () =>
    withFaults(
      { people: 5 },
      on("rockset", "DELETE", (n) => n === 0 ? answer(500) : forward),
      (directory) =>
        Effect.gen(function*() {
          const plan = yield* directory.planOffboarding(Fakes.demoEmail)
          const report = yield* directory.apply(plan)
          assert.strictEqual(outcomeOf(report, "Rockset")?._tag, "Failed")
          const rockset = plan.actions.find((action) => action.vendor === "Rockset")
          assert.isDefined(rockset)
          if (rockset !== undefined) assert.strictEqual((yield* directory.remove(rockset))._tag, "Removed")
        })
    ))

  it.effect("a 503 then success (the client retries) is Removed, verified", () =>
    withFaults(
      { people: 5 },
      on("tiledb", "DELETE", (n) => n === 0 ? answer(503) : forward),
      (directory) =>
        Effect.gen(function*() {
          const report = yield* withClock(
            Effect.flatMap(directory.planOffboarding(Fakes.demoEmail), (plan) => directory.apply(plan))
          )
          assert.strictEqual(outcomeOf(report, "TileDB")?._tag, "Removed")
        })
    ))
})
