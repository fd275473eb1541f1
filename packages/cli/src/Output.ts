/**
 * Where `userkit` writes: data (the review, the plan, the JSON document) on stdout and nothing
 * else there; messages, diagnostics and progress on stderr. A reader that goes away (`userkit
 * audit --csv | head -1`) closes its stream quietly: what is left to write there is dropped, with
 * no stack trace. Colour only where a terminal is and `NO_COLOR` is not set.
 *
 * @since 0.3.0
 */
import * as Console from "effect/Console"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as NodeConsole from "node:console"
import * as Stream from "node:stream"
import * as Util from "node:util"

/**
 * A stream `userkit` writes to.
 *
 * @since 0.3.0
 * @category models
 */
export interface Sink {
  readonly write: (text: string) => void
  /** Whether a terminal is there (progress is redrawn in place, help may be coloured). */
  readonly isTTY: boolean
}

/**
 * What {@link nodeSink} needs of a Node stream (`process.stdout` is one).
 *
 * @since 0.3.0
 * @category models
 */
export interface NodeStream {
  readonly write: (text: string) => unknown
  readonly on: (event: "error", listener: (error: Error) => void) => unknown
  readonly destroyed: boolean
  readonly isTTY?: boolean | undefined
}

/**
 * A Node stream as a {@link Sink}. Once it fails (EPIPE: the reader closed the pipe), it is
 * closed: later writes are dropped instead of raising an unhandled `'error'` event.
 *
 * @since 0.3.0
 * @category constructors
 */
export const nodeSink = (stream: NodeStream): Sink => {
  let open = true
  stream.on("error", () => {
    open = false
  })
  return {
    write: (text) => {
      if (open && !stream.destroyed) stream.write(text)
    },
    isTTY: stream.isTTY === true
  }
}

/**
 * Whether a sink gets ANSI colour: only a terminal, and only without `NO_COLOR` (any non-empty
 * value, as no-color.org says) and `TERM=dumb`.
 *
 * @since 0.3.0
 * @category predicates
 */
export const colorFor = (sink: Sink, env: Readonly<Record<string, string | undefined>>): boolean =>
  sink.isTTY && (env["NO_COLOR"] ?? "") === "" && env["TERM"] !== "dumb"

/**
 * How often progress is printed as a plain line when stderr is not a terminal.
 *
 * @since 0.3.0
 * @category constants
 */
export const plainProgressMillis = 5_000

/**
 * The output of one run.
 *
 * @since 0.3.0
 * @category models
 */
export interface OutputService {
  /** Data, on stdout: the text and a line end. */
  readonly data: (text: string) => Effect.Effect<void>
  /** A message for the person running it, on stderr. */
  readonly info: (text: string) => Effect.Effect<void>
  /**
   * Progress, on stderr: redrawn in place on a terminal (at most every 100 ms), otherwise a plain
   * line at most every {@link plainProgressMillis}.
   */
  readonly progress: (line: string) => Effect.Effect<void>
  /** Ends a progress line redrawn in place (nothing otherwise). */
  readonly endProgress: Effect.Effect<void>
  /**
   * A `Console` over the same streams for what `@effect/cli` prints (help, usage, version):
   * `log` to stdout, `error` to stderr, ANSI removed where colour is off.
   */
  readonly console: Console.Console
}

/**
 * The output service.
 *
 * @since 0.3.0
 * @category tags
 */
export class Output extends Context.Tag("@userkit/cli/Output")<Output, OutputService>() {}

const writable = (sink: Sink, color: boolean) =>
  new Stream.Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const text = chunk.toString()
      sink.write(color ? text : Util.stripVTControlCharacters(text))
      callback()
    }
  })

const consoleOver = (unsafe: Console.UnsafeConsole): Console.Console => ({
  [Console.TypeId]: Console.TypeId,
  assert: (condition, ...args) => Effect.sync(() => unsafe.assert(condition, ...args)),
  clear: Effect.sync(() => unsafe.clear()),
  count: (label) => Effect.sync(() => unsafe.count(label)),
  countReset: (label) => Effect.sync(() => unsafe.countReset(label)),
  debug: (...args) => Effect.sync(() => unsafe.debug(...args)),
  dir: (item, options) => Effect.sync(() => unsafe.dir(item, options)),
  dirxml: (...args) => Effect.sync(() => unsafe.dirxml(...args)),
  error: (...args) => Effect.sync(() => unsafe.error(...args)),
  group: (options) =>
    Effect.sync(() =>
      options?.collapsed === true ? unsafe.groupCollapsed(options.label) : unsafe.group(options?.label)
    ),
  groupEnd: Effect.sync(() => unsafe.groupEnd()),
  info: (...args) => Effect.sync(() => unsafe.info(...args)),
  log: (...args) => Effect.sync(() => unsafe.log(...args)),
  table: (data, properties) =>
    Effect.sync(() => unsafe.table(data, properties === undefined ? undefined : [...properties])),
  time: (label) => Effect.sync(() => unsafe.time(label)),
  timeEnd: (label) => Effect.sync(() => unsafe.timeEnd(label)),
  timeLog: (label, ...args) => Effect.sync(() => unsafe.timeLog(label, ...args)),
  trace: (...args) => Effect.sync(() => unsafe.trace(...args)),
  warn: (...args) => Effect.sync(() => unsafe.warn(...args)),
  unsafe
})

/**
 * The output over two sinks, coloured as {@link colorFor} says.
 *
 * @since 0.3.0
 * @category constructors
 */
export const make = (
  sinks: { readonly stdout: Sink; readonly stderr: Sink },
  env: Readonly<Record<string, string | undefined>>
): OutputService => {
  const { stderr, stdout } = sinks
  let lastDrawn = Number.NEGATIVE_INFINITY
  let drawing = false
  const unsafe = new NodeConsole.Console({
    stdout: writable(stdout, colorFor(stdout, env)),
    stderr: writable(stderr, colorFor(stderr, env)),
    colorMode: false
  })
  return {
    data: (text) => Effect.sync(() => stdout.write(`${text}\n`)),
    info: (text) =>
      Effect.sync(() => {
        // A message never lands in the middle of a progress line.
        if (drawing) stderr.write("\r\u001b[K")
        stderr.write(`${text}\n`)
      }),
    progress: (line) =>
      Effect.sync(() => {
        const now = Date.now()
        if (now - lastDrawn < (stderr.isTTY ? 100 : plainProgressMillis)) return
        lastDrawn = now
        if (stderr.isTTY) {
          drawing = true
          stderr.write(`\r${line}\u001b[K`)
        } else {
          stderr.write(`${line}\n`)
        }
      }),
    endProgress: Effect.sync(() => {
      if (drawing) stderr.write("\r\u001b[K")
      drawing = false
      lastDrawn = Number.NEGATIVE_INFINITY
    }),
    console: consoleOver(unsafe)
  }
}

/**
 * The process's stdout and stderr.
 *
 * @since 0.3.0
 * @category constructors
 */
export const fromProcess = (env: Readonly<Record<string, string | undefined>>): OutputService =>
  make({ stdout: nodeSink(process.stdout), stderr: nodeSink(process.stderr) }, env)
