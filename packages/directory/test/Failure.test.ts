import { assert, describe, it } from "@effect/vitest"
import * as Errors from "@userkit/core/Errors"
import * as Failure from "@userkit/directory/Failure"
import * as Duration from "effect/Duration"

const notFound = (body: { readonly message?: string; readonly title?: string } | undefined) =>
  Failure.make("Authress", "getUser", Errors.make(404, { body: body === undefined ? undefined : { ...body } }))

describe("Failure", () => {
  it("isUserNotFound: a 404 whose vendor body says the user does not exist, and nothing else", () => {
    assert.isTrue(Failure.isUserNotFound(notFound({ title: "user google-oauth2|1 does not exist" })))
    assert.isTrue(Failure.isUserNotFound(notFound({ message: "User not found" })))
    assert.isTrue(Failure.isUserNotFound(notFound({ message: "user ada is not in organization userkit-org" })))
    assert.isFalse(Failure.isUserNotFound(notFound({ message: "no route /v1/users/google-oauth2%7C1" })))
    assert.isFalse(Failure.isUserNotFound(notFound({ message: "organization org-1 not found" })))
    assert.isFalse(Failure.isUserNotFound(notFound({ message: "Not Found" })))
    assert.isFalse(Failure.isUserNotFound(notFound(undefined)))
    const forbidden = Failure.make("Authress", "getUser", Errors.make(403, { body: { title: "user not found" } }))
    assert.isFalse(Failure.isUserNotFound(forbidden))
  })

  it("isVendorDown: transport, timeouts, 5xx and 401/403 count; a 404 or a 400 does not", () => {
    const of = (status: Errors.KnownStatus) => Failure.make("TileDB", "getOrganization", Errors.make(status))
    for (const status of [401, 403, 500, 501, 502, 503] as const) {
      assert.isTrue(Failure.isVendorDown(of(status)), String(status))
    }
    for (const status of [400, 404, 409, 429] as const) assert.isFalse(Failure.isVendorDown(of(status)), String(status))
    assert.isTrue(Failure.isVendorDown(Failure.timedOut("TileDB", "getOrganization", Duration.seconds(20))))
    assert.isFalse(Failure.isVendorDown(Failure.notCalled("TileDB", "list", "GivenUp", "given up")))
  })
})
