/**
 * Rockset users, end to end.
 *
 * With no credentials it starts the fake Rockset on a 127.0.0.1 port and walks a user through its
 * whole life: invite, read, update, list, preferences, delete, and a typed NotFound afterwards.
 * With ROCKSET_APIKEY set (and optionally ROCKSET_APISERVER) it talks to real Rockset and only
 * reads: the current user, the user list and the notification preferences.
 *
 *   npx tsx examples/rockset-users.ts
 */
import * as Fake from "@userkit/rockset/Fake"
import * as RocksetUsers from "@userkit/rockset/RocksetUsers"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { runExample } from "./support/runExample.js"

const readOnly = Effect.gen(function*() {
  const users = yield* RocksetUsers.RocksetUsers
  const me = yield* users.getCurrentUser()
  yield* Console.log(
    `current user: ${me.email} (${me.state ?? "unknown state"}, roles ${me.roles?.join(", ") ?? "none"})`
  )
  const all = yield* users.list()
  yield* Console.log(`users in the organization: ${all.data?.length ?? 0}`)
  for (const user of all.data ?? []) yield* Console.log(`  - ${user.email} ${user.state ?? ""}`)
  const preferences = yield* users.listUnsubscribePreferences()
  yield* Console.log(`unsubscribed from: ${preferences.data?.map((p) => p.notificationType).join(", ") || "nothing"}`)
})

const lifecycle = Effect.gen(function*() {
  const users = yield* RocksetUsers.RocksetUsers
  const email = "ada.lovelace@example.com"
  const created = yield* users.create({ email, roles: ["member"], first_name: "Ada" })
  yield* Console.log(`invited ${created.data?.email} (state ${created.data?.state})`)
  const duplicate = yield* users.create({ email, roles: ["member"] }).pipe(
    Effect.as("created twice?!"),
    Effect.catchTag("Conflict", (error) => Effect.succeed(`second invite refused: ${error.status} ${error.body?.type}`))
  )
  yield* Console.log(duplicate)
  const updated = yield* users.update(email, { last_name: "Lovelace", roles: ["admin"] })
  yield* Console.log(`updated: ${updated.first_name} ${updated.last_name}, roles ${updated.roles?.join(", ")}`)
  yield* users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] })
  yield* readOnly
  const deleted = yield* users.delete(email)
  yield* Console.log(`deleted ${deleted.data?.email}`)
  const after = yield* users.get(email).pipe(
    Effect.map((user) => `still there: ${user.email}`),
    Effect.catchTag("NotFound", (error) => Effect.succeed(`get after delete: NotFound (${error.body?.message})`))
  )
  yield* Console.log(after)
})

runExample({
  vendor: "Rockset",
  real: readOnly.pipe(Effect.provide(RocksetUsers.layerConfig())),
  fake: Effect.gen(function*() {
    const { baseUrl } = yield* (yield* Fake.make()).serve()
    const layer = RocksetUsers.layer({ apiKey: Redacted.make(Fake.defaultApiKey), baseUrl })
    return { baseUrl, tour: Effect.provide(lifecycle, layer) }
  })
})
