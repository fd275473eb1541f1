import { assert, describe, it } from "@effect/vitest"
import * as MockHttpClient from "@userkit/core/MockHttpClient"
import * as Tracing from "@userkit/testkit/Tracing"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as TestClock from "effect/TestClock"
import * as RocksetUsers from "../src/RocksetUsers.js"
import { apiKey } from "./helpers.js"

const user = {
  email: "ada@example.com",
  created_at: "2024-05-01T10:00:00Z",
  roles: ["member"],
  state: "ACTIVE"
}

// The first send is refused with a 429 (Retry-After: 1), the second answered.
const rateLimitedOnce = () => {
  let sends = 0
  return MockHttpClient.layer([
    MockHttpClient.route("GET", "/v1/orgs/self/users/{user}", () =>
      sends++ === 0
        ? MockHttpClient.json(429, { message: "rate limited", type: "RATELIMITEXCEEDED" }, { "retry-after": "1" })
        : MockHttpClient.json(200, user))
  ])
}

describe("spans of a Rockset get retried once after a 429, in OpenTelemetry", () => {
  it.effect("Rockset.get with two attempt spans named by the template, the second a resend", () =>
    Effect.gen(function*() {
      const users = yield* RocksetUsers.RocksetUsers
      const fiber = yield* Effect.fork(users.get("ada@example.com"))
      yield* TestClock.adjust("2 seconds")
      const got = yield* Fiber.join(fiber)
      assert.strictEqual(got.email, "ada@example.com")

      const spans = yield* Effect.flatMap(Tracing.Spans, (recorded) => recorded.finished)
      const operation = spans.find((span) => span.name === "Rockset.get")
      if (operation === undefined) return assert.fail("no Rockset.get span")
      assert.strictEqual(operation.kind, "internal")
      assert.isUndefined(operation.parentSpanId)
      assert.deepStrictEqual(operation.attributes, { "userkit.vendor": "Rockset", "userkit.operation": "get" })
      assert.strictEqual(operation.status.code, "ok")

      const attempts = Tracing.childrenOf(spans, operation)
      assert.deepStrictEqual(attempts.map((span) => [span.name, span.kind]), [
        ["GET /v1/orgs/self/users/{user}", "client"],
        ["GET /v1/orgs/self/users/{user}", "client"]
      ])
      const [first, second] = attempts
      const shape = {
        "http.request.method": "GET",
        "url.template": "/v1/orgs/self/users/{user}",
        "server.address": "api.usw2a1.rockset.com",
        "server.port": 443
      }
      assert.deepStrictEqual(first?.attributes, { ...shape, "http.response.status_code": 429, "error.type": "429" })
      assert.strictEqual(first?.status.code, "error")
      assert.deepStrictEqual(second?.attributes, {
        ...shape,
        "http.request.resend_count": 1,
        "http.response.status_code": 200
      })
      assert.strictEqual(second?.status.code, "ok")

      assert.deepStrictEqual(spans.map((span) => span.name).sort(), [
        "GET /v1/orgs/self/users/{user}",
        "GET /v1/orgs/self/users/{user}",
        "Rockset.get"
      ])
      const everything = JSON.stringify(spans)
      assert.notInclude(everything, apiKey)
      assert.notInclude(everything, "ada@example.com")
      assert.notInclude(everything, "ada%40example.com")
    }).pipe(
      Effect.provide(
        RocksetUsers.layer({ apiKey: Redacted.make(apiKey) }).pipe(
          Layer.provide(rateLimitedOnce()),
          Layer.merge(Tracing.layer)
        )
      )
    ))
})
