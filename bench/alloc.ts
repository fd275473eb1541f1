/**
 * Bytes allocated per single GET, in a process of its own (started by run.ts): with a young
 * generation large enough that no collection runs during the measured calls, the heap's growth
 * over those calls divided by their number is what one call allocates. A run during which the
 * collector ran anyway reports itself as such instead of a figure.
 *
 * Usage: node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 --import tsx bench/alloc.ts <origin> <contender>
 * where contender is `undici`, `fetch`, `sdk`, `userkit-undici`, `userkit-fetch` or `userkit-platformNode`.
 */
import { PerformanceObserver } from "node:perf_hooks"
import * as V8 from "node:v8"
import { ids, plainFetch, rawUndici, transportOf, userkitRuntime, userkitServices } from "./clients.js"
import { sdks } from "./sdks.js"

const [origin = "", contender = ""] = process.argv.slice(2)
process.on("disconnect", () => process.exit(1))
const calls = 200

const collectGarbage: unknown = Reflect.get(globalThis, "gc")
const used = (): number => {
  if (typeof collectGarbage === "function") collectGarbage()
  return V8.getHeapStatistics().used_heap_size
}

const callOf = async (): Promise<{ readonly call: () => Promise<unknown>; readonly close: () => Promise<unknown> }> => {
  if (contender === "undici") {
    const raw = rawUndici(origin)
    return { call: () => raw.rockset(ids.rockset), close: raw.close }
  }
  if (contender === "fetch") {
    const plain = plainFetch(origin)
    return { call: () => plain.rockset(ids.rockset), close: async () => {} }
  }
  if (contender === "sdk") {
    const sdk = sdks(origin)
    return { call: () => sdk.rockset(ids.rockset), close: async () => {} }
  }
  const runtime = userkitRuntime(origin, transportOf(contender.slice("userkit-".length)).layer)
  const users = await userkitServices(runtime)
  return { call: () => runtime.runPromise(users.rockset.get(ids.rockset)), close: () => runtime.dispose() }
}

const main = async () => {
  const { call, close } = await callOf()
  for (let i = 0; i < 2000; i++) await call()
  let collections = 0
  const observer = new PerformanceObserver((list) => {
    collections += list.getEntries().length
  })
  const before = used()
  // Collections from here on are the measured calls' own.
  await new Promise((resolve) => setImmediate(resolve))
  collections = 0
  observer.observe({ entryTypes: ["gc"] })
  const start = V8.getHeapStatistics().used_heap_size
  for (let i = 0; i < calls; i++) await call()
  const end = V8.getHeapStatistics().used_heap_size
  await new Promise((resolve) => setImmediate(resolve))
  observer.disconnect()
  await close()
  process.stdout.write(
    JSON.stringify({
      contender,
      bytesPerCall: (end - start) / calls,
      collections,
      retainedPerCall: (used() - before) / calls
    })
      + "\n"
  )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  }
)
