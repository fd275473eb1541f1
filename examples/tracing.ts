/**
 * What userkit shows an OpenTelemetry backend.
 *
 * Serves the fake Rockset on a 127.0.0.1 port, installs the OpenTelemetry SDK through
 * `@effect/opentelemetry` with an in-memory exporter, runs a few calls under the application's
 * own span (one of them a NotFound the program handles), then prints the span tree: an operation
 * span `Rockset.<operation>` per call, with one client span `{method} {url.template}` per attempt.
 * No id and no key appears in it.
 *
 *   npx tsx examples/tracing.ts
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as TraceBase from "@opentelemetry/sdk-trace-base"
import * as Fake from "@userkit/rockset/Fake"
import * as RocksetUsers from "@userkit/rockset/RocksetUsers"
import * as UndiciHttpClient from "@userkit/undici/UndiciHttpClient"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"

const exporter = new TraceBase.InMemorySpanExporter()
const tracing = NodeSdk.layer(() => ({
  resource: { serviceName: "userkit-tracing-example" },
  spanProcessor: new TraceBase.SimpleSpanProcessor(exporter)
}))

const calls = Effect.gen(function*() {
  const users = yield* RocksetUsers.RocksetUsers
  yield* users.create({ email: "ada@example.com", roles: ["member"] })
  yield* users.get("ada@example.com")
  const missing = yield* users.get("nobody@example.com").pipe(
    Effect.as("found?!"),
    Effect.catchTag("NotFound", () => Effect.succeed("handled"))
  )
  yield* users.list()
  return missing
}).pipe(Effect.withSpan("offboarding review"))

const kinds = ["internal", "server", "client", "producer", "consumer"]

// The finished spans as a tree, children under their parent in the order they started.
const printTree = Effect.suspend(() => {
  const spans = [...exporter.getFinishedSpans()].sort((a, b) =>
    a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]
  )
  const lines: Array<string> = []
  const print = (parent: string | undefined, depth: number) => {
    for (const span of spans.filter((s) => s.parentSpanContext?.spanId === parent)) {
      const status = span.status.code === 2 ? " ERROR" : ""
      lines.push(`${"  ".repeat(depth)}${span.name}  [${kinds[span.kind]}${status}] ${JSON.stringify(span.attributes)}`)
      print(span.spanContext().spanId, depth + 1)
    }
  }
  print(undefined, 0)
  return Console.log(lines.join("\n"))
})

const main = Effect.gen(function*() {
  const fake = yield* Fake.make()
  const { url } = yield* fake.serve()
  const missing = yield* calls.pipe(
    Effect.provide(RocksetUsers.layer({ apiKey: Redacted.make(Fake.defaultApiKey), baseUrl: url }))
  )
  yield* Console.log(`the missing user: ${missing}; the spans (an attempt answered 404 is an error span):\n`)
  // Read inside the SDK's scope: the exporter is cleared when the SDK shuts down.
  yield* printTree
}).pipe(Effect.scoped, Effect.provide(Layer.merge(UndiciHttpClient.layer, tracing)))

NodeRuntime.runMain(main)
