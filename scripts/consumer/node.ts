/**
 * The Node half of the consumer program `npm run pack:check` runs in its scratch project:
 * `@userkit/undici` (whose types are undici's, so Node's) under `types: ["node"]`, carrying
 * Rockset's fake on a real 127.0.0.1 socket. It exits non-zero when an answer is not the expected one.
 */
import { Fake as RocksetFake, RocksetUsers } from "@userkit/rockset"
import { UndiciHttpClient } from "@userkit/undici"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { Agent } from "undici"

const overUndici = Effect.gen(function*() {
  const fake = yield* RocksetFake.make({ users: [{ email: "ada@example.com", roles: ["member"] }] })
  const { url } = yield* fake.serve()
  const users = yield* RocksetUsers.make({
    apiKey: Redacted.make(RocksetFake.defaultApiKey),
    baseUrl: url,
    retry: false
  })
  const ada = yield* users.get("ada@example.com")
  const missing = yield* users.get("nobody@example.com").pipe(
    Effect.map(() => "found"),
    Effect.catchTag("NotFound", () => Effect.succeed("NotFound"))
  )
  return `${ada.email} ${missing}`
}).pipe(Effect.scoped)

const main = Effect.gen(function*() {
  const own = yield* Effect.provide(overUndici, UndiciHttpClient.layer)
  // The application's own dispatcher, which stays the application's to close.
  const agent = new Agent({ connections: 1 })
  const given = yield* Effect.provide(overUndici, UndiciHttpClient.layerWith({ dispatcher: agent })).pipe(
    Effect.ensuring(Effect.promise(() => agent.close()))
  )
  for (const line of [own, given]) console.log(`undici: ${line}`)
  if (own !== "ada@example.com NotFound" || given !== own) return yield* Effect.fail(`unexpected: ${own}; ${given}`)
})

Effect.runPromise(main).then(() => console.log("consumer program (Node): the undici transport answered as expected"))
