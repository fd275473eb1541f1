import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import type * as Pagination from "@userkit/core/Pagination"
import * as Listing from "@userkit/testkit/Listing"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as AstronomerUsers from "../src/AstronomerUsers.js"
import { at, mockLayer, secret, userJson } from "./helpers.js"

const limit = 2
const users = (offset: number) => [userJson(`usr-${offset + 1}`), userJson(`usr-${offset + 2}`)]

// How a misbehaving server answers a request for `offset`.
type Script = (offset: number) => unknown

// Every page announces more users than the one before: the listing never reaches its total.
const growingTotal: Script = (offset) => ({ offset, limit, totalCount: offset + limit + 1, users: users(offset) })
// The first page whatever the offset asked, reporting offset 0.
const ignoredOffset: Script = () => ({ offset: 0, limit, totalCount: 10, users: users(0) })
// The first page whatever the offset asked, echoing the offset requested.
const ignoredOffsetEchoed: Script = (offset) => ({ offset, limit, totalCount: 10, users: users(0) })
// Fewer users than the total: an empty page at offset 2.
const shortListing: Script = (offset) => ({ offset, limit, totalCount: 1_000, users: offset === 0 ? users(0) : [] })

const offsetOf = (url: URL) => Number(url.searchParams.get("offset"))

const overMock = (script: Script) => {
  let n = 0
  return mockLayer([
    MockHttpClient.route("GET", "*", (request) =>
      ++n > 50
        ? MockHttpClient.json(410, { message: "request budget spent", statusCode: 410 })
        : MockHttpClient.json(200, script(offsetOf(request.url))))
  ])
}

type Listed = "listOrgUsers" | "listWorkspaceUsers"

const streamOf = (service: AstronomerUsers.AstronomerUsersService, listing: Listed) =>
  listing === "listOrgUsers"
    ? service.listOrgUsersStream("org-1", { limit })
    : service.listWorkspaceUsersStream("org-1", "ws-1", { limit })

const drain = (listing: Listed) =>
  Effect.flatMap(AstronomerUsers.AstronomerUsers, (service) => Listing.drain(streamOf(service, listing)))
const ids = (items: ReadonlyArray<{ readonly id: string }>) => items.map((user) => user.id)

const cases: ReadonlyArray<readonly [string, Script, Pagination.Reason]> = [
  ["a totalCount that grows on every page", growingTotal, "TotalChanged"],
  ["a server ignoring offset (reporting offset 0)", ignoredOffset, "WrongOffset"],
  ["a server ignoring offset (echoing the offset asked)", ignoredOffsetEchoed, "RepeatedPage"],
  ["fewer users than the totalCount announced", shortListing, "MissingItems"]
]

describe("the streams never loop nor end short without a failure", () => {
  for (const listing of ["listOrgUsers", "listWorkspaceUsers"] as const) {
    for (const [label, script, reason] of cases) {
      it.effect(`${listing}: ${label} fails ${reason} on the second request, after the first page's users`, () =>
        Effect.gen(function*() {
          const { end, items } = yield* drain(listing)
          assert.deepStrictEqual(ids(items), ["usr-1", "usr-2"])
          Listing.assertPaginationError(end, { reason, pages: 2, vendor: "Astronomer", operation: listing })
          const requests = yield* MockHttpClient.requests
          assert.deepStrictEqual(requests.map((request) => offsetOf(request.url)), [0, 2])
          assert.isTrue(requests.every((request) => request.url.pathname.startsWith(at("/organizations/org-1"))))
        }).pipe(Effect.provide(overMock(script))))
    }
  }

  it.scoped("over a real socket with fetch: a growing totalCount and an ignored offset fail typed in two requests", () =>
    Effect.gen(function*() {
      for (const [script, reason] of [[growingTotal, "TotalChanged"], [ignoredOffset, "WrongOffset"]] as const) {
        const listing = yield* Listing.serve((url) => script(offsetOf(url)))
        const layer = AstronomerUsers.layer({
          baseUrl: listing.url,
          token: Redacted.make(secret),
          retry: false,
          rateLimit: false
        }).pipe(
          Layer.provide(FetchHttpClient.layer)
        )
        const { end, items } = yield* Effect.provide(drain("listOrgUsers"), layer)
        assert.lengthOf(items, 2)
        Listing.assertPaginationError(end, { reason, pages: 2, vendor: "Astronomer", operation: "listOrgUsers" })
        assert.lengthOf(listing.requests, 2)
      }
    }))
})
