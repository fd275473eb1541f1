// Kill -9 durability: a child process offboards a person through the directory over the vendor
// fakes served here (behind a proxy that counts every removal per action), and is killed with
// SIGKILL at random points, some on a request (before or after the vendor's answer reaches it),
// some at a random time; another child resumes the run, and may be killed in turn. After each
// death, no action whose outcome had been recorded is sent again; at the end, every action is
// recorded once with a verified outcome and the person is gone from every vendor.
import { describe, expect, it } from "@effect/vitest"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import * as Database from "@userkit/store/Database"
import * as Store from "@userkit/store/Store"
import { engines } from "@userkit/testkit/Databases"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Child from "./Child.js"
import { type Kill, type Proxy, serveProxy } from "./VendorProxy.js"

const killsPerEngine = 10

interface Trap {
  /** Kill on the n-th request of this child, before or after answering it. */
  readonly request?: { readonly n: number; readonly kill: Kill }
  /** Kill this long after the child starts. */
  readonly afterMillis?: number
}

const randomTrap = (): Trap =>
  Math.random() < 0.5
    ? {
      request: { n: 1 + Math.floor(Math.random() * 12), kill: Math.random() < 0.5 ? "before-answer" : "after-answer" }
    }
    : { afterMillis: 100 + Math.random() * 1200 }

const runChild = (bundle: string, args: ReadonlyArray<string>, proxy: Proxy, trap: Trap) =>
  Child.run(bundle, args, (kill) => {
    const start = proxy.requests
    proxy.onKill = kill
    proxy.onRequest = (count) => count - start === trap.request?.n ? trap.request.kill : undefined
    const timer = trap.afterMillis === undefined ? undefined : setTimeout(kill, trap.afterMillis)
    return () => {
      clearTimeout(timer)
      proxy.onRequest = () => undefined
      proxy.onKill = () => {}
    }
  })

describe.each(engines)("Offboarding survives kill -9 on $name", (engine) => {
  it.live(
    `${killsPerEngine} deaths at random points, each resumed by another process`,
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* engine.database
        const script = yield* Child.script("offboard")
        const organisation = yield* Fakes.make({ people: 60 })
        const { proxy } = yield* serveProxy(yield* Fakes.serve(organisation))
        const context = yield* Layer.build(Layer.merge(
          Store.layer({ operator: "test" }).pipe(Layer.provide(Database.layer({ url }))),
          Directory.layer(organisation.directory).pipe(Layer.provide(Fakes.layer(organisation)))
        ))
        const store = Context.get(context, Store.Store)
        const directory = Context.get(context, Directory.Directory)
        // What each action with a recorded outcome had been sent so far.
        const recordedSends = (runId: string | undefined) =>
          runId === undefined ?
            Effect.succeed([]) :
            Effect.map(store.getRun(runId), (run) =>
              run.journal.flatMap((entry) =>
                entry.outcome === undefined ? [] : [{ action: entry.action, sent: proxy.sent(entry.action) }]
              ))
        let kills = 0
        const offboarded: Array<{ readonly email: string; readonly runId: string }> = []
        for (const person of organisation.people) {
          if (kills >= killsPerEngine) break
          const plan = yield* directory.planOffboarding(person.email)
          const planId = yield* store.savePlan(plan)
          let runId: string | undefined
          for (let finished = false; !finished;) {
            const recorded = yield* recordedSends(runId)
            const exit = yield* runChild(
              script,
              [runId === undefined ? "run" : "resume", url, JSON.stringify(proxy.proxied), runId ?? planId],
              proxy,
              kills < killsPerEngine ? randomTrap() : {}
            )
            if (exit.signal === "SIGKILL") kills++
            else expect(exit.code, exit.stderr).toBe(0)
            finished = exit.code === 0
            runId ??= (yield* store.listRuns()).find((run) => run.planId === planId)?.id
            if (runId !== undefined && !finished) {
              // A run that died with actions left is listed unfinished.
              const run = yield* store.getRun(runId)
              if (run.journal.some((entry) => entry.outcome === undefined)) {
                expect((yield* store.listRuns({ unfinished: true })).map((run) => run.id)).toContain(runId)
              }
            }
            // No action whose outcome had been recorded was sent again by this process.
            for (const { action, sent } of recorded) expect(proxy.sent(action), action.target).toBe(sent)
          }
          if (runId !== undefined) offboarded.push({ email: person.email, runId })
        }
        expect(kills).toBe(killsPerEngine)
        for (const { email, runId } of offboarded) {
          const run = yield* store.getRun(runId)
          expect(run.finishedAt).toBeDefined()
          expect(run.journal).toHaveLength(run.plan.actions.length)
          for (const entry of run.journal) {
            expect(entry.outcome?._tag, `${entry.action.vendor} ${entry.action.target}`).toMatch(
              /^(Removed|AlreadyAbsent)$/
            )
            expect(entry.sends).toBeGreaterThanOrEqual(1)
          }
          const found = yield* directory.find(email)
          expect(found.identities, email).toEqual([])
        }
        expect(yield* store.listRuns({ unfinished: true })).toEqual([])
      })),
    240_000
  )
})
