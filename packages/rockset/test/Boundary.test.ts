import * as BoundarySuite from "@userkit/testkit/BoundarySuite"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"

// The shared transport-boundary suite (packages/testkit), over real sockets, every operation.
BoundarySuite.boundarySuite({
  api: Api.RocksetApi,
  schemes: [{
    name: "Authorization: ApiKey",
    header: "Authorization",
    service: (baseUrl, secret) => RocksetUsers.make({ apiKey: Redacted.make(secret), baseUrl, rateLimit: false })
  }]
})
