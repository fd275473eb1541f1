/**
 * `npm run bench`: userkit against plain `fetch` + `JSON.parse` and the vendors' official SDKs,
 * over a loopback server running in a separate process. Prints one table per measure.
 *
 *   npm run bench                         everything (about two minutes on two cores)
 *   npm run bench -- --only get,decode    some sections: get, overhead, decode, concurrent, stream, alloc, bundle,
 *                                         store (a 10,000-person review saved and diffed, bench/store.ts)
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
import { bundleSizes, transportSize } from "./bundle.js"
import {
  effectHttpClient,
  ids,
  plainFetch,
  rawUndici,
  type TransportKey,
  transports,
  userkitRuntime,
  userkitServices
} from "./clients.js"
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
import { benchStore, printStore } from "./store.js"

const here = Path.dirname(fileURLToPath(import.meta.url))
const root = Path.resolve(here, "..")

const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const index = args.indexOf(`--${name}`)
  return index >= 0 ? args[index + 1] : args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}
const sections = new Set(
  (option("only") ?? "get,overhead,decode,concurrent,stream,alloc,bundle,store").split(",").map((s) => s.trim())
)
const results: Record<string, unknown> = {}
const output: Array<string> = []
const print = (text: string) => {
  output.push(text)
  console.log(text)
}
const printTable = (title: string, head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
  print(table(title, head, rows))

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

/** The targets, as measured in this run: printed together at the end. */
const targets: Array<{ readonly measure: string; readonly value: number; readonly target: number }> = []
const target = (measure: string, value: number, limit: number) => {
  targets.push({ measure, value, target: limit })
}

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

/** One userkit runtime per transport, with its services. */
const userkitOverEach = async (origin: string) => {
  const over = async (key: TransportKey) => {
    const runtime = userkitRuntime(origin, transports[key].layer)
    return { name: transports[key].name, runtime, users: await userkitServices(runtime) }
  }
  const each = { undici: await over("undici"), fetch: await over("fetch"), platformNode: await over("platformNode") }
  return {
    ...each,
    all: [each.undici, each.fetch, each.platformNode],
    dispose: () => Promise.all([each.undici, each.fetch, each.platformNode].map((u) => u.runtime.dispose()))
  }
}

const benchGet = async (origin: string) => {
  const userkit = await userkitOverEach(origin)
  const raw = rawUndici(origin)
  const plain = plainFetch(origin)
  const sdk = sdks(origin)
  const effect = effectHttpClient(origin)
  type Vendor = "rockset" | "tiledb" | "authress"
  const call = (vendor: Vendor, users: (typeof userkit)["undici"]["users"]): Effect.Effect<unknown, unknown> =>
    vendor === "rockset"
      ? users.rockset.get(ids.rockset)
      : vendor === "tiledb"
      ? users.tiledb.getUserWithUsername(ids.tiledb)
      : users.authress.getUser(ids.authress)
  const field = { rockset: "email", tiledb: "username", authress: "userId" } as const
  const groups: ReadonlyArray<{ vendor: Vendor; title: string; sdkName: string }> = [
    { vendor: "rockset", title: "Rockset `get` (one user)", sdkName: "@rockset/client 0.9 (node-fetch)" },
    {
      vendor: "tiledb",
      title: "TileDB `getUserWithUsername` (one user)",
      sdkName: "@tiledb-inc/tiledb-cloud 1.0 (axios)"
    },
    { vendor: "authress", title: "Authress `getUser` (one user)", sdkName: "@authress/sdk 2.3 (axios)" }
  ]
  const figures: Record<string, unknown> = {}
  for (const group of groups) {
    const { vendor } = group
    const contenders: Array<Contender> = [
      { name: "raw undici Agent.request + JSON.parse", call: () => raw[vendor](ids[vendor]) },
      { name: "fetch + JSON.parse", call: () => plain[vendor](ids[vendor]) },
      { name: group.sdkName, call: () => sdk[vendor](ids[vendor]) },
      ...userkit.all.map((u) => ({
        name: `userkit over ${u.name}`,
        call: () => u.runtime.runPromise(call(vendor, u.users))
      }))
    ]
    if (vendor === "rockset") {
      contenders.push({
        name: "Effect HttpClient alone (UndiciHttpClient) + JSON.parse",
        call: () => userkit.undici.runtime.runPromise(effect.rockset(ids.rockset))
      })
    }
    for (const contender of contenders) await check(contender.name, contender.call, field[vendor], ids[vendor])
    const samples = await interleaved(contenders, { warmup: 300, rounds: 20, perRound: 150 })
    const of = (name: string) => samples.get(name) ?? { sorted: new Float64Array() }
    const floor = of(contenders[0].name)
    const official = of(group.sdkName)
    printTable(
      `${group.title}: sequential calls over loopback`,
      ["contender", "median", "p99", "vs raw undici", "vs the SDK", "p99 vs the SDK"],
      contenders.map((c) => [
        c.name,
        formatNs(median(of(c.name))),
        formatNs(p99(of(c.name))),
        ratio(median(of(c.name)), median(floor)),
        ratio(median(of(c.name)), median(official)),
        ratio(p99(of(c.name)), p99(official))
      ])
    )
    const overUndici = of(`userkit over ${transports.undici.name}`)
    target(
      `single GET (${vendor}), userkit over UndiciHttpClient vs raw undici`,
      median(overUndici) / median(floor),
      1.3
    )
    target(
      `single GET (${vendor}), userkit over UndiciHttpClient vs ${group.sdkName}`,
      median(overUndici) / median(official),
      0.8
    )
    figures[group.title] = Object.fromEntries([...samples].map(([name, s]) => [name, summary(s)]))
  }
  results.get = figures
  await userkit.dispose()
  await raw.close()
}

const benchOverhead = async () => {
  const fakeFetch = inMemoryFetch()
  const origin = "http://in-memory.invalid"
  const http = FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fakeFetch)))
  const runtime = userkitRuntime(origin, http)
  const userkit = await userkitServices(runtime)
  const untraced = userkitRuntime(origin, http.pipe(Layer.merge(Layer.setTracerEnabled(false))))
  const userkitUntraced = await userkitServices(untraced)
  // The default in-memory limiter on Rockset's reads, with a quota the bench never reaches: what
  // keeping the window costs a call that does not wait.
  const limited = userkitRuntime(origin, http, { limits: { read: { limit: 1_000_000_000, interval: "1 second" } } })
  const userkitLimited = await userkitServices(limited)
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
      name: "userkit: Rockset get, in-memory rate limiter (a quota never reached)",
      call: () => limited.runPromise(userkitLimited.rockset.get(ids.rockset))
    },
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
  const tiledbBase = samples.get(contenders[6].name)
  printTable(
    "Per-call cost with an in-memory transport (the client alone: `fetch` answers from memory)",
    ["contender", "median", "p99", "median vs fetch", "p99 vs fetch"],
    contenders.map((c, i) =>
      timingRow(c.name, samples.get(c.name) ?? { sorted: new Float64Array() }, i < 6 ? rocksetBase : tiledbBase)
    )
  )
  const unlimited = samples.get(contenders[3].name)
  const withLimiter = samples.get(contenders[4].name)
  if (unlimited !== undefined && withLimiter !== undefined) {
    printTable(
      "The default in-memory rate limiter, per call (Rockset `get`, in-memory transport)",
      ["contender", "median", "p99", "median vs rateLimit: false", "p99 vs rateLimit: false"],
      [timingRow(contenders[3].name, unlimited, unlimited), timingRow(contenders[4].name, withLimiter, unlimited)]
    )
    target("single GET, in-memory rate limiter vs rateLimit: false", median(withLimiter) / median(unlimited), 1.05)
  }
  results.overhead = Object.fromEntries([...samples].map(([name, s]) => [name, summary(s)]))
  await runtime.dispose()
  await untraced.dispose()
  await limited.dispose()
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
  const undiciRuntime = userkitRuntime(origin, transports.undici.layer)
  const overUndici = await userkitServices(undiciRuntime)
  const raw = rawUndici(origin)
  const astronomerUrl = `${origin}/astronomer/organizations/org-1/users?limit=${Data.listSize}`
  const plain = plainFetch(origin)
  const memPlain = plainFetch(memOrigin, fakeFetch)

  const contenders: ReadonlyArray<Contender> = [
    { name: "Rockset: JSON.parse alone", call: sync(() => JSON.parse(rocksetText)) },
    { name: "Rockset: userkit decode (JSON.parse + schema)", call: sync(() => decodeRockset(JSON.parse(rocksetText))) },
    { name: "Rockset: in-memory fetch + JSON.parse", call: () => memPlain.rocksetList() },
    { name: "Rockset: userkit `list`, in-memory transport", call: () => memRuntime.runPromise(mem.rockset.list()) },
    { name: "Rockset: fetch + JSON.parse over loopback", call: () => plain.rocksetList() },
    { name: "Rockset: userkit `list` over loopback", call: () => loopRuntime.runPromise(loop.rockset.list()) },
    { name: "Rockset: raw undici + JSON.parse over loopback", call: () => raw.rocksetList() },
    {
      name: "Rockset: userkit `list` over UndiciHttpClient",
      call: () => undiciRuntime.runPromise(overUndici.rockset.list())
    },
    { name: "Astronomer: JSON.parse alone", call: sync(() => JSON.parse(astronomerText)) },
    {
      name: "Astronomer: userkit decode (JSON.parse + schema, dates)",
      call: sync(() => decodeAstronomer(JSON.parse(astronomerText)))
    },
    {
      name: "Astronomer: userkit `listOrgUsers` over loopback",
      call: () => loopRuntime.runPromise(loop.astronomer.listOrgUsers("org-1", { limit: Data.listSize }))
    },
    {
      name: "Astronomer: raw undici + JSON.parse over loopback",
      call: () => raw.get(astronomerUrl, { accept: "application/json", authorization: `Bearer secret` })
    },
    {
      name: "Astronomer: userkit `listOrgUsers` over UndiciHttpClient",
      call: () => undiciRuntime.runPromise(overUndici.astronomer.listOrgUsers("org-1", { limit: Data.listSize }))
    }
  ]
  const samples = await interleaved(contenders, { warmup: 5, rounds: 10, perRound: 4 })
  const base = (name: string) =>
    samples.get(name.startsWith("Rockset") ? contenders[0].name : "Astronomer: JSON.parse alone")
  printTable(
    `Decoding a ${Data.listSize.toLocaleString("en")}-user list (Rockset ${
      formatBytes(rocksetText.length)
    }, Astronomer ${formatBytes(astronomerText.length)})`,
    ["measure", "median", "p99", "median vs JSON.parse", "p99 vs JSON.parse"],
    contenders.map((c) => timingRow(c.name, samples.get(c.name) ?? { sorted: new Float64Array() }, base(c.name)))
  )
  results.decode = Object.fromEntries([...samples].map(([name, s]) => [name, summary(s)]))
  const of = (name: string) => median(samples.get(name) ?? { sorted: new Float64Array() })
  for (const vendor of ["Rockset", "Astronomer"]) {
    const userkitName = contenders.find((c) => c.name.startsWith(vendor) && c.name.endsWith("over UndiciHttpClient"))
    target(
      `${Data.listSize}-user list (${vendor}), userkit over UndiciHttpClient vs undici + JSON.parse`,
      of(userkitName?.name ?? "") / of(`${vendor}: raw undici + JSON.parse over loopback`),
      1.4
    )
  }
  await memRuntime.dispose()
  await loopRuntime.dispose()
  await undiciRuntime.dispose()
  await raw.close()
}

const benchConcurrent = async (origin: string) => {
  const userkit = await userkitOverEach(origin)
  const raw = rawUndici(origin)
  const plain = plainFetch(origin)
  const sdk = sdks(origin)
  const n = 1000
  const users = Array.from({ length: n }, (_, i) => `user${i}@example.com`)
  type Batch = (record: (ns: number) => void) => Promise<unknown>
  const promiseAll = (get: (user: string) => Promise<unknown>): Batch => (record) => {
    const start = now()
    return Promise.all(users.map((u) => get(u).then(() => record(now() - start))))
  }
  const contenders: ReadonlyArray<{ name: string; batch: Batch }> = [
    { name: "fetch + JSON.parse (Promise.all)", batch: promiseAll(plain.rockset) },
    { name: "raw undici Agent.request + JSON.parse (Promise.all)", batch: promiseAll(raw.rockset) },
    ...userkit.all.map((u) => ({
      name: `userkit over ${u.name} (Effect.forEach, unbounded)`,
      batch: (record: (ns: number) => void) => {
        const start = now()
        return u.runtime.runPromise(
          Effect.forEach(
            users,
            (user) => Effect.tap(u.users.rockset.get(user), () => Effect.sync(() => record(now() - start))),
            { concurrency: "unbounded", discard: true }
          )
        )
      }
    })),
    { name: "@rockset/client (Promise.all)", batch: promiseAll(sdk.rockset) }
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
  printTable(
    `${n.toLocaleString("en")} concurrent Rockset \`get\`s over loopback (${batches} batches each)`,
    [
      "contender",
      "batch median",
      "batch vs fetch",
      "batch vs undici",
      "request median",
      "request p99",
      "p99 vs fetch"
    ],
    contenders.map((c) => [
      c.name,
      formatNs(median(w(c.name))),
      ratio(median(w(c.name)), median(w(base))),
      ratio(median(w(c.name)), median(w(contenders[1].name))),
      formatNs(median(l(c.name))),
      formatNs(p99(l(c.name))),
      ratio(p99(l(c.name)), p99(l(base)))
    ])
  )
  results.concurrent = Object.fromEntries(
    contenders.map((c) => [c.name, { batch: summary(w(c.name)), request: summary(l(c.name)) }])
  )
  const overUndici = median(w(contenders[2].name))
  target(`${n} concurrent GETs, userkit over UndiciHttpClient vs fetch Promise.all`, overUndici / median(w(base)), 0.85)
  target(
    `${n} concurrent GETs, userkit over UndiciHttpClient vs undici Promise.all`,
    overUndici / median(w(contenders[1].name)),
    2
  )
  await userkit.dispose()
  await raw.close()
}

// Runs a bench script in a child process (its own heap, so one run's garbage skews no other) and
// reads the result it prints last.
const runChild = <A>(
  script: string,
  args: ReadonlyArray<string>,
  nodeOptions: ReadonlyArray<string>,
  is: (value: unknown) => value is A
): Promise<A> =>
  new Promise((resolve, reject) => {
    const what = [Path.basename(script, ".ts"), ...args.slice(1)].join(" ")
    const child = fork(Path.join(here, script), [...args], {
      cwd: root,
      execArgv: ["--import", "tsx", "--expose-gc", ...nodeOptions],
      stdio: ["ignore", "pipe", "inherit", "ipc"]
    })
    children.add(child)
    let out = ""
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.once("exit", (code) => {
      children.delete(child)
      if (code !== 0) return reject(new Error(`${what} exited with ${code}`))
      const parsed: unknown = JSON.parse(out.trim().split("\n").at(-1) ?? "null")
      if (is(parsed)) resolve(parsed)
      else reject(new Error(`${what}: no result`))
    })
  })

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
  runChild("stream.ts", [origin, vendor, mode], [], isStreamRun)

const benchStream = async (origin: string) => {
  const runs: Array<StreamRun> = []
  const modes = ["undici", "fetch", "userkit-undici", "userkit-fetch"]
  for (const vendor of ["authress", "astronomer"]) {
    for (const mode of modes) runs.push(await streamOnce(origin, vendor, mode))
  }
  const modeLabel: Record<string, string> = {
    undici: "plain undici loop",
    fetch: "plain fetch loop",
    "userkit-undici": "userkit Stream over UndiciHttpClient",
    "userkit-fetch": "userkit Stream over FetchHttpClient"
  }
  const label = (run: StreamRun) =>
    `${run.vendor === "authress" ? "Authress cursor" : "Astronomer offset"}: ${modeLabel[run.mode] ?? run.mode}`
  for (const vendor of ["authress", "astronomer"]) {
    const of = (mode: string) => runs.find((run) => run.vendor === vendor && run.mode === mode)
    const userkit = of("userkit-undici")
    target(
      `${Data.streamTotal}-user stream (${vendor}), userkit over UndiciHttpClient vs a plain undici loop`,
      (userkit?.elapsedNs ?? Number.NaN) / (of("undici")?.elapsedNs ?? Number.NaN),
      1.3
    )
    // Constant memory: the live heap after 100,000 users, over the heap after 10,000.
    target(
      `${Data.streamTotal}-user stream (${vendor}), live heap at the end vs at 10,000 users`,
      (userkit?.heap.at(-1) ?? Number.NaN) / (userkit?.heap[0] ?? Number.NaN),
      1.1
    )
  }
  printTable(
    `Streaming ${
      Data.streamTotal.toLocaleString("en")
    } users, 100 per page (live heap after a full GC, every 10,000 users)`,
    ["run", "time", "vs undici loop", "users/s", "heap at 10k", "heap at 100k", "growth", "peak heap", "peak RSS"],
    runs.map((run) => [
      label(run),
      formatNs(run.elapsedNs),
      ratio(
        run.elapsedNs,
        runs.find((other) => other.vendor === run.vendor && other.mode === "undici")?.elapsedNs ?? Number.NaN
      ),
      Math.round(run.count / (run.elapsedNs / 1e9)).toLocaleString("en"),
      formatBytes(run.heap[0] ?? Number.NaN),
      formatBytes(run.heap.at(-1) ?? Number.NaN),
      formatBytes((run.heap.at(-1) ?? Number.NaN) - (run.heap[0] ?? Number.NaN)),
      formatBytes(Math.max(...run.heap)),
      formatBytes(run.maxRssKb * 1024)
    ])
  )
  results.stream = runs
}

interface AllocRun {
  readonly contender: string
  readonly bytesPerCall: number
  readonly collections: number
  readonly retainedPerCall: number
}

const isAllocRun = (value: unknown): value is AllocRun =>
  typeof value === "object" && value !== null && "bytesPerCall" in value && "collections" in value

const allocOnce = (origin: string, contender: string): Promise<AllocRun> =>
  runChild("alloc.ts", [origin, contender], ["--min-semi-space-size=64", "--max-semi-space-size=64"], isAllocRun)

const benchAlloc = async (origin: string) => {
  const contenders: ReadonlyArray<readonly [string, string]> = [
    ["undici", "raw undici Agent.request + JSON.parse"],
    ["fetch", "fetch + JSON.parse"],
    ["sdk", "@rockset/client 0.9"],
    ["userkit-undici", "userkit over UndiciHttpClient"],
    ["userkit-fetch", "userkit over FetchHttpClient"],
    ["userkit-platformNode", "userkit over NodeHttpClient.layerUndici"]
  ]
  const runs: Array<AllocRun & { readonly name: string }> = []
  for (const [contender, name] of contenders) runs.push({ ...(await allocOnce(origin, contender)), name })
  printTable(
    "Allocation per Rockset `get` (heap growth over 200 calls with no collection, per call)",
    ["contender", "allocated per call", "collections during the run", "retained per call"],
    runs.map((run) => [
      run.name,
      run.collections === 0 ? formatBytes(Math.round(run.bytesPerCall)) : "n/a (the collector ran)",
      String(run.collections),
      formatBytes(Math.round(run.retainedPerCall))
    ])
  )
  const userkit = runs.find((run) => run.contender === "userkit-undici")
  target(
    "allocation per single GET, userkit over UndiciHttpClient (KB)",
    userkit === undefined || userkit.collections > 0 ? Number.NaN : userkit.bytesPerCall / 1024,
    20
  )
  results.alloc = runs
}

const benchBundle = async () => {
  const sizes = await bundleSizes()
  const base = sizes.baseline.bytes
  printTable(
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
  const transport = await transportSize()
  print(
    `\n@userkit/undici beside the same baseline (undici external): ${formatBytes(transport.added)} added (${
      formatBytes(transport.userkitBytes)
    } of it its own source, ${formatBytes(transport.gzipAdded)} gzip)`
  )
  target("@userkit/undici bundle beyond Effect and undici (KB, minified)", transport.added / 1024, 5)
  results.bundle = {
    transport,
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
  const needsServer = ["get", "decode", "concurrent", "stream", "alloc"].some((s) => sections.has(s))
  const origin = needsServer ? await startServer() : ""
  if (sections.has("get")) await benchGet(origin)
  if (sections.has("overhead")) await benchOverhead()
  if (sections.has("decode")) await benchDecode(origin)
  if (sections.has("concurrent")) await benchConcurrent(origin)
  if (sections.has("stream")) await benchStream(origin)
  if (sections.has("alloc")) await benchAlloc(origin)
  if (sections.has("bundle")) await benchBundle()
  if (sections.has("store")) {
    const figures = await benchStore()
    results.store = figures
    print(`\n## The store: a 10,000-person review saved and diffed\n\n${printStore(figures)}`)
  }
  printTable(
    "The targets of issue 15, as measured in this run",
    ["measure", "measured", "target", "met"],
    targets.map((t) => [
      t.measure,
      t.value.toFixed(2),
      `≤ ${t.target}`,
      Number.isNaN(t.value) ? "n/a" : t.value <= t.target ? "yes" : "no"
    ])
  )
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
