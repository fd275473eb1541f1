/**
 * The per-call path under the V8 profiler: `npx tsx bench/profile.ts [calls]` re-runs itself with
 * `--cpu-prof`, making that many userkit `get`s over an in-memory `fetch` (so the profile holds the
 * client, not the network), then prints the functions with the most self time, grouped by file.
 * `--undici` makes the calls over `UndiciHttpClient` to the loopback server instead (what userkit
 * costs over the lean transport); `--inline` runs the calls in this process (for a profiler of your own).
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { UndiciHttpClient } from "@userkit/undici"
import * as Layer from "effect/Layer"
import { fork, spawnSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { ids, userkitRuntime, userkitServices } from "./clients.js"
import * as Data from "./data.js"
import { now } from "./stats.js"

const self = fileURLToPath(import.meta.url)
const args = process.argv.slice(2)
const calls = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 20_000)
const overUndici = args.includes("--undici")

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

if (process.env.USERKIT_PROFILED === "1" || args.includes("--inline")) {
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
