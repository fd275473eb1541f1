/**
 * `npm run bench`: userkit against plain `fetch` + `JSON.parse` and the vendors' official SDKs,
 * over a loopback server running in a separate process. Prints one table per measure.
 *
 *   npm run bench                         everything (about two minutes on two cores)
 *   npm run bench -- --only get,decode    some sections: get, overhead, decode, concurrent, stream, bundle
 *   npm run bench -- --json out.json      also write the figures as JSON
 *
 * Nothing here asserts a time: it measures and prints. The server is stopped on every exit path,
 * and stops itself if this process dies.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Api as AstronomerApi } from "@userkit/astronomer"
import { Api as RocksetApi } from "@userkit/rockset"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type ChildProcess, fork } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { bundleSizes } from "./bundle.js"
import { effectHttpClient, ids, plainFetch, userkitRuntime, userkitServices } from "./clients.js"
import * as Data from "./data.js"
import { sdks } from "./sdks.js"
import {
  type Contender,
  formatBytes,
  formatNs,
  interleaved,
  median,
  now,
  p99,
  ratio,
  Recorder,
  type Samples,
  table
} from "./stats.js"

const here = Path.dirname(fileURLToPath(import.meta.url))
const root = Path.resolve(here, "..")

const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? args[index + 1] : args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}
const sections = new Set(
  (option("only") ?? "get,overhead,decode,concurrent,stream,bundle").split(",").map((s) => s.trim())
)
const results: Record<string, unknown> = {}
const output: Array<string> = []
const print = (text: string) => {
  output.push(text)
  console.log(text)
}

// --- the loopback server, in its own process -------------------------------------------------

const children = new Set<ChildProcess>()
const stopChildren = () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM")
}
process.on("exit", stopChildren)
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopChildren()
    process.exit(130)
  })
}

const startServer = (): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = fork(Path.join(here, "server.ts"), [], {
      cwd: root,
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    children.add(child)
    child.once("message", (message: unknown) => {
      const port: unknown = Reflect.get(Object(message), "port")
      if (typeof port === "number") resolve(`http://127.0.0.1:${port}`)
      else reject(new Error("the server did not report its port"))
    })
    child.once("exit", (code) => {
      children.delete(child)
      reject(new Error(`the server exited (${code})`))
    })
  })

// --- helpers ---------------------------------------------------------------------------------

const timingRow = (name: string, samples: Samples, base: Samples | undefined): Array<string> => [
  name,
  formatNs(median(samples)),
  formatNs(p99(samples)),
  base === undefined ? "" : ratio(median(samples), median(base)),
  base === undefined ? "" : ratio(p99(samples), p99(base))
]

const summary = (samples: Samples) => ({ medianNs: median(samples), p99Ns: p99(samples), n: samples.sorted.length })

/** Checks a contender answers what it should before it is timed: a fast wrong answer is no result. */
const check = async (name: string, call: () => Promise<unknown>, field: string, expected: unknown) => {
  const value: unknown = await call()
  const actual: unknown = Reflect.get(Object(value), field)
  if (actual !== expected) throw new Error(`${name}: expected ${field} ${String(expected)}, got ${String(actual)}`)
}

/** A `fetch` that answers from memory: the transport costs nothing, what remains is the client. */
const inMemoryFetch = (): typeof fetch => {
  const bodies = {
    rockset: JSON.stringify(Data.rocksetUser(0)),
    rocksetList: JSON.stringify(Data.rocksetList(Data.listSize)),
    tiledb: JSON.stringify(Data.tiledbUser(0))
  }
  const answer = (input: string | URL | Request): string => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url
    if (url.includes("/v1/users/")) return bodies.tiledb
    return url.endsWith("/v1/orgs/self/users") ? bodies.rocksetList : bodies.rockset
  }
  return (input) =>
    Promise.resolve(
      new Response(answer(input), { status: 200, headers: { "content-type": "application/json" } })
    )
}

// --- sections --------------------------------------------------------------------------------

const benchGet = async (origin: string) => {
  const runtime = userkitRuntime(origin)
  const userkit = await userkitServices(runtime)
  const plain = plainFetch(origin)
  const sdk = sdks(origin)
  const effect = effectHttpClient(origin)
  const groups: ReadonlyArray<{ title: string; contenders: ReadonlyArray<Contender> }> = [
    {
      title: "Rockset `get` (one user)",
      contenders: [
        { name: "fetch + JSON.parse", call: () => plain.rockset(ids.rockset) },
        { name: "userkit (FetchHttpClient)", call: () => runtime.runPromise(userkit.rockset.get(ids.rockset)) },
        { name: "@rockset/client 0.9 (node-fetch)", call: () => sdk.rockset(ids.rockset) },
        {
          name: "Effect HttpClient alone + JSON.parse",
          call: () => runtime.runPromise(effect.rockset(ids.rockset))
        }
      ]
    },
    {
      title: "TileDB `getUserWithUsername` (one user)",
      contenders: [
        { name: "fetch + JSON.parse", call: () => plain.tiledb(ids.tiledb) },
        {
          name: "userkit (FetchHttpClient)",
          call: () => runtime.runPromise(userkit.tiledb.getUserWithUsername(ids.tiledb))
        },
        { name: "@tiledb-inc/tiledb-cloud 1.0 (axios)", call: () => sdk.tiledb(ids.tiledb) }
      ]
    },
    {
      title: "Authress `getUser` (one user)",
      contenders: [
        { name: "fetch + JSON.parse", call: () => plain.authress(ids.authress) },
        { name: "userkit (FetchHttpClient)", call: () => runtime.runPromise(userkit.authress.getUser(ids.authress)) },
        { name: "@authress/sdk 2.3 (axios)", call: () => sdk.authress(ids.authress) }
      ]
    }
  ]
  await check("userkit rockset", () => runtime.runPromise(userkit.rockset.get(ids.rockset)), "email", ids.rockset)
  await check("sdk rockset", () => sdk.rockset(ids.rockset), "email", ids.rockset)
  await check(
    "userkit tiledb",
    () => runtime.runPromise(userkit.tiledb.getUserWithUsername(ids.tiledb)),
    "username",
    ids.tiledb
  )
  await check("sdk tiledb", () => sdk.tiledb(ids.tiledb), "username", ids.tiledb)
  await check(
    "userkit authress",
    () => runtime.runPromise(userkit.authress.getUser(ids.authress)),
    "userId",
    ids.authress
  )
  await check("sdk authress", () => sdk.authress(ids.authress), "userId", ids.authress)
  const figures: Record<string, unknown> = {}
  for (const group of groups) {
    const samples = await interleaved(group.contenders, { warmup: 300, rounds: 20, perRound: 150 })
    const base = samples.get(group.contenders[0].name)
    print(
      table(
        `${group.title}: sequential calls over loopback`,
        ["contender", "median", "p99", "median vs fetch", "p99 vs fetch"],
        group.contenders.map((c) => timingRow(c.name, samples.get(c.name) ?? { sorted: new Float64Array() }, base))
      )
    )
    const userkitSamples = samples.get(group.contenders[1].name)
    const sdkSamples = samples.get(group.contenders[2].name)
    if (userkitSamples && sdkSamples) {
      print(
        `\nuserkit vs ${group.contenders[2].name}: median ${ratio(median(userkitSamples), median(sdkSamples))}, p99 ${
          ratio(p99(userkitSamples), p99(sdkSamples))
        }`
      )
    }
    figures[group.title] = Object.fromEntries([...samples].map(([name, s]) => [name, summary(s)]))
  }
  results.get = figures
  await runtime.dispose()
}

const benchOverhead = async () => {
  const fakeFetch = inMemoryFetch()
  const origin = "http://in-memory.invalid"
  const http = FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fakeFetch)))
  const runtime = userkitRuntime(origin, http)
  const userkit = await userkitServices(runtime)
  const untraced = userkitRuntime(origin, http.pipe(Layer.merge(Layer.setTracerEnabled(false))))
  const userkitUntraced = await userkitServices(untraced)
  const plain = plainFetch(origin, fakeFetch)
  const effect = effectHttpClient(origin)
  const contenders: ReadonlyArray<Contender> = [
    { name: "fetch + JSON.parse: Rockset user", call: () => plain.rockset(ids.rockset) },
    { name: "Effect HttpClient alone + JSON.parse", call: () => runtime.runPromise(effect.rockset(ids.rockset)) },
    {
      name: "Effect HttpClient alone, tracing disabled",
      call: () => untraced.runPromise(effect.rockset(ids.rockset))
    },
    { name: "userkit: Rockset get", call: () => runtime.runPromise(userkit.rockset.get(ids.rockset)) },
    {
      name: "userkit: Rockset get, tracing disabled",
      call: () => untraced.runPromise(userkitUntraced.rockset.get(ids.rockset))
    },
    { name: "fetch + JSON.parse: TileDB user", call: () => plain.tiledb(ids.tiledb) },
    {
      name: "userkit: TileDB getUserWithUsername",
      call: () => runtime.runPromise(userkit.tiledb.getUserWithUsername(ids.tiledb))
    }
  ]
  await check("userkit in-memory", contenders[3].call, "email", ids.rockset)
  await check("effect in-memory", contenders[1].call, "email", ids.rockset)
  const samples = await interleaved(contenders, { warmup: 2000, rounds: 20, perRound: 500 })
  const rocksetBase = samples.get(contenders[0].name)
  const tiledbBase = samples.get(contenders[5].name)
  print(
    table(
      "Per-call cost with an in-memory transport (the client alone: `fetch` answers from memory)",
      ["contender", "median", "p99", "median vs fetch", "p99 vs fetch"],
      contenders.map((c, i) =>
        timingRow(c.name, samples.get(c.name) ?? { sorted: new Float64Array() }, i < 5 ? rocksetBase : tiledbBase)
      )
    )
  )
  results.overhead = Object.fromEntries([...samples].map(([name, s]) => [name, summary(s)]))
  await runtime.dispose()
  await untraced.dispose()
}

const benchDecode = async (origin: string) => {
  const rocksetText = JSON.stringify(Data.rocksetList(Data.listSize))
  const astronomerText = JSON.stringify(Data.astronomerPage(0, Data.listSize, Data.listSize))
  const decodeRockset = RocksetApi.RocksetApi.operations.list.decodeSuccess
  const decodeAstronomer = AstronomerApi.AstronomerApi.operations.listOrgUsers.decodeSuccess
  const sync = (f: () => unknown) => () => Promise.resolve(f())
  const expectRight = (name: string, result: { readonly _tag: string }) => {
    if (result._tag !== "Right") throw new Error(`${name}: the body did not decode`)
  }
  expectRight("rockset", decodeRockset(JSON.parse(rocksetText)))
  expectRight("astronomer", decodeAstronomer(JSON.parse(astronomerText)))

  const fakeFetch = inMemoryFetch()
  const memOrigin = "http://in-memory.invalid"
  const memRuntime = userkitRuntime(
    memOrigin,
    FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fakeFetch)))
  )
  const mem = await userkitServices(memRuntime)
  const loopRuntime = userkitRuntime(origin)
  const loop = await userkitServices(loopRuntime)
  const plain = plainFetch(origin)
  const memPlain = plainFetch(memOrigin, fakeFetch)

  const contenders: ReadonlyArray<Contender> = [
    { name: "Rockset: JSON.parse alone", call: sync(() => JSON.parse(rocksetText)) },
    { name: "Rockset: userkit decode (JSON.parse + schema)", call: sync(() => decodeRockset(JSON.parse(rocksetText))) },
    { name: "Rockset: in-memory fetch + JSON.parse", call: () => memPlain.rocksetList() },
    { name: "Rockset: userkit `list`, in-memory transport", call: () => memRuntime.runPromise(mem.rockset.list()) },
    { name: "Rockset: fetch + JSON.parse over loopback", call: () => plain.rocksetList() },
    { name: "Rockset: userkit `list` over loopback", call: () => loopRuntime.runPromise(loop.rockset.list()) },
    { name: "Astronomer: JSON.parse alone", call: sync(() => JSON.parse(astronomerText)) },
    {
      name: "Astronomer: userkit decode (JSON.parse + schema, dates)",
      call: sync(() => decodeAstronomer(JSON.parse(astronomerText)))
    },
    {
      name: "Astronomer: userkit `listOrgUsers` over loopback",
      call: () => loopRuntime.runPromise(loop.astronomer.listOrgUsers("org-1", { limit: Data.listSize }))
    }
  ]
  const samples = await interleaved(contenders, { warmup: 5, rounds: 10, perRound: 4 })
  const base = (name: string) => samples.get(name.startsWith("Rockset") ? contenders[0].name : contenders[6].name)
  print(
    table(
      `Decoding a ${Data.listSize.toLocaleString("en")}-user list (Rockset ${
        formatBytes(rocksetText.length)
      }, Astronomer ${formatBytes(astronomerText.length)})`,
      ["measure", "median", "p99", "median vs JSON.parse", "p99 vs JSON.parse"],
      contenders.map((c) => timingRow(c.name, samples.get(c.name) ?? { sorted: new Float64Array() }, base(c.name)))
    )
  )
  results.decode = Object.fromEntries([...samples].map(([name, s]) => [name, summary(s)]))
  await memRuntime.dispose()
  await loopRuntime.dispose()
}

const benchConcurrent = async (origin: string) => {
  const runtime = userkitRuntime(origin)
  const userkit = await userkitServices(runtime)
  const plain = plainFetch(origin)
  const sdk = sdks(origin)
  const n = 1000
  const users = Array.from({ length: n }, (_, i) => `user${i}@example.com`)
  type Batch = (record: (ns: number) => void) => Promise<unknown>
  const contenders: ReadonlyArray<{ name: string; batch: Batch }> = [
    {
      name: "fetch + JSON.parse (Promise.all)",
      batch: (record) => {
        const start = now()
        return Promise.all(users.map((u) => plain.rockset(u).then(() => record(now() - start))))
      }
    },
    {
      name: "userkit (Effect.forEach, unbounded)",
      batch: (record) => {
        const start = now()
        return runtime.runPromise(
          Effect.forEach(
            users,
            (u) => Effect.tap(userkit.rockset.get(u), () => Effect.sync(() => record(now() - start))),
            { concurrency: "unbounded", discard: true }
          )
        )
      }
    },
    {
      name: "@rockset/client (Promise.all)",
      batch: (record) => {
        const start = now()
        return Promise.all(users.map((u) => sdk.rockset(u).then(() => record(now() - start))))
      }
    }
  ]
  const batches = 10
  const latency = new Map(contenders.map((c) => [c.name, new Recorder()]))
  const wall = new Map(contenders.map((c) => [c.name, new Recorder()]))
  for (const contender of contenders) {
    for (let i = 0; i < 2; i++) await contender.batch(() => {})
  }
  for (let round = 0; round < batches; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(k + round) % contenders.length]
      const start = now()
      await contender.batch((ns) => latency.get(contender.name)?.add(ns))
      wall.get(contender.name)?.add(now() - start)
    }
  }
  const base = contenders[0].name
  const w = (name: string) => wall.get(name)?.samples() ?? { sorted: new Float64Array() }
  const l = (name: string) => latency.get(name)?.samples() ?? { sorted: new Float64Array() }
  print(
    table(
      `${n.toLocaleString("en")} concurrent Rockset \`get\`s over loopback (${batches} batches each)`,
      ["contender", "batch median", "batch vs fetch", "request median", "request p99", "p99 vs fetch"],
      contenders.map((c) => [
        c.name,
        formatNs(median(w(c.name))),
        ratio(median(w(c.name)), median(w(base))),
        formatNs(median(l(c.name))),
        formatNs(p99(l(c.name))),
        ratio(p99(l(c.name)), p99(l(base)))
      ])
    )
  )
  results.concurrent = Object.fromEntries(
    contenders.map((c) => [c.name, { batch: summary(w(c.name)), request: summary(l(c.name)) }])
  )
  await runtime.dispose()
}

interface StreamRun {
  readonly vendor: string
  readonly mode: string
  readonly count: number
  readonly elapsedNs: number
  readonly baselineHeap: number
  readonly heap: ReadonlyArray<number>
  readonly maxRssKb: number
}

const isStreamRun = (value: unknown): value is StreamRun =>
  typeof value === "object" && value !== null && "heap" in value && Array.isArray(value.heap)

const streamOnce = (origin: string, vendor: string, mode: string): Promise<StreamRun> =>
  new Promise((resolve, reject) => {
    const child = fork(Path.join(here, "stream.ts"), [origin, vendor, mode], {
      cwd: root,
      execArgv: ["--import", "tsx", "--expose-gc"],
      stdio: ["ignore", "pipe", "inherit", "ipc"]
    })
    children.add(child)
    let out = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.once("exit", (code) => {
      children.delete(child)
      if (code !== 0) return reject(new Error(`stream ${vendor} ${mode} exited with ${code}`))
      const parsed: unknown = JSON.parse(out.trim().split("\n").at(-1) ?? "null")
      if (isStreamRun(parsed)) resolve(parsed)
      else reject(new Error(`stream ${vendor} ${mode}: no result`))
    })
  })

const benchStream = async (origin: string) => {
  const runs: Array<StreamRun> = []
  for (const vendor of ["authress", "astronomer"]) {
    for (const mode of ["fetch", "userkit"]) runs.push(await streamOnce(origin, vendor, mode))
  }
  const label = (run: StreamRun) =>
    `${run.vendor === "authress" ? "Authress cursor" : "Astronomer offset"}: ${
      run.mode === "fetch" ? "fetch loop" : "userkit Stream"
    }`
  print(
    table(
      `Streaming ${
        Data.streamTotal.toLocaleString("en")
      } users, 100 per page (live heap after a full GC, every 10,000 users)`,
      ["run", "time", "users/s", "heap at 10k", "heap at 100k", "growth", "peak heap", "peak RSS"],
      runs.map((run) => [
        label(run),
        formatNs(run.elapsedNs),
        Math.round(run.count / (run.elapsedNs / 1e9)).toLocaleString("en"),
        formatBytes(run.heap[0] ?? Number.NaN),
        formatBytes(run.heap.at(-1) ?? Number.NaN),
        formatBytes((run.heap.at(-1) ?? Number.NaN) - (run.heap[0] ?? Number.NaN)),
        formatBytes(Math.max(...run.heap)),
        formatBytes(run.maxRssKb * 1024)
      ])
    )
  )
  results.stream = runs
}

const benchBundle = async () => {
  const sizes = await bundleSizes()
  const base = sizes.baseline.bytes
  print(
    table(
      `Bundle size (esbuild, minified ESM, platform neutral); baseline Effect + Schema + HttpClient = ${
        formatBytes(base)
      } (${formatBytes(sizes.baseline.gzip)} gzip)`,
      [
        "vendor",
        "every export: added",
        "of which userkit",
        "added gzip",
        "`import { XUsers }`: added",
        "of which userkit",
        "other vendors inside",
        "static node imports"
      ],
      sizes.vendors.map((v) => [
        `@userkit/${v.vendor}`,
        formatBytes(v.barrel.bytes - base),
        formatBytes(v.barrel.userkitBytes),
        formatBytes(v.barrel.gzip - sizes.baseline.gzip),
        formatBytes(v.service.bytes - base),
        formatBytes(v.service.userkitBytes),
        v.leaks.length === 0 ? "none" : v.leaks.join(", "),
        v.barrel.staticBuiltins.length === 0 ? "none" : v.barrel.staticBuiltins.join(", ")
      ])
    )
  )
  results.bundle = {
    baseline: { bytes: sizes.baseline.bytes, gzip: sizes.baseline.gzip },
    vendors: sizes.vendors.map((v) => ({
      vendor: v.vendor,
      barrelAdded: v.barrel.bytes - base,
      barrelUserkit: v.barrel.userkitBytes,
      barrelGzipAdded: v.barrel.gzip - sizes.baseline.gzip,
      serviceAdded: v.service.bytes - base,
      serviceUserkit: v.service.userkitBytes,
      leaks: v.leaks
    }))
  }
}

// --- main ------------------------------------------------------------------------------------

const main = async () => {
  const started = now()
  const cpus = Os.cpus()
  print(
    `# userkit benchmarks\n\n${new Date().toISOString()} · Node ${process.version} · ${Os.platform()} ${Os.arch()} · ` +
      `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"} · ${formatBytes(Os.totalmem())} RAM · load ${
        Os.loadavg().map((l) => l.toFixed(2)).join(" ")
      }`
  )
  const needsServer = ["get", "decode", "concurrent", "stream"].some((s) => sections.has(s))
  const origin = needsServer ? await startServer() : ""
  if (sections.has("get")) await benchGet(origin)
  if (sections.has("overhead")) await benchOverhead()
  if (sections.has("decode")) await benchDecode(origin)
  if (sections.has("concurrent")) await benchConcurrent(origin)
  if (sections.has("stream")) await benchStream(origin)
  if (sections.has("bundle")) await benchBundle()
  print(`\nTotal ${formatNs(now() - started)}.`)
  const json = option("json")
  if (json !== undefined) {
    Fs.writeFileSync(json, JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2))
  }
}

main().then(
  () => {
    stopChildren()
    process.exit(0)
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error)
    stopChildren()
    process.exit(1)
  }
)
