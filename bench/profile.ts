/**
 * The per-call path under the V8 profiler: `npx tsx bench/profile.ts [calls]` re-runs itself with
 * `--cpu-prof`, making that many userkit `get`s over an in-memory `fetch` (so the profile holds the
 * client, not the network), then prints the functions with the most self time, grouped by file.
 * `--inline` after the count runs the calls in this process instead (for a profiler of your own);
 * `--measure` re-runs itself with `--expose-gc` and prints the bytes allocated per call, userkit's
 * and the platform client's alone (median of five rounds of that many calls, each after a full GC
 * and free of any collection: keep the count near 1,000 so a round fits in the young generation),
 * then µs per call over twenty times as many calls: the figures the commits quote.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Layer from "effect/Layer"
import { spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { effectHttpClient, ids, userkitRuntime, userkitServices } from "./clients.js"
import * as Data from "./data.js"
import { now } from "./stats.js"

const self = fileURLToPath(import.meta.url)
const calls = Number(process.argv[2] ?? 20_000)

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

const inMemoryRuntime = () => {
  const body = JSON.stringify(Data.rocksetUser(0))
  const fakeFetch: typeof fetch = () =>
    Promise.resolve(new Response(body, { status: 200, headers: { "content-type": "application/json" } }))
  return userkitRuntime(
    "http://in-memory.invalid",
    FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fakeFetch)))
  )
}

const profiled = async () => {
  const runtime = inMemoryRuntime()
  const users = await userkitServices(runtime)
  for (let i = 0; i < 2000; i++) await runtime.runPromise(users.rockset.get(ids.rockset))
  const start = now()
  for (let i = 0; i < calls; i++) await runtime.runPromise(users.rockset.get(ids.rockset))
  console.log(`${calls} calls, ${((now() - start) / calls / 1000).toFixed(1)} µs per call`)
  await runtime.dispose()
}

// Bytes allocated per call: the heap's growth over a round of calls run after a full collection,
// in a young generation big enough (`--max-semi-space-size`) that no collection runs during the
// round (checked: a round a collection interrupted is measured again).
const allocation = async (calls: number, call: () => Promise<unknown>) => {
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
    // gc entries are delivered asynchronously: let them arrive before reading the count.
    await new Promise((resolve) => setTimeout(resolve, 10))
    observer.disconnect()
    if (collections === 0) return { bytes: (after - before) / calls }
  }
}

const measured = async () => {
  if (globalThis.gc === undefined) throw new Error("run with --expose-gc")
  const runtime = inMemoryRuntime()
  const users = await userkitServices(runtime)
  const get = () => runtime.runPromise(users.rockset.get(ids.rockset))
  const platform = effectHttpClient("http://in-memory.invalid")
  const platformGet = () => runtime.runPromise(platform.rockset(ids.rockset))
  for (let i = 0; i < 5000; i++) await get()
  for (let i = 0; i < 5000; i++) await platformGet()
  const rounds: Array<{ bytes: number }> = []
  const floor: Array<{ bytes: number }> = []
  for (let round = 0; round < 5; round++) {
    rounds.push(await allocation(calls, get))
    floor.push(await allocation(calls, platformGet))
  }
  await runtime.dispose()
  const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[2] ?? 0
  const report = (label: string, of: ReadonlyArray<{ bytes: number }>) =>
    console.log(
      `${label}: ${
        (median(of.map((r) => r.bytes)) / 1024).toFixed(1)
      } KB allocated per call (median of 5 rounds of ${calls})`
    )
  report("userkit Rockset get", rounds)
  report("the platform's HttpClient alone (GET, text, JSON.parse)", floor)
}

if (process.argv[3] === "--measure" && process.env.USERKIT_PROFILED !== "1") {
  const run = spawnSync(process.execPath, [
    "--expose-gc",
    "--max-semi-space-size=512",
    "--import",
    "tsx",
    self,
    String(calls),
    "--measure"
  ], {
    stdio: "inherit",
    env: { ...process.env, USERKIT_PROFILED: "1" }
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
  // Time in a process of its own: the big young generation above slows a call down.
  const timed = spawnSync(process.execPath, ["--import", "tsx", self, String(calls * 20), "--inline"], {
    stdio: "inherit",
    env: { ...process.env, USERKIT_PROFILED: "1" }
  })
  process.exit(timed.status ?? 1)
} else if (process.argv[3] === "--measure") {
  await measured()
} else if (process.env.USERKIT_PROFILED === "1" || process.argv[3] === "--inline") {
  await profiled()
} else {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "userkit-profile-"))
  const run = spawnSync(process.execPath, [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    "--import",
    "tsx",
    self,
    String(calls)
  ], {
    stdio: "inherit",
    env: { ...process.env, USERKIT_PROFILED: "1" }
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
  for (const file of Fs.readdirSync(dir)) summarise(Path.join(dir, file))
  console.log(`\nprofile kept in ${dir} (open it in Chrome DevTools)`)
}
