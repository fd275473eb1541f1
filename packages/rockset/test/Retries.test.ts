import * as RetriesSuite from "@userkit/testkit/RetriesSuite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { apiKey, calls } from "./helpers.js"

// The shared retry suite (packages/testkit), run against this vendor's every operation.
RetriesSuite.retriesSuite({
  api: Api.RocksetApi,
  callOf: (name) => calls.find(([operation]) => operation === name)?.[1],
  serviceOver: (client, transport) =>
    RocksetUsers.RocksetUsers.pipe(
      Effect.provide(RocksetUsers.layer({ apiKey: Redacted.make(apiKey), ...transport }).pipe(Layer.provide(client)))
    )
})
