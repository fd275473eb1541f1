/**
 * The per-call path under the V8 profiler: `npx tsx bench/profile.ts [calls]` re-runs itself with
 * `--cpu-prof`, making that many userkit `get`s over an in-memory `fetch` (so the profile holds the
 * client, not the network), then prints the functions with the most self time, grouped by file.
 * `--undici` makes the calls over `UndiciHttpClient` to the loopback server instead (what userkit
 * costs over the lean transport); `--inline` runs the calls in this process (for a profiler of your own).
 * `--measure` prints the bytes allocated per call instead, userkit's and the platform client's alone
 * (median of five rounds of that many calls, each after a full GC and free of any collection, in a
 * young generation of 512 MB: keep the count near 1,000), then µs per call over twenty times as
 * many calls in a process of its own: the figures the commits quote.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { UndiciHttpClient } from "@userkit/undici"
import * as Layer from "effect/Layer"
import { fork, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { effectHttpClient, ids, userkitRuntime, userkitServices } from "./clients.js"
import * as Data from "./data.js"
import { now } from "./stats.js"

const self = fileURLToPath(import.meta.url)
const args = process.argv.slice(2)
const calls = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 20_000)
const overUndici = args.includes("--undici")
const measuring = args.includes("--measure")

/** The loopback server of the benchmarks, in its own process, stopped when this one exits. */
const loopback = (): Promise<{ readonly origin: string; readonly stop: () => void }> =>
  new Promise((resolve, reject) => {
    const child = fork(Path.join(Path.dirname(self), "server.ts"), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    child.once("message", (message: unknown) => {
      const port: unknown = Reflect.get(Object(message), "port")
      if (typeof port === "number") resolve({ origin: `http://127.0.0.1:${port}`, stop: () => child.kill() })
      else reject(new Error("the server did not report its port"))
    })
  })

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}
interface Profile {
  readonly nodes: ReadonlyArray<ProfileNode>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}
const isProfile = (value: unknown): value is Profile =>
  typeof value === "object" && value !== null && "nodes" in value && "samples" in value && "timeDeltas" in value

const summarise = (file: string) => {
  const profile: unknown = JSON.parse(Fs.readFileSync(file, "utf8"))
  if (!isProfile(profile)) throw new Error(`${file} is not a CPU profile`)
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfTime = new Map<string, number>()
  const byFile = new Map<string, number>()
  let total = 0
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)
    const dt = profile.timeDeltas[i] ?? 0
    if (node === undefined) return
    total += dt
    const { functionName, lineNumber, url } = node.callFrame
    const where = url.replace(/^file:\/\//, "").replace(/.*node_modules\//, "").replace(/.*\/packages\//, "packages/")
    const key = `${functionName || "(anonymous)"}  ${where}:${lineNumber + 1}`
    selfTime.set(key, (selfTime.get(key) ?? 0) + dt)
    const group = where === "" ? functionName : where.split("/").slice(0, 3).join("/")
    byFile.set(group, (byFile.get(group) ?? 0) + dt)
  })
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key, us]) =>
      `${(us / total * 100).toFixed(1).padStart(5)}%  ${key}`
    )
  console.log(`\nSelf time by module (${(total / 1000).toFixed(0)} ms sampled):`)
  console.log(top(byFile, 25).join("\n"))
  console.log("\nSelf time by function:")
  console.log(top(selfTime, 40).join("\n"))
}

const inMemory = () => {
  const body = JSON.stringify(Data.rocksetUser(0))
  const fakeFetch: typeof fetch = () =>
    Promise.resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } }))
  return userkitRuntime(
    "http://in-memory.invalid",
    FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fakeFetch)))
  )
}

const profiled = async () => {
  const server = overUndici ? await loopback() : undefined
  const runtime = server === undefined ? inMemory() : userkitRuntime(server.origin, UndiciHttpClient.layer)
  const users = await userkitServices(runtime)
  for (let i = 0; i < 2000; i++) await runtime.runPromise(users.rockset.get(ids.rockset))
  const start = now()
  for (let i = 0; i < calls; i++) await runtime.runPromise(users.rockset.get(ids.rockset))
  console.log(`${calls} calls, ${((now() - start) / calls / 1000).toFixed(1)} µs per call`)
  await runtime.dispose()
  server?.stop()
}

// The heap's growth over a round of calls run after a full collection, in a young generation big
// enough that no collection runs during the round (a round a collection interrupted is run again).
const allocated = async (call: () => Promise<unknown>): Promise<number> => {
  const { PerformanceObserver } = await import("node:perf_hooks")
  for (;;) {
    globalThis.gc?.()
    let collections = 0
    const observer = new PerformanceObserver((list) => {
      collections += list.getEntries().length
    })
    observer.observe({ entryTypes: ["gc"] })
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < calls; i++) await call()
    const after = process.memoryUsage().heapUsed
    // gc entries arrive asynchronously: let them come before reading the count.
    await new Promise((resolve) => setTimeout(resolve, 10))
    observer.disconnect()
    if (collections === 0) return (after - before) / calls
  }
}

const measured = async () => {
  if (globalThis.gc === undefined) throw new Error("run with --expose-gc")
  const server = overUndici ? await loopback() : undefined
  const origin = server?.origin ?? "http://in-memory.invalid"
  const runtime = server === undefined ? inMemory() : userkitRuntime(origin, UndiciHttpClient.layer)
  const users = await userkitServices(runtime)
  const platform = effectHttpClient(origin)
  const contenders = [
    { label: "userkit Rockset get", call: () => runtime.runPromise(users.rockset.get(ids.rockset)) },
    {
      label: "the platform's HttpClient alone (GET, text, JSON.parse)",
      call: () => runtime.runPromise(platform.rockset(ids.rockset))
    }
  ]
  for (const { call } of contenders) for (let i = 0; i < 5000; i++) await call()
  const rounds = contenders.map((): Array<number> => [])
  for (let round = 0; round < 5; round++) {
    for (const [i, { call }] of contenders.entries()) rounds[i]?.push(await allocated(call))
  }
  for (const [i, { label }] of contenders.entries()) {
    const median = [...(rounds[i] ?? [])].sort((a, b) => a - b)[2] ?? 0
    console.log(`${label}: ${(median / 1024).toFixed(1)} KB allocated per call (median of 5 rounds of ${calls})`)
  }
  await runtime.dispose()
  server?.stop()
}

if (measuring && process.env.USERKIT_PROFILED === "1") {
  await measured()
} else if (measuring) {
  const run = (execArgv: ReadonlyArray<string>, rest: ReadonlyArray<string>) =>
    spawnSync(process.execPath, [...execArgv, "--import", "tsx", self, ...rest], {
      stdio: "inherit",
      env: { ...process.env, USERKIT_PROFILED: "1" }
    }).status
  const bytes = run(["--expose-gc", "--max-semi-space-size=512"], args)
  if (bytes !== 0) process.exit(bytes ?? 1)
  // Timed apart: the big young generation above slows a call down.
  const rest = [...args.filter((arg) => arg !== "--measure" && !/^\d+$/.test(arg)), String(calls * 20), "--inline"]
  process.exit(run([], rest) ?? 1)
} else if (process.env.USERKIT_PROFILED === "1" || args.includes("--inline")) {
  await profiled()
} else {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "userkit-profile-"))
  const run = spawnSync(process.execPath, [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    "--import",
    "tsx",
    self,
    ...args
  ], {
    stdio: "inherit",
    env: { ...process.env, USERKIT_PROFILED: "1" }
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
  for (const file of Fs.readdirSync(dir)) summarise(Path.join(dir, file))
  console.log(`\nprofile kept in ${dir} (open it in Chrome DevTools)`)
}
