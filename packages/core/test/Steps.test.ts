import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { assert, describe, it } from "@effect/vitest"
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { getItem, listItems, TestApi } from "./fixtures.js"

// The steps of the call path, each on its own, without a transport.
const call = Client.makeCall(TestApi, getItem)
const settings = Client.settings({ baseUrl: "https://acme.test/api/", auth: Auth.bearer(Redacted.make("t")) })
const response = (status: number, body: string | null, headers: Record<string, string> = {}) =>
  HttpClientResponse.fromWeb(HttpClientRequest.get("https://acme.test"), new Response(body, { status, headers }))

describe("the steps of a call", () => {
  it("settings: defaults, and a base URL refused without quoting it", () => {
    assert.strictEqual(settings.baseUrl, "https://acme.test/api")
    assert.isTrue(settings.timeout !== undefined && Duration.equals(settings.timeout, Duration.seconds(30)))
    assert.strictEqual(settings.maxResponseBytes, 32 * 1024 * 1024)
    assert.isUndefined(settings.deadline)
    assert.isUndefined(Client.settings({ ...settings, timeout: false }).timeout)
    assert.isUndefined(settings.baseUrlProblem)
    const problem = Client.baseUrlProblem("https://ada:pw-1@acme.test")
    assert.include(problem, "carries credentials")
    assert.notInclude(problem, "pw-1")
    assert.include(Client.baseUrlProblem("acme.test"), "not a valid absolute URL")
  })

  it("buildRequest: base URL, encoded path, query entries, Accept", () => {
    const request = Client.buildRequest(listItems, settings.baseUrl, {
      path: "/items",
      query: [["tag", "a b"]],
      body: undefined
    })
    assert.strictEqual(request.method, "GET")
    assert.strictEqual(request.url, "https://acme.test/api/items")
    assert.deepStrictEqual(request.urlParams, [["tag", "a b"]])
    assert.strictEqual(request.headers["accept"], "application/json")
  })

  it("describeCause: the error's name and code, never its message", () => {
    const cause = new TypeError("Headers.append: \"ApiKey SECRET\\r\\nX: 1\" is an invalid header value.")
    assert.strictEqual(Client.describeCause(cause), "TypeError")
    assert.strictEqual(
      Client.describeCause(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })),
      "TypeError (ECONNREFUSED)"
    )
    assert.strictEqual(Client.describeCause("a string"), "unknown error")
  })

  it("scrub: a secret as given and percent-encoded", () => {
    assert.strictEqual(Client.scrub("/tokens/a b and a%20b", ["a b"]), "/tokens/<redacted> and <redacted>")
    assert.strictEqual(Client.scrub("unchanged", [""]), "unchanged")
  })

  it.effect("readBody: an error body past 64 KiB is kept to 64 KiB, a bodiless 204 is empty", () =>
    Effect.gen(function*() {
      const big = yield* Client.readBody(call, 1024, response(500, "x".repeat(100_000)))
      assert.strictEqual(big.text.length, Client.errorBodyBytes)
      assert.isFalse(big.complete)
      const none = yield* Client.readBody(call, 1024, response(204, null))
      assert.deepStrictEqual(none, { text: "", complete: true })
      const tooLarge = yield* Effect.flip(Client.readBody(call, 1024, response(200, "y".repeat(2048))))
      assert.strictEqual(tooLarge._tag === "TransportError" ? tooLarge.reason : tooLarge._tag, "ResponseTooLarge")
    }))

  it.effect("mapStatus: a documented status, an undocumented one with its decoded body, a redirect's Location", () =>
    Effect.gen(function*() {
      const notFound = yield* Effect.flip(Client.mapStatus(call, response(404, "{}"), { text: "{}", complete: true }))
      assert.strictEqual(notFound._tag, "NotFound")
      const teapot = yield* Effect.flip(
        Client.mapStatus(call, response(418, ""), { text: "{\"detail\":\"short\"}", complete: true })
      )
      assert.strictEqual(teapot._tag, "UnexpectedStatus")
      if (teapot._tag === "UnexpectedStatus") assert.deepStrictEqual(teapot.body, { detail: "short" })
      const moved = yield* Effect.flip(
        Client.mapStatus(call, response(301, null, { location: "https://elsewhere/tok-1" }), {
          text: "",
          complete: true
        }, ["tok-1"])
      )
      assert.strictEqual(moved._tag, "UnexpectedStatus")
      if (moved._tag === "UnexpectedStatus") assert.strictEqual(moved.location, "https://elsewhere/<redacted>")
      // An error body cut at the limit is not decoded: half a JSON document is not the vendor's body.
      const cut = yield* Effect.flip(
        Client.mapStatus(call, response(418, ""), { text: "{\"detail\":\"short\"}", complete: false })
      )
      if (cut._tag === "UnexpectedStatus") assert.isUndefined(cut.body)
    }))

  it.effect("decodeSuccess: the value, or a ResponseDecodeError naming the problem", () =>
    Effect.gen(function*() {
      const item = yield* Client.decodeSuccess(
        call,
        response(200, ""),
        "{\"id\":\"a1\",\"createdAt\":\"2024-05-01T10:00:00.000Z\"}"
      )
      assert.strictEqual(item.id, "a1")
      const error = yield* Effect.flip(Client.decodeSuccess(call, response(200, ""), "not json"))
      assert.include(error.issue, "not JSON")
    }))
})

describe("Auth.validateHeaderValue", () => {
  it.effect("accepts visible ASCII, inner spaces and obs-text; refuses controls, edges and code points above U+00FF", () =>
    Effect.gen(function*() {
      for (const ok of ["abc", "a b", "Bearer x.y-z_~+/=", "caf\u00e9", ""]) {
        assert.strictEqual(yield* Auth.validateHeaderValue("X", ok), ok)
      }
      const problems = new Set<string>()
      for (const bad of ["a\r\nb", "a\nb", "a\u0000b", "a\u007fb", " a", "a\t", "\u0100"]) {
        const error = yield* Effect.flip(Auth.validateHeaderValue("X-Key", bad))
        assert.strictEqual(error.header, "X-Key")
        problems.add(error.problem)
      }
      // One fixed text whatever the value: it cannot carry any of it.
      assert.strictEqual(problems.size, 1)
    }))
})
