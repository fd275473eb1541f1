import * as MockHttpClient from "@userkit/core/MockHttpClient"
import type * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as RocksetUsers from "../src/RocksetUsers.js"

export const apiKey = "rs-test-key-0123456789abcdef"

/** The service over a scripted HttpClient, with the recorder in context too. */
export const mocked = (routes: ReadonlyArray<MockHttpClient.MockRoute>, options: Partial<RocksetUsers.Options> = {}) =>
  RocksetUsers.layer({ apiKey: Redacted.make(apiKey), retry: false, rateLimit: false, ...options }).pipe(
    Layer.provideMerge(MockHttpClient.layer(routes))
  )

/** One call of every operation, with valid input. */
export const calls: ReadonlyArray<
  readonly [string, (users: RocksetUsers.RocksetUsersService) => Effect.Effect<unknown, { readonly _tag: string }>]
> = [
  ["create", (users) => users.create({ email: "ada@example.com", roles: ["member"] })],
  ["delete", (users) => users.delete("ada@example.com")],
  ["get", (users) => users.get("ada@example.com")],
  ["getCurrentUser", (users) => users.getCurrentUser()],
  ["list", (users) => users.list()],
  ["listUnsubscribePreferences", (users) => users.listUnsubscribePreferences()],
  ["update", (users) => users.update("ada@example.com", { first_name: "Ada" })],
  [
    "updateUnsubscribePreferences",
    (users) => users.updateUnsubscribePreferences({ data: [{ notificationType: "create_apikey" }] })
  ]
]
