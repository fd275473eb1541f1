/**
 * Authress users, end to end.
 *
 * With no credentials it starts the fake Authress on a 127.0.0.1 port (it verifies the EdDSA
 * tokens this client signs from the fake's access key) and walks through the Users API: a page,
 * the lazy stream of every user, a read, a tenant link, an asynchronous delete and a typed
 * NotFound afterwards, then what a bad token and a malformed access key look like.
 * With AUTHRESS_API_URL and AUTHRESS_ACCESS_KEY set it talks to real Authress and only reads.
 *
 *   npx tsx examples/authress-users.ts
 */
import * as AuthressUsers from "@userkit/authress/AuthressUsers"
import * as Fake from "@userkit/authress/Fake"
import type * as Models from "@userkit/authress/Models"
import * as Chunk from "effect/Chunk"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import { runExample } from "./support/runExample.js"

const describeUser = (user: Models.UserIdentity) =>
  `${user.userId}${user.name === undefined ? "" : ` (${user.name})`}${
    user.email === undefined ? "" : ` <${user.email}>`
  }`

const readOnly = Effect.gen(function*() {
  const users = yield* AuthressUsers.AuthressUsers
  const page = yield* users.getUsers({ limit: 5 })
  yield* Console.log(`first page: ${page.users.length} users, more: ${page.pagination?.next?.cursor !== undefined}`)
  for (const user of page.users) yield* Console.log(`  - ${describeUser(user)}`)
  // Pages are fetched only as far as the consumer reads: 12 users of any listing cost at most 3 requests of 5.
  const first12 = yield* Stream.runCollect(Stream.take(users.getUsersStream({ limit: 5 }), 12))
  yield* Console.log(`streamed ${Chunk.size(first12)} users lazily`)
  const [first] = page.users
  if (first !== undefined) yield* Console.log(`read back: ${describeUser(yield* users.getUser(first.userId))}`)
})

const lifecycle = Effect.gen(function*() {
  const users = yield* AuthressUsers.AuthressUsers
  yield* readOnly
  const everyone = yield* Stream.runCollect(users.getUsersStream({ limit: 2 }))
  yield* Console.log(`all users, two per request: ${Chunk.toReadonlyArray(everyone).map((u) => u.userId).join(", ")}`)

  yield* users.linkTenantUser("tenant-eu", { userId: "oauth|ada" })
  const linked = yield* users.getUsers({ tenantId: "tenant-eu" })
  yield* Console.log(`users of tenant-eu: ${linked.users.map((u) => u.userId).join(", ")}`)
  const noTenant = yield* users.linkTenantUser("tenant-nowhere", { userId: "oauth|ada" }).pipe(
    Effect.as("linked?!"),
    Effect.catchTag("NotFound", (error) => Effect.succeed(`link to an unknown tenant: ${error.message}`))
  )
  yield* Console.log(noTenant)

  yield* users.deleteUser("oauth|grace")
  yield* Console.log("deleted oauth|grace (202: Authress completes it asynchronously)")
  const after = yield* users.getUser("oauth|grace").pipe(
    Effect.map((user) => `still there: ${user.userId}`),
    Effect.catchTag("NotFound", (error) => Effect.succeed(`get after delete: NotFound (${error.body?.title})`))
  )
  yield* Console.log(after)

  const invalid = yield* users.getUsers({ limit: 500 }).pipe(
    Effect.as("sent?!"),
    Effect.catchTag("RequestValidationError", (error) => Effect.succeed(`not sent: ${error.message}`))
  )
  yield* Console.log(invalid)
})

// What a bad token and a malformed access key look like, against the fake at `baseUrl`.
const refusals = (baseUrl: string) =>
  Effect.gen(function*() {
    const badToken = yield* Effect.flatMap(AuthressUsers.AuthressUsers, (users) => users.getUsers()).pipe(
      Effect.as("accepted?!"),
      Effect.catchTag("Unauthorized", (error) => Effect.succeed(`a token it cannot verify: ${error.message}`)),
      Effect.provide(AuthressUsers.layer({ baseUrl, token: Redacted.make("not-a-jwt") }))
    )
    yield* Console.log(badToken)

    const malformed = yield* Effect.flatMap(AuthressUsers.AuthressUsers, (users) => users.getUsers()).pipe(
      Effect.as("built?!"),
      Effect.provide(AuthressUsers.layer({ baseUrl, accessKey: Redacted.make("client.key.account.not-base64!") })),
      Effect.catchTag(
        "InvalidAccessKey",
        (error) => Effect.succeed(`a malformed key fails the layer: ${error.message}`)
      )
    )
    yield* Console.log(malformed)
  })

const people: Fake.Options = {
  users: [
    { userId: "oauth|ada", name: "Ada Lovelace", email: "ada@example.com" },
    { userId: "oauth|grace", name: "Grace Hopper" },
    { userId: "oauth|alan", name: "Alan Turing" },
    { userId: "oauth|edsger", name: "Edsger Dijkstra" },
    { userId: "oauth|barbara", name: "Barbara Liskov" },
    { userId: "oauth|donald", name: "Donald Knuth" },
    { userId: "oauth|margaret", name: "Margaret Hamilton" }
  ],
  tenants: { "tenant-eu": [] }
}

runExample({
  vendor: "Authress",
  real: readOnly.pipe(Effect.provide(AuthressUsers.layerConfig())),
  fake: Effect.gen(function*() {
    const { baseUrl } = yield* (yield* Fake.make(people)).serve()
    const layer = AuthressUsers.layer({ baseUrl, accessKey: Redacted.make(Fake.defaultAccessKey) })
    return { baseUrl, tour: Effect.zipRight(Effect.provide(lifecycle, layer), refusals(baseUrl)) }
  })
})
