import * as BoundarySuite from "@userkit/testkit/BoundarySuite"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as AuthressUsers from "../src/AuthressUsers.js"

// The shared transport-boundary suite (packages/testkit), over real sockets, every operation. An
// access key is refused when the layer is built (`InvalidAccessKey`, its own tests), so the
// schemes here are the two that reach a call: a ready token and a token Effect.
BoundarySuite.boundarySuite({
  api: Api.AuthressApi,
  schemes: [
    {
      name: "bearer token",
      header: "Authorization",
      service: (baseUrl, secret) => AuthressUsers.make({ baseUrl, token: Redacted.make(secret), rateLimit: false })
    },
    {
      name: "token Effect",
      header: "Authorization",
      service: (baseUrl, secret) =>
        AuthressUsers.make({ baseUrl, token: Effect.sync(() => Redacted.make(secret)), rateLimit: false })
    }
  ]
})
