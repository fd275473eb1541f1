import * as HostileSuite from "@userkit/testkit/HostileSuite"
import * as Effect from "effect/Effect"
import * as Api from "../src/Api.js"
import * as AuthressUsers from "../src/AuthressUsers.js"
import { mocked } from "./helpers.js"

// The shared hostile-response suite (packages/testkit), run against this vendor's every operation.
HostileSuite.hostileSuite({
  api: Api.AuthressApi,
  mockedService: (routes) => AuthressUsers.AuthressUsers.pipe(Effect.provide(mocked(routes)), Effect.orDie)
})
