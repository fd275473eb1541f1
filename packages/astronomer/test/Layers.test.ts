import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import { firstRequest } from "@userkit/testkit/FirstRequest"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import * as Fake from "../src/Fake.js"
import { errorJson, mockLayer, secret, userJson } from "./helpers.js"

const withEnv = (env: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

describe("layers", () => {
  it.effect("layer: the default base URL is Astronomer's v1alpha1 API", () =>
    Effect.gen(function*() {
      const request = yield* firstRequest(AstronomerUsers.AstronomerUsers, (users) => users.getSelfUser())
      assert.strictEqual(request.url.href, "https://api.astronomer.io/v1alpha1/users/self")
    }).pipe(Effect.provide(mockLayer([MockHttpClient.route("*", "*", () => MockHttpClient.json(200, userJson("s")))]))))

  it.effect("layerConfig reads ASTRO_API_TOKEN (and ASTRO_API_URL when set)", () =>
    Effect.gen(function*() {
      const fake = yield* Fake.make({ token: "token-from-env" })
      const self = yield* Effect.flatMap(AstronomerUsers.AstronomerUsers, (users) => users.getSelfUser()).pipe(
        Effect.provide(
          AstronomerUsers.layerConfig().pipe(
            Layer.provide(fake.layer),
            Layer.provide(withEnv({ ASTRO_API_TOKEN: "token-from-env" }))
          )
        )
      )
      assert.strictEqual(self.id, Fake.defaultSelfUserId)
      const custom = yield* Effect.gen(function*() {
        const users = yield* AstronomerUsers.AstronomerUsers
        yield* users.getUser("org-1", "usr-1")
        return yield* MockHttpClient.requests
      }).pipe(
        Effect.provide(
          AstronomerUsers.layerConfig({ retry: false, rateLimit: false }).pipe(
            Layer.provideMerge(
              MockHttpClient.layer([MockHttpClient.route("*", "*", () => MockHttpClient.json(200, userJson("usr-1")))])
            ),
            Layer.provide(withEnv({ ASTRO_API_TOKEN: "t", ASTRO_API_URL: " https://astro.proxy.example/v1alpha1/ " }))
          )
        )
      )
      assert.strictEqual(custom[0].url.href, "https://astro.proxy.example/v1alpha1/organizations/org-1/users/usr-1")
      assert.strictEqual(custom[0].headers["authorization"], "Bearer t")
    }))

  it.effect("layerConfig without ASTRO_API_TOKEN fails naming the variable", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(
        Layer.build(AstronomerUsers.layerConfig().pipe(Layer.provide(Fake.layer()), Layer.provide(withEnv({}))))
          .pipe(Effect.scoped)
      )
      assert.isTrue(Exit.isFailure(exit))
      if (Exit.isFailure(exit)) assert.include(Cause.pretty(exit.cause), "ASTRO_API_TOKEN")
    }))

  it.effect("config keeps the token redacted", () =>
    Effect.gen(function*() {
      const options = yield* AstronomerUsers.config.pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["ASTRO_API_TOKEN", secret]])))
      )
      assert.isTrue(Redacted.isRedacted(options.token))
      assert.strictEqual(Redacted.value(options.token), secret)
      assert.isUndefined(options.baseUrl)
      assert.notInclude(JSON.stringify(options), secret)
    }))

  it.effect("layerTest: given methods answer, missing ones die naming themselves", () =>
    Effect.gen(function*() {
      const users = yield* AstronomerUsers.AstronomerUsers
      const user = yield* users.getUser("org-1", "usr-1")
      assert.strictEqual(user.id, "usr-1")
      const exit = yield* Effect.exit(users.deleteOrgUser("org-1", "usr-1"))
      assert.isTrue(Exit.isFailure(exit) && Cause.isDie(exit.cause))
      if (Exit.isFailure(exit)) {
        assert.include(Cause.pretty(exit.cause), "AstronomerUsers.layerTest: deleteOrgUser is not implemented")
      }
      const stream = yield* Effect.exit(Stream.runCollect(users.listWorkspaceUsersStream("org-1", "ws-1")))
      assert.isTrue(Exit.isFailure(stream) && Cause.isDie(stream.cause))
    }).pipe(
      Effect.provide(AstronomerUsers.layerTest({
        getUser: (_, userId) =>
          Effect.succeed({
            id: userId,
            username: "u@example.com",
            fullName: "U",
            avatarUrl: "",
            status: "ACTIVE",
            createdAt: new Date(0),
            updatedAt: new Date(0)
          })
      }))
    ))

  it.effect("layerTest: a stubbed listing also drives its stream", () =>
    Effect.gen(function*() {
      const all = Array.from({ length: 7 }, (_, i) => `u${i}`)
      const users = yield* Effect.flatMap(
        AstronomerUsers.AstronomerUsers,
        (service) => Stream.runCollect(service.listOrgUsersStream("org-1", { limit: 3 }))
      ).pipe(
        Effect.provide(AstronomerUsers.layerTest({
          listOrgUsers: (_, options) =>
            Effect.succeed({
              offset: options?.offset ?? 0,
              limit: options?.limit ?? 20,
              totalCount: all.length,
              users: all.slice(options?.offset ?? 0, (options?.offset ?? 0) + (options?.limit ?? 20)).map((id) => ({
                id,
                username: id,
                fullName: id,
                avatarUrl: "",
                status: "ACTIVE",
                createdAt: new Date(0),
                updatedAt: new Date(0)
              }))
            })
        }))
      )
      assert.deepStrictEqual(Chunk.toArray(users).map((u) => u.id), all)
    }))
})

describe("transport options", () => {
  it.effect("timeout: a request with no answer fails with TimeoutError and is interrupted", () =>
    Effect.gen(function*() {
      let interrupted = false
      const hanging = HttpClient.make(() =>
        Effect.never.pipe(Effect.onInterrupt(() =>
          Effect.sync(() => {
            interrupted = true
          })
        ))
      )
      const layer = AstronomerUsers.layer({
        token: Redacted.make(secret),
        timeout: "2 seconds",
        retry: false,
        rateLimit: false
      }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, hanging))
      )
      const fiber = yield* Effect.fork(
        Effect.flip(Effect.flatMap(AstronomerUsers.AstronomerUsers, (u) => u.getUser("o", "u"))).pipe(
          Effect.provide(layer)
        )
      )
      yield* TestClock.adjust("1999 millis")
      assert.isNull(fiber.unsafePoll())
      yield* TestClock.adjust("1 milli")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TimeoutError")
      assert.strictEqual(error.message, "Astronomer.getUser: no response within 2s")
      assert.isTrue(interrupted)
    }))

  it.effect("retry (default policy): a 502 on a GET is retried; on a POST it is not", () =>
    Effect.gen(function*() {
      let attempts = 0
      const layer = mockLayer([
        MockHttpClient.route("*", "*", () => {
          attempts++
          return attempts < 3 ? MockHttpClient.json(502, errorJson(502)) : MockHttpClient.json(200, userJson("usr-1"))
        })
      ], { retry: {} })
      const fiber = yield* Effect.fork(
        Effect.flatMap(AstronomerUsers.AstronomerUsers, (u) => u.getUser("o", "usr-1")).pipe(Effect.provide(layer))
      )
      yield* TestClock.adjust("10 seconds")
      const user = yield* Fiber.join(fiber)
      assert.strictEqual(user.id, "usr-1")
      assert.strictEqual(attempts, 3)

      attempts = 0
      const post = yield* Effect.flip(
        Effect.flatMap(
          AstronomerUsers.AstronomerUsers,
          (u) => u.mutateOrgUserRole("o", "usr-1", { role: "ORGANIZATION_MEMBER" })
        ).pipe(Effect.provide(layer))
      )
      assert.strictEqual(post._tag, "UnexpectedStatus")
      assert.strictEqual(attempts, 1)
    }))
})
