/**
 * The directory's organisation of fakes (`@userkit/directory/Fakes`, quotas off), served on
 * 127.0.0.1 by a process of its own (forked by review.ts) so that its work is not counted against
 * the client measured. Reports its base URLs over IPC; stops when its parent disconnects, and
 * after 10 minutes in any case.
 *
 * Usage: node --import tsx bench/fakes.ts <people>
 */
import * as Fakes from "@userkit/directory/Fakes"
import * as Effect from "effect/Effect"

const people = Number(process.argv[2] ?? "1000")
const hardLimitMs = 10 * 60 * 1000

const program = Effect.gen(function*() {
  const organisation = yield* Fakes.make({ people })
  const urls = yield* Fakes.serve(organisation)
  if (process.send) process.send({ urls })
  else console.log(JSON.stringify(urls))
  yield* Effect.never
}).pipe(Effect.scoped)

const stop = () => process.exit(0)
process.on("disconnect", stop)
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
setTimeout(stop, hardLimitMs).unref()
Effect.runFork(program)
