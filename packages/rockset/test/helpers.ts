import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Calls from "@userkit/testkit/Calls"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"

export const apiKey = "rs-test-key-0123456789abcdef"

/** The service over a scripted HttpClient, with the recorder in context too. */
export const mocked = (routes: ReadonlyArray<MockHttpClient.MockRoute>, options: Partial<RocksetUsers.Options> = {}) =>
  RocksetUsers.layer({ apiKey: Redacted.make(apiKey), retry: false, rateLimit: false, ...options }).pipe(
    Layer.provideMerge(MockHttpClient.layer(routes))
  )

/** One call of every operation, by name, with valid input derived from its declaration. */
export const calls = Calls.all<RocksetUsers.RocksetUsersService>(Api.RocksetApi)
