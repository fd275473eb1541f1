import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as TransportDeadline from "@userkit/core/TransportDeadline"
import * as UndiciHttpClient from "@userkit/undici/UndiciHttpClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Supervisor from "effect/Supervisor"
import { getItem, itemJson, TestApi } from "./fixtures.js"
import { serve, waitLive } from "./loopback.js"

// Counts the fibers a program starts: a call whose transport takes its deadline starts none.
class ForkCount extends Supervisor.AbstractSupervisor<number> {
  started = 0
  get value() {
    return Effect.sync(() => this.started)
  }
  override onStart() {
    this.started++
  }
}

const forksOf = <A, E, R>(program: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const count = new ForkCount()
    return Effect.map(Effect.supervised(program, count), (value) => ({ value, forks: count.started }))
  })

const callOver = (url: string, auth: Auth.Auth, timeout: Duration.DurationInput) =>
  Effect.flatMap(
    Client.make(TestApi, { baseUrl: url, auth, retry: false, timeout }),
    (client) => client.operation(getItem)({ params: { id: "a1" } })
  )

const key = Auth.header("X-Acme-Key", Redacted.make("k"))

describe("TransportDeadline", () => {
  it.scoped("@userkit/undici's client has a sender (both sides of the protocol agree); fetch's and a transformed client do not", () =>
    Effect.gen(function*() {
      const undici = yield* Effect.provide(HttpClient.HttpClient, UndiciHttpClient.layer)
      assert.isDefined(TransportDeadline.senderOf(undici))
      assert.isUndefined(TransportDeadline.senderOf(HttpClient.mapRequest(undici, (request) => request)))
      const fetchClient = yield* Effect.provide(HttpClient.HttpClient, FetchHttpClient.layer)
      assert.isUndefined(TransportDeadline.senderOf(fetchClient))
      assert.isTrue(Client.settings({ baseUrl: "http://x", auth: key }, undici).transportDeadline !== undefined)
      assert.isUndefined(Client.settings({ baseUrl: "http://x", auth: key, timeout: false }, undici).transportDeadline)
      const waiting = Auth.bearer(Effect.succeed(Redacted.make("t")))
      assert.isUndefined(Client.settings({ baseUrl: "http://x", auth: waiting }, undici).transportDeadline)
    }))

  it.live("over UndiciHttpClient a call starts no fiber, and a silent server still ends in a TimeoutError with its socket closed", () =>
    Effect.gen(function*() {
      const answering = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
      const ok = yield* forksOf(callOver(answering.url, key, "5 seconds"))
      assert.strictEqual(ok.value.id, "a1")
      assert.strictEqual(ok.forks, 0)
      const silent = yield* serve(() => undefined)
      const error = yield* Effect.flip(callOver(silent.url, key, "150 millis"))
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") {
        assert.isTrue(Duration.equals(error.timeout, Duration.millis(150)))
        assert.strictEqual(error.message, "Acme.getItem: no response within 150ms")
      }
      yield* waitLive(() => silent.openSockets() === 0)
    }).pipe(Effect.scoped, Effect.provide(UndiciHttpClient.layer)))

  it.live("an auth that may wait is timed by userkit, over a transport that could take the deadline", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
      const never = Auth.bearer(Effect.never)
      const error = yield* Effect.flip(callOver(server.url, never, "150 millis"))
      assert.strictEqual(error._tag, "TimeoutError")
      assert.strictEqual(server.received.length, 0)
    }).pipe(Effect.scoped, Effect.provide(UndiciHttpClient.layer)))

  it.live("over FetchHttpClient the attempt is still timed in a fiber of its own", () =>
    Effect.gen(function*() {
      const server = yield* serve((_req, res) => res.end(JSON.stringify(itemJson)))
      const ok = yield* forksOf(callOver(server.url, key, "5 seconds"))
      assert.strictEqual(ok.value.id, "a1")
      assert.isAbove(ok.forks, 0)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
