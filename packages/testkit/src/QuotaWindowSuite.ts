/**
 * The rate-limit acceptance suite every vendor package runs with its documented quotas: measured
 * at a server in another process on 127.0.0.1 ({@link QuotaServer}), no window of any class ever
 * holds more than the quota: through one layer, through three layers with the same credential in
 * one process, after a 429 storm (at most the lowered limit), and through four processes sharing
 * the credential over Redis. Each case makes 20 runs at once, each with a credential of its own
 * and so a window of its own.
 *
 * Scaled for test time and for a loaded 2-core machine: each class's interval becomes
 * {@link windowMs} and the limits are divided so that the largest is at most 10, keeping their
 * proportions as far as whole numbers allow (Astronomer's 25/10/5 a second become 9/4/2,
 * Rockset's 500/50/10 a minute 10/1/1); every run makes `2 × limit + 1` calls of each class at
 * once, so that it spans three windows: 300 to 600 calls in flight at once across the 20 runs.
 * The margin is the default one. (With 1,600 calls at once, the test process's own HTTP client
 * took 0.4 to 1.1 s to put a call on the wire: no margin a library could default to covers that.)
 *
 * @since 0.3.0
 */
import { assert, describe, it } from "@effect/vitest"
import * as RateLimit from "@userkit/core/RateLimit"
import * as Effect from "effect/Effect"
import * as esbuild from "esbuild"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Bundling from "./Bundling.js"
import type * as QuotaDriver from "./QuotaDriver.js"
import * as QuotaServer from "./QuotaServer.js"
import * as Redis from "./Redis.js"

/**
 * The interval every class is scaled to.
 *
 * @since 0.3.0
 * @category constants
 */
export const windowMs = 150

const runs = 20

/**
 * A vendor's quotas scaled for the suite (a vendor without any, TileDB, gets its throttled limit
 * on every class).
 *
 * @since 0.3.0
 * @category utils
 */
export const scaled = (quotas: RateLimit.Quotas): RateLimit.Quotas => {
  const documented = RateLimit.operationClasses.flatMap((operationClass) => {
    const quota = quotas.limits[operationClass] ?? quotas.throttledLimit
    return quota === undefined ? [] : [[operationClass, quota.limit] as const]
  })
  const divisor = Math.ceil(Math.max(...documented.map(([, limit]) => limit)) / 10)
  const limits: { [C in RateLimit.OperationClass]?: RateLimit.Quota } = {}
  for (const [operationClass, limit] of documented) {
    limits[operationClass] = { limit: Math.max(1, Math.floor(limit / divisor)), interval: windowMs }
  }
  return { ...quotas, limits, adaptive: { cooldown: 3_000 } }
}

// How long calls took to arrive, for a failure's message: a spread above the margin is the cause.
const spread = (seen: QuotaServer.Seen) => {
  const sorted = [...seen.latencies].sort((a, b) => a - b)
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? 0)
  return `start to arrival: min ${at(0)} ms, median ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`
}

// Every run's arrivals of each class: no window of the quota's interval holds more than `most`
// (the limit, unless given), and all `count` calls arrived.
const assertWindows = (
  seen: QuotaServer.Seen,
  quotas: RateLimit.Quotas,
  runNames: ReadonlyArray<string>,
  count: (operationClass: RateLimit.OperationClass) => number
) => {
  for (const run of runNames) {
    for (const operationClass of RateLimit.operationClasses) {
      const quota = quotas.limits[operationClass]
      if (quota === undefined) continue
      const arrivals = seen.arrivals[`${run}/${operationClass}`] ?? []
      assert.strictEqual(arrivals.length, count(operationClass), `${run}/${operationClass}: calls that arrived`)
      const most = QuotaServer.peak(arrivals, windowMs)
      assert.isAtMost(
        most,
        quota.limit,
        `${run}/${operationClass}: the most starts in a window of ${windowMs} ms (${spread(seen)})`
      )
      // The calls did need the window to move on: the property was put to the test.
      assert.isAbove(Math.max(...arrivals) - Math.min(...arrivals), 2 * windowMs)
    }
  }
}

const noFailures = (failures: ReadonlyArray<ReadonlyArray<string>>) => assert.deepStrictEqual(failures.flat(), [])

const names = (prefix: string) => Array.from({ length: runs }, (_, i) => `${prefix}-${i}`)

const limiterFor = (quotas: RateLimit.Quotas, baseUrl: string, run: string) =>
  RateLimit.fromOption(quotas, undefined, { baseUrl, secret: run })

const callsPerRun = (quotas: RateLimit.Quotas) => (operationClass: RateLimit.OperationClass) =>
  2 * (quotas.limits[operationClass]?.limit ?? 0) + 1

// The driver, bundled once per test file (with Effect: one file loads fast) into a directory
// from which `ioredis` and `undici` resolve; deleted when the process exits.
let driverFile: Promise<string> | undefined
const bundledDriver = (): Promise<string> => {
  driverFile ??= (async () => {
    const dir = Fs.mkdtempSync(Path.join(Bundling.root, "node_modules", ".userkit-quota-driver-"))
    process.once("exit", () => Fs.rmSync(dir, { recursive: true, force: true }))
    const outfile = Path.join(dir, "driver.mjs")
    await esbuild.build({
      stdin: {
        contents: `import { drive } from "./packages/testkit/src/QuotaDriver.ts"
import * as Effect from "effect/Effect"
Effect.runPromise(drive(JSON.parse(process.argv[2]))).then(
  () => process.exit(0),
  (error) => { console.error(error); process.exit(1) }
)`,
        resolveDir: Bundling.root,
        loader: "ts"
      },
      bundle: true,
      platform: "node",
      format: "esm",
      conditions: ["@userkit/source"],
      external: ["ioredis", "undici"],
      outfile,
      logLevel: "silent"
    })
    return outfile
  })()
  return driverFile
}

const runDriver = (file: string, input: QuotaDriver.Input) =>
  Effect.async<number>((resume) => {
    const child = ChildProcess.spawn(process.execPath, [file, JSON.stringify(input)], { stdio: "inherit" })
    child.once("exit", (code) => resume(Effect.succeed(code ?? 1)))
  })

/**
 * Declares the suite for a vendor, e.g. `quotaWindowSuite(Quotas.quotas)`.
 *
 * @since 0.3.0
 * @category suites
 */
export const quotaWindowSuite = (vendorQuotas: RateLimit.Quotas): void => {
  const quotas = scaled(vendorQuotas)
  const limited = RateLimit.operationClasses.filter((operationClass) => quotas.limits[operationClass] !== undefined)
  const countOf = callsPerRun(quotas)

  // One case at a time: each already puts hundreds of calls in flight at once.
  describe.sequential(`${quotas.vendor}'s quotas, measured at a server in another process (${runs} runs each)`, () => {
    it.live("through one layer: no window at the server holds more than the quota", () =>
      Effect.gen(function*() {
        const server = yield* QuotaServer.start()
        const runNames = names("one")
        yield* Effect.forEach(runNames, (run) =>
          Effect.flatMap(
            limiterFor(quotas, server.url, run),
            (limiter) => QuotaServer.callRun([limiter], quotas, server.url, run, countOf)
          ), { concurrency: "unbounded" }).pipe(Effect.map(noFailures))
        assertWindows(yield* server.seen, quotas, runNames, countOf)
      }).pipe(Effect.scoped), 20_000)

    it.live("through three layers with the same credential: one window between them", () =>
      Effect.gen(function*() {
        const server = yield* QuotaServer.start()
        const runNames = names("three")
        yield* Effect.forEach(runNames, (run) =>
          Effect.flatMap(
            Effect.all([1, 2, 3].map(() => limiterFor(quotas, server.url, run))),
            (limiters) => QuotaServer.callRun(limiters, quotas, server.url, run, countOf)
          ), { concurrency: "unbounded" }).pipe(Effect.map(noFailures))
        assertWindows(yield* server.seen, quotas, runNames, countOf)
      }).pipe(Effect.scoped), 20_000)

    it.live("after a 429 storm, the calls that were waiting keep the lowered limit", () =>
      Effect.gen(function*() {
        const stormed = limited[0] ?? "read"
        const limit = quotas.limits[stormed]?.limit ?? 1
        const limits: { [C in RateLimit.OperationClass]?: RateLimit.Quota } = {}
        limits[stormed] = quotas.limits[stormed] ?? { limit, interval: windowMs }
        const only: RateLimit.Quotas = { ...quotas, limits }
        // The server refuses each run's first burst: the whole quota's worth.
        const server = yield* QuotaServer.start(limit)
        const runNames = names("storm")
        const count = () => 3 * limit
        yield* Effect.forEach(runNames, (run) =>
          Effect.flatMap(
            limiterFor(only, server.url, run),
            (limiter) => QuotaServer.callRun([limiter], only, server.url, run, count)
          ), { concurrency: "unbounded" }).pipe(Effect.map(noFailures))
        const seen = yield* server.seen
        const lowered = limit >= 2 ? Math.floor(limit / 2) : 1
        for (const run of runNames) {
          const key = `${run}/${stormed}`
          const lastRefusal = Math.max(...(seen.refused[key] ?? [0]))
          const after = (seen.arrivals[key] ?? []).filter((time) => time > lastRefusal)
          assert.strictEqual(after.length, 2 * limit, `${key}: calls after the storm`)
          assert.isAtMost(QuotaServer.peak(after, windowMs), lowered, `${key}: the most starts in a window`)
        }
      }).pipe(Effect.scoped), 20_000)

    Redis.describeWithRedis(`${quotas.vendor}'s quotas over Redis`, () => {
      it.live(
        "through four processes sharing each credential over Redis: one window between them",
        () =>
          Effect.gen(function*() {
            const server = yield* QuotaServer.start()
            const prefix = Redis.testPrefix()
            const runNames = names("redis")
            const share = (operationClass: RateLimit.OperationClass) => Math.ceil(countOf(operationClass) / 4)
            const file = yield* Effect.promise(bundledDriver)
            const codes = yield* Effect.all(
              [1, 2, 3, 4].map(() =>
                runDriver(file, {
                  serverUrl: server.url,
                  redisUrl: Redis.url,
                  prefix,
                  quotas,
                  runs: runNames,
                  counts: Object.fromEntries(limited.map((operationClass) => [operationClass, share(operationClass)]))
                })
              ),
              { concurrency: "unbounded" }
            )
            assert.deepStrictEqual(codes, [0, 0, 0, 0])
            assertWindows(yield* server.seen, quotas, runNames, (operationClass) => 4 * share(operationClass))
            for (const key of yield* Effect.promise(() => Redis.keys(prefix))) {
              for (const run of runNames) assert.notInclude(key, run)
            }
          }).pipe(Effect.scoped),
        30_000
      )
    })
  })
}
