import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as Zlib from "node:zlib"
import { serve, transports } from "./loopback.js"

const inflated = 2 ** 31 // 2 GiB of decoded body
const mib = 1024 * 1024

// Compresses 2 GiB of zeros as a stream (nothing of that size is ever held), as a hostile server
// would prepare its answer once.
const compress = (encoder: Zlib.Gzip | Zlib.BrotliCompress) =>
  Effect.async<Buffer>((resume) => {
    const out: Array<Buffer> = []
    encoder.on("data", (chunk: Buffer) => out.push(chunk))
    encoder.on("end", () => resume(Effect.succeed(Buffer.concat(out))))
    const chunk = Buffer.alloc(mib)
    let sent = 0
    const pump = (): void => {
      while (sent < inflated) {
        sent += chunk.length
        if (!encoder.write(chunk)) {
          encoder.once("drain", pump)
          return
        }
      }
      encoder.end()
    }
    pump()
  })

const bombs = [
  {
    encoding: "br",
    body: compress(Zlib.createBrotliCompress({ params: { [Zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })),
    size: [1_000, 10_000]
  },
  { encoding: "gzip", body: compress(Zlib.createGzip({ level: 9 })), size: [1_500_000, 2_500_000] }
] as const

interface ChildReport {
  readonly outcome: string
  readonly reason: string | undefined
  readonly peakGrowth: number
  readonly sampledGrowth: number
}

const child = new URL("./child/readBomb.ts", import.meta.url).pathname

// The client runs in a child process: a regression that reads the body whole takes that process
// down (V8 aborts past 2^29 characters), and the test reads its exit instead of dying with it.
const runChild = (transport: string, url: string) =>
  Effect.async<ChildReport | string>((resume) => {
    ChildProcess.execFile(
      process.execPath,
      ["--conditions=@userkit/source", "--import", "tsx", child, transport, url],
      { cwd: Path.dirname(child), timeout: 60_000, maxBuffer: mib },
      (error, stdout, stderr) => {
        if (error !== null) return resume(Effect.succeed(`the child failed: ${error.message} ${stderr.slice(-500)}`))
        resume(Effect.succeed(JSON.parse(stdout)))
      }
    )
  })

describe("compression bombs (the client in a child process)", { timeout: 120_000 }, () => {
  for (const bomb of bombs) {
    it.live(`${bomb.encoding}: a body inflating to 2 GiB ends typed, memory flat, on every transport`, () =>
      Effect.gen(function*() {
        const body = yield* bomb.body
        assert.isTrue(body.length >= bomb.size[0] && body.length <= bomb.size[1], `${body.length} bytes`)
        const server = yield* serve((_req, res) => {
          res.writeHead(200, {
            "content-type": "application/json",
            "content-encoding": bomb.encoding,
            "content-length": body.length
          })
          res.end(body)
        })
        for (const { name } of transports) {
          const report = yield* runChild(name, server.url)
          if (typeof report === "string") return assert.fail(`${name}: ${report}`)
          // fetch decodes the body and stops at the cap; undici's client hands over the
          // compressed bytes, which are not JSON.
          assert.oneOf(report.outcome, ["TransportError", "ResponseDecodeError"], name)
          if (report.outcome === "TransportError") assert.strictEqual(report.reason, "ResponseTooLarge", name)
          assert.isBelow(report.sampledGrowth, 100 * mib, `${name}: ${JSON.stringify(report)}`)
          assert.isBelow(report.peakGrowth, 100 * mib, `${name}: ${JSON.stringify(report)}`)
          console.log(`bomb ${bomb.encoding} ${body.length} B over ${name}: ${JSON.stringify(report)}`)
        }
      }).pipe(Effect.scoped))
  }
})
