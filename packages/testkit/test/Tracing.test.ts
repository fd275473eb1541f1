import { assert, describe, it } from "@effect/vitest"
import * as Tracing from "@userkit/testkit/Tracing"
import * as Effect from "effect/Effect"

describe("Tracing", () => {
  it.effect("an Effect.withSpan reaches the in-memory exporter with its kind, attributes, parent and status", () =>
    Effect.gen(function*() {
      yield* Effect.fail("refused").pipe(
        Effect.withSpan("inner", { kind: "client", attributes: { "server.port": 443 } }),
        Effect.ignore,
        Effect.withSpan("outer")
      )
      const spans = yield* Effect.flatMap(Tracing.Spans, (s) => s.finished)
      assert.deepStrictEqual(spans.map((span) => span.name), ["inner", "outer"])
      const [inner, outer] = spans
      if (inner === undefined || outer === undefined) return assert.fail("two spans expected")
      assert.strictEqual(inner.kind, "client")
      assert.strictEqual(inner.attributes["server.port"], 443)
      assert.strictEqual(inner.status.code, "error")
      assert.strictEqual(outer.kind, "internal")
      assert.strictEqual(outer.status.code, "ok")
      assert.isUndefined(outer.parentSpanId)
      assert.deepStrictEqual(Tracing.childrenOf(spans, outer), [inner])
    }).pipe(Effect.provide(Tracing.layer)))

  it.effect("each layer has its own exporter", () =>
    Effect.gen(function*() {
      yield* Effect.void.pipe(Effect.withSpan("first"), Effect.provide(Tracing.layer))
      assert.deepStrictEqual(yield* Effect.flatMap(Tracing.Spans, (s) => s.finished), [])
    }).pipe(Effect.provide(Tracing.layer)))
})
