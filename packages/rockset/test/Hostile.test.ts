import * as HostileSuite from "@userkit/testkit/HostileSuite"
import * as Effect from "effect/Effect"
import * as Api from "../src/Api.js"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { mocked } from "./helpers.js"

// The shared hostile-response suite (packages/testkit), run against this vendor's every operation.
HostileSuite.hostileSuite({
  api: Api.RocksetApi,
  mockedService: (routes) => RocksetUsers.RocksetUsers.pipe(Effect.provide(mocked(routes)))
})
