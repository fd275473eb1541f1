// Kill -9 durability: a child process runs an offboarding against accounts served here (which
// count every removal per account), and is killed with SIGKILL at random points, some on a
// request (before or after it is answered), some at a random time; another child resumes the run,
// and may be killed in turn. After each death, no action whose outcome had been recorded is sent
// again; at the end, every action is recorded once with a verified outcome and every account is
// gone.
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Database from "@userkit/store/Database"
import * as Store from "@userkit/store/Store"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as esbuild from "esbuild"
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import * as path from "node:path"
import { engines } from "./Engines.js"

const killsPerEngine = 10

const packageRoot = path.resolve(import.meta.dirname, "..")
const bundlePath = path.join(packageRoot, `build/offboard-${process.pid}.mjs`)

// One bundle per test file: a child starts in half a second instead of three under tsx.
let bundled: Promise<unknown> | undefined
const childScript = Effect.promise(() =>
  bundled ??= esbuild.build({
    entryPoints: [path.join(packageRoot, "test/fixtures/offboard.ts")],
    outfile: bundlePath,
    bundle: true,
    platform: "node",
    format: "esm",
    conditions: ["@userkit/source"],
    external: ["libsql", "pg-native"],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: "warning"
  })
).pipe(Effect.as(bundlePath))
afterAll(() => fs.rmSync(bundlePath, { force: true }))

type Kill = "before-answer" | "after-answer" | undefined

class Accounts {
  url = ""
  readonly live = new Set<string>()
  readonly deletes = new Map<string, number>()
  requests = 0
  /** Asked on every request: whether to kill the child before or after answering it. */
  onRequest: (count: number) => Kill = () => undefined
  onKill: () => void = () => {}
}

const serveAccounts = Effect.acquireRelease(
  Effect.async<{ readonly accounts: Accounts; readonly server: http.Server }>((resume) => {
    const accounts = new Accounts()
    const server = http.createServer((request, response) => {
      const target = decodeURIComponent((request.url ?? "").replace(/^\/accounts\//, ""))
      const kill = accounts.onRequest(++accounts.requests)
      // Every removal that reaches the vendor counts as sent, whether or not it is acted on.
      if (request.method === "DELETE") accounts.deletes.set(target, (accounts.deletes.get(target) ?? 0) + 1)
      // A little latency, so that deaths land while requests are in flight.
      setTimeout(() => {
        if (kill === "before-answer") {
          accounts.onKill()
          // Half the time the vendor acted, but the answer never reached the child.
          if (request.method === "DELETE" && Math.random() < 0.5) accounts.live.delete(target)
          response.destroy()
        } else if (request.method === "DELETE") {
          response.writeHead(accounts.live.delete(target) ? 204 : 404).end()
        } else {
          response.writeHead(accounts.live.has(target) ? 200 : 404).end()
        }
        if (kill === "after-answer") setTimeout(() => accounts.onKill(), Math.random() * 15)
      }, 2 + Math.random() * 10)
    })
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      accounts.url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
      resume(Effect.succeed({ accounts, server }))
    })
  }),
  ({ server }) => Effect.promise(() => new Promise((resolve) => server.close(resolve)))
)

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

const runChild = (script: string, args: ReadonlyArray<string>, accounts: Accounts, trap: Trap) =>
  Effect.async<{ readonly signal: NodeJS.Signals | null; readonly code: number | null; readonly stderr: string }>(
    (resume) => {
      const child: ChildProcess = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "pipe"] })
      let stderr = ""
      child.stderr?.on("data", (chunk) => stderr += String(chunk))
      const kill = () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
      }
      const start = accounts.requests
      accounts.onKill = kill
      accounts.onRequest = (count) => count - start === trap.request?.n ? trap.request.kill : undefined
      const timer = trap.afterMillis === undefined ? undefined : setTimeout(kill, trap.afterMillis)
      child.on("exit", (code, signal) => {
        clearTimeout(timer)
        accounts.onRequest = () => undefined
        accounts.onKill = () => {}
        resume(Effect.succeed({ signal, code, stderr }))
      })
    }
  )

const actionOn = (target: string) => ({
  vendor: "Rockset" as const,
  scope: { type: "organization" as const, id: "org-1" },
  action: "delete-user" as const,
  target,
  account: { key: target, email: "grace.hopper@example.com" }
})

describe.each(engines)("Offboarding survives kill -9 on $name", (engine) => {
  it.live(
    `${killsPerEngine} deaths at random points, each resumed by another process`,
    () =>
      Effect.scoped(Effect.gen(function*() {
        const url = yield* engine.database
        const script = yield* childScript
        const { accounts } = yield* serveAccounts
        const store = Context.get(
          yield* Layer.build(Store.layer({ operator: "test" }).pipe(Layer.provide(Database.layer({ url })))),
          Store.Store
        )
        const outcomesRecorded = (runId: string | undefined) =>
          runId === undefined ?
            Effect.succeed(new Map<string, number>()) :
            Effect.map(store.getRun(runId), (run) =>
              new Map(
                run.journal.flatMap((entry) =>
                  entry.outcome === undefined
                    ? []
                    : [[entry.action.target, accounts.deletes.get(entry.action.target) ?? 0]]
                )
              ))
        let kills = 0
        const runIds: Array<string> = []
        for (let person = 1; kills < killsPerEngine; person++) {
          const targets = Array.from({ length: 6 }, (_, i) => `p${person}-account-${i}`)
          // The last account is gone already: its removal is "already absent".
          for (const target of targets.slice(0, 5)) accounts.live.add(target)
          const planId = yield* store.savePlan({
            email: "grace.hopper@example.com",
            createdAt: new Date(),
            actions: targets.map(actionOn),
            coverage: { Rockset: { _tag: "Complete" } }
          })
          let runId: string | undefined
          for (let finished = false; !finished;) {
            const recorded = yield* outcomesRecorded(runId)
            const exit = yield* runChild(
              script,
              runId === undefined ? ["run", url, accounts.url, planId] : ["resume", url, accounts.url, runId],
              accounts,
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
            // No action whose outcome was recorded before this process was sent again by it.
            for (const [target, deletes] of recorded) expect(accounts.deletes.get(target) ?? 0).toBe(deletes)
          }
          if (runId !== undefined) runIds.push(runId)
        }
        expect(runIds.length).toBeGreaterThan(0)
        for (const runId of runIds) {
          const run = yield* store.getRun(runId)
          expect(run.finishedAt).toBeDefined()
          expect(run.journal).toHaveLength(6)
          for (const entry of run.journal) {
            expect(entry.outcome?._tag, entry.action.target).toMatch(/^(Removed|AlreadyAbsent)$/)
            expect(entry.sends).toBeGreaterThanOrEqual(1)
          }
        }
        expect(yield* store.listRuns({ unfinished: true })).toEqual([])
        expect([...accounts.live]).toEqual([])
      })),
    240_000
  )
})
