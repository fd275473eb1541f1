/**
 * A server in another process on 127.0.0.1 that counts when each request arrived, by run and
 * class (`/<run>/<class>`), on its own clock: what the rate-limit acceptance tests measure the
 * windows at. Runs named `storm-…` get 429 for their first `stormCount` requests.
 *
 * @since 0.3.0
 */
import * as RateLimit from "@userkit/core/RateLimit"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Undici from "undici"

const script = `
import http from "node:http"
const stormCount = Number(process.argv[2])
const arrivals = {}
const refused = {}
const latencies = []
const server = http.createServer((request, response) => {
  const now = performance.now()
  if (request.url === "/__arrivals") {
    response.setHeader("content-type", "application/json")
    response.end(JSON.stringify({ arrivals, refused, latencies }))
    return
  }
  const [path, query] = request.url.split("?")
  const key = path.slice(1)
  const sent = Number(new URLSearchParams(query).get("at"))
  if (sent > 0) latencies.push(performance.timeOrigin + now - sent)
  const seen = (arrivals[key] ??= [])
  seen.push(now)
  if (key.startsWith("storm-") && seen.length <= stormCount) {
    ;(refused[key] ??= []).push(now)
    response.statusCode = 429
    response.end("{}")
    return
  }
  response.end("{}")
})
server.keepAliveTimeout = 10_000
server.listen(0, "127.0.0.1", () => process.stdout.write(String(server.address().port) + "\\n"))
process.stdin.on("end", () => process.exit(0))
process.stdin.resume()
`

/**
 * What the server saw: each key's arrival times (ms, the server's clock) and refusals.
 *
 * @since 0.3.0
 * @category models
 */
export interface Seen {
  readonly arrivals: Readonly<Record<string, ReadonlyArray<number>>>
  readonly refused: Readonly<Record<string, ReadonlyArray<number>>>
  /** From each call's start at the client to its arrival, in ms (both on the machine's clock). */
  readonly latencies: ReadonlyArray<number>
}

/**
 * A running counting server.
 *
 * @since 0.3.0
 * @category models
 */
export interface QuotaServer {
  readonly url: string
  readonly seen: Effect.Effect<Seen>
}

/**
 * Starts the server in a child process for the scope's life.
 *
 * @since 0.3.0
 * @category constructors
 */
export const start = (stormCount = 0): Effect.Effect<QuotaServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "userkit-quota-server-")), "server.mjs")
    Fs.writeFileSync(file, script)
    const child = yield* Effect.acquireRelease(
      Effect.sync(() => ChildProcess.spawn(process.execPath, [file, String(stormCount)], { stdio: "pipe" })),
      (child) => Effect.sync(() => child.kill())
    )
    const port = yield* Effect.async<number>((resume) => {
      child.stdout.once("data", (data: Buffer) => resume(Effect.succeed(Number(String(data).trim()))))
    })
    const url = `http://127.0.0.1:${port}`
    return {
      url,
      seen: Effect.promise(async (): Promise<Seen> => {
        const response = await fetch(`${url}/__arrivals`)
        const seen: Seen = await response.json()
        return seen
      })
    }
  })

/**
 * The most arrivals in any window `[t, t + windowMs)`.
 *
 * @since 0.3.0
 * @category utils
 */
export const peak = (times: ReadonlyArray<number>, windowMs: number): number => {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  let first = 0
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= windowMs) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

/**
 * One run's calls: `count(class)` calls of each class at once, each through one of `limiters` in turn,
 * to `/<run>/<class>` (a 429 fails the call with its status, as a client's would). Answers the
 * failures other than a status (the tags), which a test expects none of.
 *
 * @since 0.3.0
 * @category utils
 */
export const callRun = (
  limiters: ReadonlyArray<RateLimit.Limiter>,
  quotas: RateLimit.Quotas,
  serverUrl: string,
  run: string,
  count: (operationClass: RateLimit.OperationClass) => number
): Effect.Effect<ReadonlyArray<string>> => {
  const failures: Array<string> = []
  const operationOf = (operationClass: RateLimit.OperationClass) =>
    Object.keys(quotas.classOf).find((operation) => quotas.classOf[operation] === operationClass)
  const limited = RateLimit.operationClasses.filter((operationClass) => quotas.limits[operationClass] !== undefined)
  const calls = limited.flatMap((operationClass) => {
    const operation = operationOf(operationClass)
    return operation === undefined
      ? []
      : Array.from({ length: count(operationClass) }, (_, i) => ({ operation, operationClass, i }))
  })
  return Effect.forEach(calls, ({ i, operation, operationClass }) => {
    const limiter = limiters[i % limiters.length]
    if (limiter === undefined) return Effect.void
    const send = Effect.flatMap(
      Effect.promise(async () => {
        const response = await Undici.request(
          `${serverUrl}/${run}/${operationClass}?at=${performance.timeOrigin + performance.now()}`
        )
        await response.body.dump()
        return response.statusCode
      }),
      (status) => status === 429 ? Effect.fail({ _tag: "TooManyRequests", status }) : Effect.void
    )
    // A 429 is the vendor's answer; anything else (a store that did not answer) is a failure.
    return Effect.catchAll(
      limiter.limit(operation, send),
      (error) => "status" in error ? Effect.void : Effect.sync(() => failures.push(error._tag))
    )
  }, { concurrency: "unbounded", discard: true }).pipe(Effect.as(failures))
}
