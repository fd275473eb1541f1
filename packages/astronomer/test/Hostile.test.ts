import * as HostileSuite from "@userkit/testkit/HostileSuite"
import * as Effect from "effect/Effect"
import * as Api from "../src/Api.js"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import { mockLayer } from "./helpers.js"

// The shared hostile-response suite (packages/testkit), run against this vendor's every operation.
HostileSuite.hostileSuite({
  api: Api.AstronomerApi,
  mockedService: (routes) => AstronomerUsers.AstronomerUsers.pipe(Effect.provide(mockLayer(routes)))
})
