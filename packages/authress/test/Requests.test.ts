import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as AuthressUsers from "../src/AuthressUsers.js"
import * as ServiceClientToken from "../src/ServiceClientToken.js"
import { baseUrl, mocked, page } from "./helpers.js"

const ok = [
  MockHttpClient.route(
    "GET",
    "/v1/users/{userId}",
    (request) => MockHttpClient.json(200, { userId: request.params["userId"] })
  ),
  MockHttpClient.route("GET", "/v1/users", () => MockHttpClient.json(200, page(1, 1, undefined))),
  MockHttpClient.route("DELETE", "/v1/users/{userId}", () => MockHttpClient.empty(202)),
  MockHttpClient.route("PATCH", "/v1/tenants/{tenantId}/users", () => MockHttpClient.empty(204))
]

const users = AuthressUsers.AuthressUsers

describe("request shapes", () => {
  it.effect("getUser: GET, the id percent-encoded as one segment, Accept application/links+json, a signed bearer", () =>
    Effect.gen(function*() {
      const user = yield* (yield* users).getUser("oauth|a/../../admin?x=1#f")
      assert.deepStrictEqual(user, { userId: "oauth|a/../../admin?x=1#f" })
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.method, "GET")
      assert.strictEqual(request.url.origin, baseUrl)
      assert.strictEqual(request.path, "/v1/users/oauth%7Ca%2F..%2F..%2Fadmin%3Fx%3D1%23f")
      assert.strictEqual(request.url.search, "")
      assert.strictEqual(request.headers["accept"], "application/links+json")
      assert.isUndefined(request.body)
      const bearer = /^Bearer (.+)$/.exec(request.headers["authorization"] ?? "")?.[1] ?? ""
      const decoded = ServiceClientToken.decode(bearer)
      assert.isTrue(decoded._tag === "Some" && decoded.value.claims.sub === "sc_service_client")
    }).pipe(Effect.provide(mocked(ok))))

  it.effect("getUsers: every option as its own query parameter, encoded", () =>
    Effect.gen(function*() {
      yield* (yield* users).getUsers({ limit: 10, cursor: "c/1+2=", filter: "Ada Lovelace", tenantId: "t-1:eu.2_x" })
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.method, "GET")
      assert.strictEqual(request.path, "/v1/users")
      assert.deepStrictEqual([...request.url.searchParams], [
        ["limit", "10"],
        ["cursor", "c/1+2="],
        ["filter", "Ada Lovelace"],
        ["tenantId", "t-1:eu.2_x"]
      ])
      assert.strictEqual(request.headers["accept"], "application/links+json")
    }).pipe(Effect.provide(mocked(ok))))

  it.effect("getUsers without options sends no query at all (Authress defaults the limit to 100)", () =>
    Effect.gen(function*() {
      yield* (yield* users).getUsers()
      yield* (yield* users).getUsers({})
      const requests = yield* MockHttpClient.requests
      assert.deepStrictEqual(requests.map((request) => request.url.search), ["", ""])
    }).pipe(Effect.provide(mocked(ok))))

  it.effect("deleteUser: DELETE, 202 without a body is success", () =>
    Effect.gen(function*() {
      const result = yield* (yield* users).deleteUser("google-oauth2|12345")
      assert.isUndefined(result)
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.method, "DELETE")
      assert.strictEqual(request.path, "/v1/users/google-oauth2%7C12345")
      assert.isUndefined(request.body)
    }).pipe(Effect.provide(mocked(ok))))

  it.effect("linkTenantUser: PATCH, the tenant id encoded, the TenantUser as a JSON body, 204", () =>
    Effect.gen(function*() {
      const result = yield* (yield* users).linkTenantUser("tenant/eu 1", { userId: "oauth|ada" })
      assert.isUndefined(result)
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.method, "PATCH")
      assert.strictEqual(request.path, "/v1/tenants/tenant%2Feu%201/users")
      assert.strictEqual(request.headers["content-type"], "application/json")
      assert.deepStrictEqual(JSON.parse(request.body ?? ""), { userId: "oauth|ada" })
    }).pipe(Effect.provide(mocked(ok))))

  it("apiUrl reads URLs as Authress's SDK does", () => {
    assert.strictEqual(AuthressUsers.apiUrl("acc.api.authress.io"), "https://acc.api.authress.io")
    assert.strictEqual(AuthressUsers.apiUrl(" http://127.0.0.1:8080/ "), "http://127.0.0.1:8080")
    assert.strictEqual(AuthressUsers.apiUrl("localhost:8888"), "http://localhost:8888")
    assert.strictEqual(AuthressUsers.apiUrl("HTTPS://Auth.Example.com"), "HTTPS://Auth.Example.com")
  })

  it.effect("a base URL without a scheme gets https://, trailing slashes go", () =>
    Effect.gen(function*() {
      yield* (yield* users).getUser("u1")
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.url.href, "https://auth.example.com/v1/users/u1")
    }).pipe(Effect.provide(
      AuthressUsers.layer({ baseUrl: "auth.example.com//", token: Redacted.make("jwt"), rateLimit: false }).pipe(
        Layer.provideMerge(MockHttpClient.layer(ok))
      )
    )))
})

describe("authentication", () => {
  it.effect("a ready token is sent as it is", () =>
    Effect.gen(function*() {
      yield* (yield* users).getUser("u1")
      const [request] = yield* MockHttpClient.requests
      assert.strictEqual(request.headers["authorization"], "Bearer eyJready.token.sig")
    }).pipe(Effect.provide(
      AuthressUsers.layer({ baseUrl, token: Redacted.make("eyJready.token.sig"), rateLimit: false }).pipe(
        Layer.provideMerge(MockHttpClient.layer(ok))
      )
    )))

  it.effect("a token Effect runs for every request", () => {
    let runs = 0
    const token = Effect.sync(() => Redacted.make(`token-${++runs}`))
    return Effect.gen(function*() {
      yield* (yield* users).getUser("u1")
      yield* (yield* users).deleteUser("u1")
      const requests = yield* MockHttpClient.requests
      assert.deepStrictEqual(requests.map((request) => request.headers["authorization"]), [
        "Bearer token-1",
        "Bearer token-2"
      ])
    }).pipe(Effect.provide(
      AuthressUsers.layer({ baseUrl, token, rateLimit: false }).pipe(Layer.provideMerge(MockHttpClient.layer(ok)))
    ))
  })

  it.effect("an access key signs one token and reuses it across calls", () =>
    Effect.gen(function*() {
      yield* (yield* users).getUser("u1")
      yield* (yield* users).getUsers()
      yield* (yield* users).linkTenantUser("t1", { userId: "u1" })
      const headers = (yield* MockHttpClient.requests).map((request) => request.headers["authorization"])
      assert.strictEqual(headers.length, 3)
      assert.strictEqual(new Set(headers).size, 1)
      assert.match(headers[0] ?? "", /^Bearer eyJ[\w-]+\.eyJ[\w-]+\.[\w-]{86}$/)
    }).pipe(Effect.provide(mocked(ok))))
})

describe("validation before sending", () => {
  const rejected = (
    label: string,
    call: (service: AuthressUsers.AuthressUsersService) => Effect.Effect<unknown, { readonly _tag: string }>,
    path: string
  ) =>
    it.effect(`${label} is rejected naming ${path}, and nothing is sent`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(call(yield* users))
        if (error._tag !== "RequestValidationError" || !("issues" in error) || !Array.isArray(error.issues)) {
          return assert.fail(error._tag)
        }
        assert.deepStrictEqual(error.issues.map((issue: { readonly path: string }) => issue.path), [path])
        assert.lengthOf(yield* MockHttpClient.requests, 0)
      }).pipe(Effect.provide(mocked(ok))))

  rejected("limit 0", (service) => service.getUsers({ limit: 0 }), "query.limit")
  rejected("limit 101", (service) => service.getUsers({ limit: 101 }), "query.limit")
  rejected("limit 2.5", (service) => service.getUsers({ limit: 2.5 }), "query.limit")
  rejected("a 65-character filter", (service) => service.getUsers({ filter: "x".repeat(65) }), "query.filter")
  rejected("an empty tenantId", (service) => service.getUsers({ tenantId: "" }), "query.tenantId")
  rejected("a tenantId with a space", (service) => service.getUsers({ tenantId: "a b" }), "query.tenantId")
  rejected("a 129-character tenantId", (service) => service.getUsers({ tenantId: "t".repeat(129) }), "query.tenantId")
  rejected("a user id of ..", (service) => service.getUser(".."), "params.userId")
  rejected("an empty user id", (service) => service.deleteUser(""), "params.userId")
  rejected("a tenant id of .", (service) => service.linkTenantUser(".", { userId: "u1" }), "params.tenantId")
  rejected("a TenantUser id with #", (service) => service.linkTenantUser("t1", { userId: "u#1" }), "body.userId")
  rejected("an empty TenantUser id", (service) => service.linkTenantUser("t1", { userId: "" }), "body.userId")

  it.effect("the limits themselves pass: 1, 100, a 64-character filter, a 128-character tenantId", () =>
    Effect.gen(function*() {
      const service = yield* users
      yield* service.getUsers({ limit: 1 })
      yield* service.getUsers({ limit: 100, filter: "f".repeat(64), tenantId: "t".repeat(128) })
      assert.lengthOf(yield* MockHttpClient.requests, 2)
    }).pipe(Effect.provide(mocked(ok))))
})
