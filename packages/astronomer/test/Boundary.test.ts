import * as BoundarySuite from "@userkit/testkit/BoundarySuite"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"

// The shared transport-boundary suite (packages/testkit), over real sockets, every operation.
BoundarySuite.boundarySuite({
  api: Api.AstronomerApi,
  schemes: [{
    name: "bearer token",
    header: "Authorization",
    service: (baseUrl, secret) => AstronomerUsers.make({ token: Redacted.make(secret), baseUrl, rateLimit: false })
  }]
})
