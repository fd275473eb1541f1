import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { AstronomerUsers, Fake as AstronomerFake } from "@userkit/astronomer"
import { AuthressUsers } from "@userkit/authress"
import * as CoreErrors from "@userkit/core/Errors"
import { RocksetUsers } from "@userkit/rockset"
import { Fake as TileDBFake, TileDBUsers } from "@userkit/tiledb"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { offboard, type Person } from "../offboarding/Offboard.js"
import { demoEmail, vendors } from "../offboarding/Vendors.js"

const ada: Person = {
  email: demoEmail,
  astronomerOrganization: AstronomerFake.defaultOrganizationId,
  tiledbOrganization: TileDBFake.defaultOrganization,
  tiledbUsername: "ada.lovelace"
}

// What each vendor still holds of the person, asked through the same clients.
const stillThere = Effect.gen(function*() {
  const rockset = yield* Effect.match((yield* RocksetUsers.RocksetUsers).get(ada.email), {
    onFailure: (error) => error._tag !== "NotFound",
    onSuccess: () => true
  })
  const authress = yield* (yield* AuthressUsers.AuthressUsers).getUsersStream({ filter: ada.email }).pipe(
    Stream.runCollect,
    Effect.map((users) => Chunk.some(users, (user) => user.email === ada.email))
  )
  const astronomer = yield* (yield* AstronomerUsers.AstronomerUsers).listOrgUsersStream(ada.astronomerOrganization)
    .pipe(
      Stream.runCollect,
      Effect.map((users) => Chunk.some(users, (user) => user.username === ada.email))
    )
  const tiledb = yield* Effect.match(
    (yield* TileDBUsers.TileDBUsers).getOrganizationUser(ada.tiledbOrganization, ada.tiledbUsername),
    { onFailure: (error) => error._tag !== "NotFound", onSuccess: () => true }
  )
  return { rockset, authress, astronomer, tiledb }
})

describe("offboarding against the four fakes", () => {
  it.live("removes the person everywhere; a second run finds them nowhere", () =>
    Effect.gen(function*() {
      const { layer, sources } = yield* vendors({})
      assert.deepStrictEqual(Object.values(sources).map((source) => source._tag), ["Fake", "Fake", "Fake", "Fake"])
      yield* Effect.gen(function*() {
        assert.deepStrictEqual(yield* stillThere, { rockset: true, authress: true, astronomer: true, tiledb: true })

        const dry = yield* offboard(ada, { dryRun: true })
        assert.deepStrictEqual(dry.map((report) => report.outcome._tag), ["Found", "Found", "Found", "Found"])
        assert.deepStrictEqual(yield* stillThere, { rockset: true, authress: true, astronomer: true, tiledb: true })

        const first = yield* offboard(ada, { dryRun: false })
        assert.deepStrictEqual(first.map((report) => [report.vendor, report.outcome._tag]), [
          ["Rockset", "Removed"],
          ["Authress", "Removed"],
          ["Astronomer", "Removed"],
          ["TileDB", "Removed"]
        ])
        assert.deepStrictEqual(yield* stillThere, { rockset: false, authress: false, astronomer: false, tiledb: false })

        const second = yield* offboard(ada, { dryRun: false })
        assert.deepStrictEqual(second.map((report) => report.outcome._tag), [
          "NotPresent",
          "NotPresent",
          "NotPresent",
          "NotPresent"
        ])
      }).pipe(Effect.provide(layer))
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)), { timeout: 30_000 })

  it.live(
    "one vendor failing never stops the others, and Forbidden carries the vendor's message",
    () =>
      Effect.gen(function*() {
        const { layer } = yield* vendors({})
        const forbidden = new CoreErrors.Forbidden({
          vendor: "Rockset",
          operation: "get",
          method: "GET",
          route: "/v1/orgs/self/users/{user}",
          status: 403,
          message: "Rockset.get: 403 Forbidden",
          body: { message: "this key may not read users" },
          bodyText: undefined,
          requestId: undefined,
          retryAfter: undefined
        })
        const reports = yield* offboard(ada, { dryRun: false }).pipe(
          Effect.provide(Layer.merge(layer, RocksetUsers.layerTest({ get: () => Effect.fail(forbidden) })))
        )
        assert.deepStrictEqual(reports[0].outcome, {
          _tag: "Failed",
          reason: "Forbidden",
          detail: "this key may not read users"
        })
        assert.deepStrictEqual(reports.slice(1).map((report) => report.outcome._tag), ["Removed", "Removed", "Removed"])
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    { timeout: 30_000 }
  )
})
