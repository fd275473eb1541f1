/**
 * Test aids: the pieces of the `layerTest` service stubs the vendor packages export, and a way to
 * see every log line and span attribute a run produced.
 *
 * @since 0.1.0
 */
import * as Arbitrary from "effect/Arbitrary"
import * as Cause from "effect/Cause"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Tracer from "effect/Tracer"
import * as Decoder from "./internal/decoder.js"

/**
 * The dying methods of a test stub, now in `Stub` (which a vendor module imports without this
 * module's FastCheck); kept here for code that imported them from `Testing`.
 *
 * @since 0.1.0
 * @category constructors
 */
export { unimplemented, unimplementedStream } from "./Stub.js"

/**
 * A span recorded by {@link capture}.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordedSpan {
  readonly name: string
  readonly kind: Tracer.SpanKind
  readonly attributes: ReadonlyMap<string, unknown>
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }>
}

/**
 * What {@link capture} saw of a run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Captured<A, E> {
  readonly exit: Exit.Exit<A, E>
  /** Every log line, at every level, in logfmt and JSON form. */
  readonly logs: ReadonlyArray<string>
  readonly spans: ReadonlyArray<RecordedSpan>
  /** All of it as one text: the logs, the spans, the exit as JSON and its cause pretty-printed. */
  readonly text: string
}

class RecordingSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId = `span-${Math.random().toString(16).slice(2)}`
  readonly traceId: string
  readonly sampled = true
  readonly attributes = new Map<string, unknown>()
  readonly events: Array<{ readonly name: string; readonly attributes: Record<string, unknown> | undefined }> = []
  readonly links: Array<Tracer.SpanLink>
  status: Tracer.SpanStatus
  constructor(
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: ReadonlyArray<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind
  ) {
    this.traceId = Option.match(parent, { onNone: () => this.spanId, onSome: (span) => span.traceId })
    this.links = [...links]
    this.status = { _tag: "Started", startTime }
  }
  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
  }
  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
  }
  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    this.events.push({ name, attributes })
  }
  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    this.links.push(...links)
  }
}

const describeSpan = (span: RecordedSpan): string =>
  `${span.name} ${JSON.stringify(Object.fromEntries(span.attributes))} ${JSON.stringify(span.events)}`

/**
 * Runs an effect with every log level enabled and a recording tracer, and returns everything it
 * left behind, so a test can prove that a secret appears nowhere.
 *
 * @since 0.1.0
 * @category testing
 */
export const capture = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<Captured<A, E>, never, R> =>
  Effect.suspend(() => {
    const logs: Array<string> = []
    const spans: Array<RecordingSpan> = []
    const logger = Logger.make((options) => {
      logs.push(Logger.logfmtLogger.log(options), Logger.jsonLogger.log(options))
    })
    const tracer = Tracer.make({
      span: (name, parent, context, links, startTime, kind) => {
        const span = new RecordingSpan(name, parent, context, links, startTime, kind)
        spans.push(span)
        return span
      },
      context: (f) => f()
    })
    return effect.pipe(
      Effect.exit,
      Effect.withTracer(tracer),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.All),
      Effect.map((exit) => ({
        exit,
        logs,
        spans,
        text: [
          ...logs,
          ...spans.map(describeSpan),
          JSON.stringify(exit),
          Exit.isFailure(exit) ? Cause.pretty(exit.cause, { renderErrorCause: true }) : ""
        ].join("\n")
      }))
    )
  })

/**
 * Checks that a model survives the trip a value makes over the wire: any value the schema can
 * produce is encoded, sent as JSON text, decoded, and encoded again to the same JSON. Compared in
 * its encoded form, as it travels (a `Redacted` value compares by reference, and JSON has no
 * `-0`). Throws with the counterexample when it does not hold.
 *
 * @since 0.1.0
 * @category testing
 */
export const assertRoundTrip = <A, I>(schema: Schema.Schema<A, I>, options: { readonly numRuns?: number } = {}) => {
  const encode = Schema.encodeSync(schema)
  const decode = Schema.decodeUnknownSync(schema)
  FastCheck.assert(
    FastCheck.property(Arbitrary.make(schema), (value) => {
      const sent = JSON.stringify(encode(value))
      const received = JSON.stringify(encode(decode(JSON.parse(sent))))
      if (received !== sent) throw new Error(`sent ${sent}, got back ${received}`)
    }),
    { numRuns: options.numRuns ?? 100 }
  )
}

// Tells apart what JSON.stringify would merge: dates, class instances, key order.
const show = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) => {
    if (inner instanceof Date) return `Date(${inner.getTime()})`
    if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) {
      const proto: unknown = Object.getPrototypeOf(inner)
      if (proto !== Object.prototype && proto !== null) return `${String(proto)}:${String(inner)}`
    }
    return inner
  })

// Replaces one nested value (the `pick`-th, depth first) of a JSON value.
const replaceOne = (value: unknown, replacement: unknown, pick: number): unknown => {
  const slots: Array<readonly [object, string]> = []
  const walk = (node: unknown) => {
    if (typeof node !== "object" || node === null) return
    for (const [key, child] of Object.entries(node)) {
      slots.push([node, key])
      walk(child)
    }
  }
  walk(value)
  if (slots.length === 0) return value
  const [container, key] = slots[pick % slots.length]
  Reflect.set(container, key, replacement)
  return value
}

// Every object of a JSON value with its keys in reverse order.
const reverseKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reverseKeys)
  if (typeof value !== "object" || value === null) return value
  return Object.fromEntries(Object.entries(value).reverse().map(([key, child]) => [key, reverseKeys(child)]))
}

// Adds a key no schema declares to one object (the `pick`-th, depth first) of a JSON value.
const addUnexpectedKey = (value: unknown, pick: number): unknown => {
  const objects: Array<object> = []
  const walk = (node: unknown) => {
    if (typeof node !== "object" || node === null) return
    if (!Array.isArray(node)) objects.push(node)
    for (const child of Object.values(node)) walk(child)
  }
  walk(value)
  if (objects.length > 0) Reflect.set(objects[pick % objects.length], "unexpected", [1])
  return value
}

/**
 * Checks that userkit's generated response decoder agrees with Effect's parser on a schema: on
 * valid bodies, valid bodies with one nested value replaced by random JSON or `null`, with every
 * object's keys in reverse order, with an extra key in one object, and arbitrary JSON, both succeed with the same value or both fail with the same
 * issue, and the decoder's fast path alone never accepts what the parser rejects. Throws with the
 * counterexample when they differ; otherwise says how many bodies it checked and how many decoded.
 *
 * @since 0.1.0
 * @category testing
 */
export const assertDecoderAgrees = <A, I>(
  schema: Schema.Schema<A, I>,
  options: { readonly numRuns?: number } = {}
): { readonly checked: number; readonly decoded: number } => {
  const parser = ParseResult.decodeUnknownEither(schema, { errors: "all" })
  const compiled = Decoder.compile(schema)
  const fast = Decoder.fastPath(schema)
  let checked = 0
  let decoded = 0
  const encode = Schema.encodeUnknownSync(schema)
  const valid = Arbitrary.make(schema).map((value): unknown => {
    const encoded: unknown = encode(value)
    return encoded === undefined ? undefined : JSON.parse(JSON.stringify(encoded))
  })
  const input = FastCheck.oneof(
    valid,
    FastCheck.tuple(valid, FastCheck.oneof(FastCheck.jsonValue(), FastCheck.constant(null)), FastCheck.nat()).map((
      [value, replacement, pick]
    ) => replaceOne(value, replacement, pick)),
    valid.map(reverseKeys),
    FastCheck.tuple(valid, FastCheck.nat()).map(([value, pick]) => addUnexpectedKey(value, pick)),
    FastCheck.jsonValue()
  )
  FastCheck.assert(
    FastCheck.property(input, (body) => {
      const expected = parser(structuredClone(body))
      const actual = compiled(structuredClone(body))
      const where = `on ${show(body)}`
      checked++
      if (fast !== undefined && fast(structuredClone(body)) !== undefined && Either.isLeft(expected)) {
        throw new Error(`the fast path accepts what the parser rejects ${where}`)
      }
      if (Either.isRight(expected) !== Either.isRight(actual)) throw new Error(`success differs ${where}`)
      if (Either.isRight(expected) && Either.isRight(actual)) {
        decoded++
        if (show(expected.right) !== show(actual.right)) {
          throw new Error(`${show(expected.right)} !== ${show(actual.right)} ${where}`)
        }
      }
      if (Either.isLeft(expected) && Either.isLeft(actual)) {
        const [parsed, generated] = [expected.left, actual.left].map(ParseResult.TreeFormatter.formatIssueSync)
        if (parsed !== generated) throw new Error(`issues differ ${where}`)
      }
    }),
    { numRuns: options.numRuns ?? 200 }
  )
  return { checked, decoded }
}
