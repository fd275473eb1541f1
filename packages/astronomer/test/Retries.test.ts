import * as RetriesSuite from "@userkit/testkit/RetriesSuite"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import { secret } from "./helpers.js"

// The shared retry suite (packages/testkit), run against this vendor's every operation.
RetriesSuite.retriesSuite({
  api: Api.AstronomerApi,
  tag: AstronomerUsers.AstronomerUsers,
  layer: (client, transport) =>
    AstronomerUsers.layer({ token: Redacted.make(secret), rateLimit: false, ...transport }).pipe(Layer.provide(client))
})
