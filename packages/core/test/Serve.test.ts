import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as FakeServer from "@userkit/core/FakeServer"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { getItem, TestApi } from "./fixtures.js"

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
})
