import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import { at, errorJson, mockLayer, queryValue, recordedFake, seedOrganization, userJson } from "./helpers.js"

const ids = (count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => `usr-${String(from + i).padStart(3, "0")}`)

describe("streams", () => {
  it.effect("acceptance: 250 users with limit 20 take exactly 13 requests, each user once, in order", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* recordedFake(seedOrganization(250))
      const users = yield* Effect.provide(
        Stream.runCollect(
          Stream.unwrap(
            Effect.map(
              AstronomerUsers.AstronomerUsers,
              (service) => service.listOrgUsersStream("org-big", { limit: 20 })
            )
          )
        ),
        layer
      )
      assert.strictEqual(sent.length, 13)
      assert.deepStrictEqual(Chunk.toArray(users).map((user) => user.id), ids(250))
      assert.deepStrictEqual(
        sent.map((request) => queryValue(request.query, "offset")),
        Array.from({ length: 13 }, (_, i) => String(i * 20))
      )
      assert.isTrue(sent.every((request) => queryValue(request.query, "limit") === "20"))
      assert.isTrue(sent.every((request) => request.path === "/v1alpha1/organizations/org-big/users"))
    }))

  it.effect("maxPages: a listing longer than maxPages pages fails TooManyPages, never sending the extra page", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* recordedFake(seedOrganization(250))
      const failure = yield* Effect.provide(
        Effect.flip(Stream.runDrain(Stream.unwrap(Effect.map(
          AstronomerUsers.AstronomerUsers,
          (service) => service.listOrgUsersStream("org-big", { limit: 20, maxPages: 2 })
        )))),
        layer
      )
      assert.strictEqual(failure._tag === "PaginationError" ? failure.reason : failure._tag, "TooManyPages")
      assert.strictEqual(sent.length, 2)
      assert.isTrue(sent.every((request) => queryValue(request.query, "maxPages") === undefined))
    }))

  it.effect("pages are fetched lazily: 5 users take 1 request, 21 take 2", () =>
    Effect.gen(function*() {
      const { collect, sent } = yield* recordedFake(seedOrganization(250))
      const take = (n: number) => collect((service) => Stream.take(service.listOrgUsersStream("org-big"), n))
      const five = yield* take(5)
      assert.strictEqual(Chunk.size(five), 5)
      assert.strictEqual(sent.length, 1)
      const more = yield* take(21)
      assert.deepStrictEqual(Chunk.toArray(more).map((user) => user.id), ids(21))
      assert.strictEqual(sent.length, 3)
    }))

  it.effect("the workspace stream walks its own listing, keeping sorts and search on every page", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* recordedFake(seedOrganization(60, "org-big", 45))
      const users = yield* Effect.provide(
        Effect.flatMap(AstronomerUsers.AstronomerUsers, (service) =>
          Stream.runCollect(
            service.listWorkspaceUsersStream("org-big", "ws-big", {
              limit: 20,
              sorts: ["username:desc"],
              search: "user0"
            })
          )),
        layer
      )
      // user001…user045 are members; `user0` matches them all; sorted by username, descending.
      assert.deepStrictEqual(Chunk.toArray(users).map((user) => user.id), ids(45).reverse())
      assert.strictEqual(sent.length, 3)
      for (const request of sent) {
        assert.strictEqual(request.path, "/v1alpha1/organizations/org-big/workspaces/ws-big/users")
        assert.strictEqual(queryValue(request.query, "sorts"), "username:desc")
        assert.strictEqual(queryValue(request.query, "search"), "user0")
      }
    }))

  it.effect("a start offset skips users; an empty organization takes one request", () =>
    Effect.gen(function*() {
      const { collect, sent } = yield* recordedFake(seedOrganization(50))
      const rest = yield* collect((service) => service.listOrgUsersStream("org-big", { offset: 45, limit: 2 }))
      assert.deepStrictEqual(Chunk.toArray(rest).map((user) => user.id), ids(5, 46))
      assert.strictEqual(sent.length, 3)
      const empty = yield* recordedFake({ organizations: [{ id: "org-empty" }] })
      const none = yield* empty.collect((service) => service.listOrgUsersStream("org-empty"))
      assert.strictEqual(Chunk.size(none), 0)
      assert.strictEqual(empty.sent.length, 1)
    }))

  it.effect("a server that caps the page size: the stream advances by what it got", () =>
    Effect.gen(function*() {
      const all = ids(17).map((id) => userJson(id))
      const users = yield* Effect.flatMap(
        AstronomerUsers.AstronomerUsers,
        (service) => Stream.runCollect(service.listOrgUsersStream("org-1", { limit: 100 }))
      ).pipe(
        Effect.provide(mockLayer([
          MockHttpClient.route("GET", at("/organizations/{organizationId}/users"), (request) => {
            const offset = Number(request.url.searchParams.get("offset"))
            return MockHttpClient.json(200, {
              offset,
              limit: 5,
              totalCount: all.length,
              users: all.slice(offset, offset + 5)
            })
          })
        ]))
      )
      assert.deepStrictEqual(Chunk.toArray(users).map((user) => user.id), ids(17))
    }))

  it.effect("a failing page fails the stream with its typed error, after the users already read", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const error = yield* Effect.flatMap(AstronomerUsers.AstronomerUsers, (service) =>
        Effect.flip(
          Stream.runForEach(service.listOrgUsersStream("org-1", { limit: 2 }), (user) =>
            Effect.sync(() => {
              seen.push(user.id)
            }))
        )).pipe(
          Effect.provide(mockLayer([
            MockHttpClient.route("GET", "*", (request) => {
              const offset = Number(request.url.searchParams.get("offset"))
              return offset >= 4
                ? MockHttpClient.json(500, errorJson(500, "database on fire", "req-fire"))
                : MockHttpClient.json(200, {
                  offset,
                  limit: 2,
                  totalCount: 10,
                  users: [userJson(`u${offset}`), userJson(`u${offset + 1}`)]
                })
            })
          ]))
        )
      assert.deepStrictEqual(seen, ["u0", "u1", "u2", "u3"])
      assert.strictEqual(error._tag, "InternalServerError")
      if (error._tag === "InternalServerError") assert.strictEqual(error.requestId, "req-fire")
    }))

  it.effect("an invalid page size fails before any request", () =>
    Effect.gen(function*() {
      const { collect, sent } = yield* recordedFake(seedOrganization(3))
      const error = yield* Effect.flip(collect((service) => service.listOrgUsersStream("org-big", { limit: -5 })))
      assert.strictEqual(error._tag, "RequestValidationError")
      assert.strictEqual(sent.length, 0)
    }))
})
