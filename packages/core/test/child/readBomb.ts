// Run by Bombs.test.ts in a child process, so that a regression (a body read whole) crashes this
// process and not the test runner: calls an operation at the URL given, over the transport
// named, and prints what it ended in and how far its memory grew while it ran.
import * as Auth from "@userkit/core/Auth"
import * as Client from "@userkit/core/Client"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { getItem, TestApi } from "../fixtures.js"
import { transportLayer } from "../loopback.js"

const [transport, url] = process.argv.slice(2)

const program = Effect.gen(function*() {
  const client = yield* Client.make(TestApi, {
    baseUrl: url,
    auth: Auth.header("X-Acme-Key", Redacted.make("k")),
    retry: false
  })
  return yield* client.operation(getItem)({ params: { id: "a1" } })
}).pipe(Effect.provide(transportLayer(transport)))

globalThis.gc?.()
const baseline = process.memoryUsage().rss
let sampledPeak = baseline
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)
}, 5)
const exit = await Effect.runPromiseExit(program)
clearInterval(sampler)
const failure = Exit.isFailure(exit) && exit.cause._tag === "Fail" ? exit.cause.error : undefined
process.stdout.write(JSON.stringify({
  outcome: Exit.isSuccess(exit) ? "success" : failure === undefined ? "not a typed failure" : failure._tag,
  reason: failure !== undefined && "reason" in failure ? failure.reason : undefined,
  // The process's peak, which includes start-up: an upper bound of the growth during the call.
  peakGrowth: process.resourceUsage().maxRSS * 1024 - baseline,
  sampledGrowth: sampledPeak - baseline
}))
