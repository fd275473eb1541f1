import * as RetriesSuite from "@userkit/testkit/RetriesSuite"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Api from "../src/Api.js"
import * as AuthressUsers from "../src/AuthressUsers.js"
import { baseUrl, vendorTestKey } from "./helpers.js"

// The shared retry suite (packages/testkit), run against this vendor's every operation.
RetriesSuite.retriesSuite({
  api: Api.AuthressApi,
  tag: AuthressUsers.AuthressUsers,
  layer: (client, transport) =>
    AuthressUsers.layer({ baseUrl, accessKey: Redacted.make(vendorTestKey), rateLimit: false, ...transport }).pipe(
      Layer.provide(client)
    )
})
