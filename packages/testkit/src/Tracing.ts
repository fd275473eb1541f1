/**
 * An in-memory OpenTelemetry exporter for a test: the spans a program finishes, read back as plain
 * records. It goes through `@effect/opentelemetry`'s `NodeSdk` (an `InMemorySpanExporter` behind a
 * `SimpleSpanProcessor`, so a span is exported the moment it ends), the path an application's
 * spans take to a real collector. Every `layer` has its own exporter: tests may run concurrently.
 *
 * @since 0.2.0
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as OtelApi from "@opentelemetry/api"
import * as TraceBase from "@opentelemetry/sdk-trace-base"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

/**
 * A finished span, as the exporter received it.
 *
 * @since 0.2.0
 * @category models
 */
export interface FinishedSpan {
  readonly name: string
  readonly kind: "internal" | "server" | "client" | "producer" | "consumer"
  readonly attributes: OtelApi.Attributes
  readonly traceId: string
  readonly spanId: string
  /** The id of the parent span, `undefined` for a root span. */
  readonly parentSpanId: string | undefined
  readonly status: { readonly code: "unset" | "ok" | "error"; readonly message: string | undefined }
}

/**
 * The spans exported so far, in the order they ended.
 *
 * @since 0.2.0
 * @category tags
 */
export class Spans extends Context.Tag("@userkit/testkit/Tracing/Spans")<Spans, {
  readonly finished: Effect.Effect<ReadonlyArray<FinishedSpan>>
}>() {}

const kinds: Record<OtelApi.SpanKind, FinishedSpan["kind"]> = {
  [OtelApi.SpanKind.INTERNAL]: "internal",
  [OtelApi.SpanKind.SERVER]: "server",
  [OtelApi.SpanKind.CLIENT]: "client",
  [OtelApi.SpanKind.PRODUCER]: "producer",
  [OtelApi.SpanKind.CONSUMER]: "consumer"
}

const statuses: Record<OtelApi.SpanStatusCode, FinishedSpan["status"]["code"]> = {
  [OtelApi.SpanStatusCode.UNSET]: "unset",
  [OtelApi.SpanStatusCode.OK]: "ok",
  [OtelApi.SpanStatusCode.ERROR]: "error"
}

const finishedSpan = (span: TraceBase.ReadableSpan): FinishedSpan => ({
  name: span.name,
  kind: kinds[span.kind],
  attributes: span.attributes,
  traceId: span.spanContext().traceId,
  spanId: span.spanContext().spanId,
  parentSpanId: span.parentSpanContext?.spanId,
  status: { code: statuses[span.status.code], message: span.status.message }
})

/**
 * Installs an OpenTelemetry tracer that exports to memory, and provides {@link Spans} to read it.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<Spans> = Layer.unwrapEffect(Effect.sync(() => {
  const exporter = new TraceBase.InMemorySpanExporter()
  const sdk = NodeSdk.layer(() => ({
    resource: { serviceName: "userkit-test" },
    spanProcessor: new TraceBase.SimpleSpanProcessor(exporter)
  }))
  const spans = Layer.succeed(Spans, {
    finished: Effect.sync(() => exporter.getFinishedSpans().map(finishedSpan))
  })
  return Layer.merge(spans, Layer.discard(sdk))
}))

/**
 * The spans whose parent is `parent`, in the order they ended.
 *
 * @since 0.2.0
 * @category combinators
 */
export const childrenOf = (spans: ReadonlyArray<FinishedSpan>, parent: FinishedSpan): ReadonlyArray<FinishedSpan> =>
  spans.filter((span) => span.parentSpanId === parent.spanId && span.traceId === parent.traceId)
