import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as FakeServer from "@userkit/core/FakeServer"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { createItem, getItem, TestApi } from "./fixtures.js"

const fake = () =>
  FakeServer.make({
    api: TestApi,
    authorize: () => true,
    errorBody: (status, message) => ({ detail: `${status}: ${message}` }),
    handlers: {
      getItem: ({ param }) => Effect.succeed({ id: param("id"), createdAt: new Date(0) }),
      createItem: () => FakeServer.fail(405, "read-only fake"),
      listItems: () => Effect.succeed([]),
      ping: () => Effect.void
    }
  })

describe("FakeServer.serve", () => {
  it.scoped("a busy port is a typed ListenError naming port and code, and the process lives on", () =>
    Effect.gen(function*() {
      const first = yield* fake().serve()
      const error = yield* Effect.flip(fake().serve({ port: first.port }))
      assert.instanceOf(error, FakeServer.ListenError)
      assert.deepStrictEqual([error._tag, error.port, error.code], ["ListenError", first.port, "EADDRINUSE"])
      assert.strictEqual(error.message, `the fake cannot listen on 127.0.0.1:${first.port} (EADDRINUSE)`)
      // The fake already listening is untouched.
      const client = yield* Client.make(TestApi, {
        baseUrl: first.url,
        auth: Auth.bearer(Redacted.make("t")),
        retry: false
      })
      assert.strictEqual((yield* client.operation(getItem)({ params: { id: "a1" } })).id, "a1")
    }).pipe(Effect.provide(FetchHttpClient.layer)))

  it.scoped("a port freed by its scope can be served again", () =>
    Effect.gen(function*() {
      const { port } = yield* Effect.scoped(fake().serve())
      const again = yield* Effect.exit(Effect.scoped(fake().serve({ port })))
      assert.isTrue(Exit.isSuccess(again))
    }))

  it.scoped("GET /__userkit/requests answers the requests per operation, counted before credentials", () =>
    Effect.gen(function*() {
      const server = FakeServer.make({
        api: TestApi,
        authorize: (headers) => headers["authorization"] === "Bearer t",
        errorBody: (status, message) => ({ detail: `${status}: ${message}` }),
        handlers: {
          getItem: ({ param }) => Effect.succeed({ id: param("id"), createdAt: new Date(0) }),
          createItem: () => FakeServer.fail(405, "read-only fake"),
          listItems: () => Effect.succeed([]),
          ping: () => Effect.void
        }
      })
      const listening = yield* server.serve()
      const counts = Effect.promise(() =>
        fetch(`${listening.url}${FakeServer.requestsPath}`).then((response) => response.json())
      )
      assert.deepStrictEqual(yield* counts, {})
      const client = (token: string) =>
        Client.make(TestApi, { baseUrl: listening.url, auth: Auth.bearer(Redacted.make(token)), retry: false })
      const good = yield* client("t")
      yield* good.operation(getItem)({ params: { id: "a" } })
      yield* good.operation(getItem)({ params: { id: "b" } })
      // Refused for its credentials, and still a request the fake received.
      const bad = yield* client("wrong")
      yield* Effect.flip(bad.operation(getItem)({ params: { id: "c" } }))
      yield* Effect.flip(good.operation(createItem)({ params: {}, body: { id: "abc", secret: Redacted.make("s") } }))
      // A path no operation owns is not counted.
      yield* Effect.promise(() => fetch(`${listening.url}/nowhere`))
      assert.deepStrictEqual(yield* counts, { createItem: 1, getItem: 3 })
      assert.deepStrictEqual(yield* server.requests, { createItem: 1, getItem: 3 })
    }).pipe(Effect.provide(FetchHttpClient.layer)))
})
