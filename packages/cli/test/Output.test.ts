/**
 * Where the CLI writes: colour only on a terminal without NO_COLOR, progress as plain lines off a
 * terminal, and a stream whose reader went away (EPIPE) closed quietly.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Output from "@userkit/cli/Output"
import * as Effect from "effect/Effect"
import * as Stream from "node:stream"

const sink = (isTTY: boolean) => ({ write: () => undefined, isTTY })

describe("Output", () => {
  it("colour only on a terminal, and never with NO_COLOR or TERM=dumb", () => {
    assert.isTrue(Output.colorFor(sink(true), {}))
    assert.isFalse(Output.colorFor(sink(false), {}))
    assert.isFalse(Output.colorFor(sink(true), { NO_COLOR: "1" }))
    assert.isTrue(Output.colorFor(sink(true), { NO_COLOR: "" }))
    assert.isFalse(Output.colorFor(sink(true), { TERM: "dumb" }))
  })

  it.effect("the console @effect/cli prints with loses its ANSI off a terminal; data is kept as written", () =>
    Effect.gen(function*() {
      let stdout = ""
      const output = Output.make({
        stdout: { write: (text) => void (stdout += text), isTTY: false },
        stderr: sink(false)
      }, {})
      yield* output.console.log("\u001b[1mUSAGE\u001b[0m")
      yield* output.data("a,b")
      assert.strictEqual(stdout, "USAGE\na,b\n")
    }))

  it.effect("progress off a terminal: a plain line, then none until the interval has passed", () =>
    Effect.gen(function*() {
      let stderr = ""
      const output = Output.make({
        stdout: sink(false),
        stderr: { write: (text) => void (stderr += text), isTTY: false }
      }, {})
      yield* output.progress("listed so far: Rockset 1")
      yield* output.progress("listed so far: Rockset 2")
      assert.strictEqual(stderr, "listed so far: Rockset 1\n")
    }))

  it.effect("a stream that fails with EPIPE is closed: later writes are dropped, nothing is thrown", () =>
    Effect.gen(function*() {
      const writes: Array<string> = []
      const stream = new Stream.Writable({
        write(chunk: Buffer, _encoding, callback) {
          writes.push(chunk.toString())
          callback(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }))
        }
      })
      const closed = Output.nodeSink(stream)
      closed.write("first\n")
      yield* Effect.yieldNow()
      yield* Effect.promise(() => new Promise((resolve) => setImmediate(resolve)))
      closed.write("second\n")
      assert.deepStrictEqual(writes, ["first\n"])
    }))
})
