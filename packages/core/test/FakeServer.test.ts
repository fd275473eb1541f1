import * as Headers from "@effect/platform/Headers"
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as Errors from "@userkit/core/Errors"
import * as FakeServer from "@userkit/core/FakeServer"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { createItem, getItem, listItems, TestApi } from "./fixtures.js"

const handlers: FakeServer.Handlers<typeof TestApi.operations> = {
  getItem: ({ param }) =>
    param("id") === "missing"
      ? FakeServer.fail(404, "no such item")
      : Effect.succeed({ id: param("id"), createdAt: new Date(0) }),
  // Answers a status createItem does not document.
  createItem: () => FakeServer.fail(405, "read-only fake"),
  listItems: ({ query }) =>
    Effect.succeed(Array.from({ length: query.limit ?? 2 }, (_, i) => ({ id: `i${i}`, createdAt: new Date(0) }))),
  ping: () => Effect.void
}

const options = {
  api: TestApi,
  basePath: "/api/v2/",
  errorBody: (status: number, message: string) => ({ detail: `${status}: ${message}` })
}

const fake = (authorize: FakeServer.Options<typeof TestApi.operations>["authorize"] = () => true) =>
  FakeServer.make({ ...options, authorize, handlers })

const clientOf = (server: FakeServer.FakeServer, baseUrl = "http://fake.test/api/v2") =>
  Client.make(TestApi, { baseUrl, auth: Auth.bearer(Redacted.make("t")), retry: false }).pipe(
    Effect.provide(server.layer)
  )

describe("FakeServer", () => {
  it("knownStatuses lists every status with a class", () => {
    assert.deepStrictEqual([...Errors.knownStatuses], Object.keys(Errors.statusTags).map(Number))
  })

  it.effect("serves under its base path, decoding ids and queries with the endpoint's schemas", () =>
    Effect.gen(function*() {
      const client = yield* clientOf(fake())
      assert.strictEqual((yield* client.operation(getItem)({ params: { id: "a/b c" } })).id, "a/b c")
      assert.strictEqual((yield* client.operation(listItems)({ params: {} })).length, 2)
      assert.strictEqual((yield* client.operation(listItems)({ params: {}, query: { limit: 5 } })).length, 5)
      const missing = yield* Effect.flip(client.operation(getItem)({ params: { id: "missing" } }))
      assert.strictEqual(missing._tag, "NotFound")
      if (missing._tag === "NotFound") assert.deepStrictEqual(missing.body, { detail: "404: no such item" })
    }))

  it.effect("a path outside the base path, an unknown route and a wrong method are 404, 404 and 405", () =>
    Effect.gen(function*() {
      const server = fake()
      const answer = (method: string, path: string) =>
        Effect.map(
          server.handle({ method, url: new URL(path, "http://fake.test"), headers: Headers.empty, text: undefined }),
          (response) => response.status
        )
      assert.strictEqual(yield* answer("GET", "/items/a1"), 404)
      assert.strictEqual(yield* answer("GET", "/api/v2/nothing"), 404)
      assert.strictEqual(yield* answer("DELETE", "/api/v2/items/a1"), 405)
      assert.strictEqual(yield* answer("GET", "/api/v2/items/a1"), 200)
    }))

  it("a fake without a handler for every operation does not compile", () => {
    const { ping: _ping, ...withoutPing } = handlers
    // @ts-expect-error: ping has no handler
    const incomplete = () => FakeServer.make({ ...options, authorize: () => true, handlers: withoutPing })
    assert.isFunction(incomplete)
  })

  it.effect("a handler's undocumented status is undocumented for the client", () =>
    Effect.gen(function*() {
      const client = yield* clientOf(fake())
      const error = yield* Effect.flip(
        client.operation(createItem)({ params: {}, body: { id: "abc", secret: Redacted.make("s") } })
      )
      assert.strictEqual(error._tag, "UnexpectedStatus")
    }))

  it.effect("authorize may answer with its own 401", () =>
    Effect.gen(function*() {
      const client = yield* clientOf(fake(() => FakeServer.fail(401, "token expired")))
      const error = yield* Effect.flip(client.operation(listItems)({ params: {} }))
      assert.strictEqual(error._tag, "UnexpectedStatus")
      if (error._tag === "UnexpectedStatus") {
        assert.strictEqual(error.status, 401)
        assert.include(error.bodyText ?? "", "token expired")
      }
      const refused = yield* clientOf(fake(() => false))
      const plain = yield* Effect.flip(refused.operation(listItems)({ params: {} }))
      if (plain._tag === "UnexpectedStatus") assert.include(plain.bodyText ?? "", "invalid credentials")
    }))
})
