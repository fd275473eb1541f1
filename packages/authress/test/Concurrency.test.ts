import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as Fake from "../src/Fake.js"

// The one piece of state Authress adds to the shared client is the token cache: under concurrent
// first use every call must still be signed, sent once and answered with its own answer. (That the
// cache mints once is ServiceClientToken.test.ts's "concurrent first use mints once": tokens are
// deterministic, so a second mint is not visible from here.)
describe("concurrency", () => {
  it.scoped(
    "500 calls at concurrency 100 with an access key: each answered once, with its own answer",
    () =>
      Effect.gen(function*() {
        const ids = Array.from({ length: 500 }, (_, i) => `oauth|user-${i}`)
        const fake = yield* Fake.make({ users: ids.map((userId) => ({ userId, name: userId })) })
        const users = yield* AuthressUsers.make({
          baseUrl: "https://acc-userkit-fake.api.authress.io",
          accessKey: Redacted.make(Fake.defaultAccessKey),
          retry: false,
          rateLimit: false
        }).pipe(Effect.provide(fake.layer))
        const answers = yield* Effect.forEach(ids, (id) => Effect.map(users.getUser(id), (user) => user.name), {
          concurrency: 100
        })
        assert.deepStrictEqual(answers, ids)
        yield* Effect.forEach(ids.slice(0, 100), (id) => users.deleteUser(id), { concurrency: 100, discard: true })
        assert.deepStrictEqual((yield* fake.users).map((user) => user.userId), ids.slice(100))
      }),
    { timeout: 30_000 }
  )
})
