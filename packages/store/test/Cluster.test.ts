// Offboarding on a cluster: runner processes (bundled children) share one PostgreSQL database,
// the test submits a batch of runs through a client of the cluster and follows them in the
// journal, while a proxy in front of the vendor fakes counts every removal per action.
// PGlite cannot host several runner processes: without a server on 127.0.0.1:5432 the suite is
// skipped, or fails when `CI` is set.
import * as ShardingConfig from "@effect/cluster/ShardingConfig"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import type * as AccessReview from "@userkit/directory/AccessReview"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import * as Database from "@userkit/store/Database"
import type * as Records from "@userkit/store/Records"
import * as ReviewWorkflow from "@userkit/store/ReviewWorkflow"
import * as Runner from "@userkit/store/Runner"
import * as Store from "@userkit/store/Store"
import { reachable, serverDatabase } from "@userkit/testkit/Databases"
import * as Ports from "@userkit/testkit/Ports"
import * as Redis from "@userkit/testkit/Redis"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as net from "node:net"
import * as Child from "./Child.js"
import { serveProxy } from "./VendorProxy.js"

const server = await Effect.runPromise(reachable(5432))
if (!server && process.env.CI !== undefined && process.env.CI !== "") {
  throw new Error("CI is set and no PostgreSQL server listens on 127.0.0.1:5432")
}

const people = 50

// Quotas half the vendors' speed (Authress and Astronomer: 5 removals in 2 s), below what two
// runners ask for together, so that only sharing the windows keeps them; the clients a little
// slower still (5 in 2.5 s), for the time a request takes over the socket. Whole milliseconds:
// the Redis store refuses a fractional window (a 3.6x scale made one of 277.7 ms).
const quotas = { scale: 0.5, clientScale: 0.4 }

// A TCP proxy to the PostgreSQL server that can be cut (every connection dropped, no new one
// accepted) and restored on the same port: a runner's network to its database going away.
const postgresProxy = Effect.acquireRelease(
  Effect.async<{ readonly port: number; readonly cut: () => Promise<void>; readonly restore: () => Promise<void> }>(
    (resume) => {
      const sockets = new Set<net.Socket>()
      const track = (socket: net.Socket) => {
        sockets.add(socket)
        socket.on("close", () => sockets.delete(socket))
        socket.on("error", () => socket.destroy())
      }
      const server = net.createServer((client) => {
        const upstream = net.connect({ host: "127.0.0.1", port: 5432 })
        track(client)
        track(upstream)
        client.pipe(upstream).pipe(client)
        client.on("close", () => upstream.destroy())
        upstream.on("close", () => client.destroy())
      })
      let port = 0
      const listen = () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()))
      void listen().then(() => {
        const address = server.address()
        port = typeof address === "object" && address !== null ? address.port : 0
        resume(Effect.succeed({
          port,
          cut: () =>
            new Promise<void>((resolve) => {
              server.close(() => resolve())
              for (const socket of sockets) socket.destroy()
            }),
          restore: listen
        }))
      })
    }
  ),
  (proxy) => Effect.promise(() => proxy.cut())
)

// Until every shard is locked and each runner holds some: the runners have divided the shards
// between them. Before that, a runner that joins takes shards from the other, and a workflow
// activity in flight on a moved shard is delivered again (the engine's at-least-once; the kill
// test covers it). The runners take each shard as a single-key advisory lock on one connection.
const shardsSettled = (url: string, runners: number) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ readonly shards: number; readonly holders: number }>`
      SELECT count(*)::int AS shards, count(DISTINCT l.pid)::int AS holders
      FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND l.granted AND d.datname = current_database()`
    const { holders, shards } = rows[0] ?? { shards: 0, holders: 0 }
    if (shards !== ShardingConfig.defaults.shardsPerGroup || holders !== runners) {
      return yield* Effect.fail(`${shards} shards locked by ${holders} runner(s)`)
    }
  }).pipe(
    Effect.retry(Schedule.spaced("200 millis").pipe(Schedule.upTo("30 seconds"))),
    Effect.orDie,
    Effect.provide(Database.layer({ url }))
  )

// A database, the fakes behind the counting proxy, runners started at the same instant (each
// reaching the database at `via(url)`), and a client that has submitted one run per person.
const cluster = (
  options: {
    readonly runners?: number
    readonly via?: (url: string) => string
    readonly people?: number
    readonly redisPrefix?: string
    /** Whether to plan and submit one offboarding run per person (default true). */
    readonly offboard?: boolean
  } = {}
) =>
  Effect.gen(function*() {
    const url = yield* serverDatabase
    const script = yield* Child.script("runner")
    const organisation = yield* Fakes.make(
      options.redisPrefix === undefined
        ? { people: options.people ?? people }
        : { people: options.people ?? people, quotas }
    )
    const { proxy } = yield* serveProxy(yield* Fakes.serve(organisation))
    const ports = yield* Effect.forEach(Array.from({ length: options.runners ?? 2 }), () => Ports.unused)
    const runnerUrl = options.via?.(url) ?? url
    const runners = yield* Effect.forEach(
      ports,
      (port) =>
        Child.start(script, [
          runnerUrl,
          JSON.stringify(proxy.proxied),
          String(port),
          ...(options.redisPrefix === undefined
            ? []
            : [Redis.url, options.redisPrefix, String(quotas.scale), String(quotas.clientScale)])
        ]),
      { concurrency: "unbounded" }
    )
    // All come up, though they met an empty database together.
    yield* Effect.promise(() => Promise.all(runners.map((runner) => runner.ready)))
    yield* shardsSettled(url, runners.length)
    const context = yield* Layer.build(Layer.merge(
      Runner.layerClient({ operator: "test" }).pipe(Layer.provide(Database.layer({ url }))),
      Directory.layer(organisation.directory).pipe(Layer.provide(Fakes.layer(organisation)))
    ))
    const store = Context.get(context, Store.Store)
    const directory = Context.get(context, Directory.Directory)
    const planIds = yield* Effect.forEach(
      options.offboard === false ? [] : organisation.people,
      (person) => Effect.flatMap(directory.planOffboarding(person.email), (plan) => store.savePlan(plan))
    )
    // The plans were made by this test's own client, whose quota windows are its own, not in
    // Redis: its last window passes before the runners start (the fakes' windows are 2 s).
    if (options.redisPrefix !== undefined) yield* Effect.sleep("2500 millis")
    const runIds = planIds.length === 0 ? [] : yield* Effect.provide(Runner.submit(planIds), context)
    const journal = Effect.map(
      Effect.forEach(runIds, (id) => store.getRun(id)),
      (runs) => runs.flatMap((run) => run.journal.map((entry) => ({ runId: run.id, entry })))
    )
    return { proxy, runners, ports, context, store, directory, runIds, organisation, journal }
  })

const expectAllGone = (
  runs: ReadonlyArray<Records.SavedRun>,
  directory: Directory.DirectoryService,
  count = people
) =>
  Effect.gen(function*() {
    expect(runs).toHaveLength(count)
    for (const run of runs) {
      expect(Runner.status(run)._tag, run.id).toBe("Done")
      for (const entry of run.journal) {
        expect(entry.outcome?._tag).toMatch(/^(Removed|AlreadyAbsent)$/)
        expect(entry.recordedBy).toBeDefined()
      }
      expect((yield* directory.find(run.email)).identities, run.email).toEqual([])
    }
  })

describe.skipIf(!server)(
  `Offboarding on runners over PostgreSQL${
    server ? "" : " (skipped: no PostgreSQL server on 127.0.0.1:5432, and PGlite cannot host several runners)"
  }`,
  () => {
    it.live(
      "two runners started together on an empty database divide the shards, then finish a batch of 50, each action sent once",
      () =>
        Effect.scoped(Effect.gen(function*() {
          const { context, directory, ports, proxy, runIds } = yield* cluster()
          const runs = yield* Effect.provide(Runner.follow(runIds, { interval: "500 millis" }), context)
          yield* expectAllGone(runs, directory)
          const entries = runs.flatMap((run) => run.journal)
          for (const entry of entries) {
            expect(entry.sends, entry.action.target).toBe(1)
            expect(proxy.sent(entry.action), `${entry.action.vendor} ${entry.action.target}`).toBe(1)
          }
          // The work was shared.
          const by = new Set(entries.map((entry) => entry.recordedBy))
          expect(by).toEqual(new Set(ports.map((port) => `127.0.0.1:${port}`)))
        })),
      60_000
    )

    it.live(
      "a review submitted to two runners is saved once, with every vendor's rows and coverage",
      () =>
        Effect.scoped(Effect.gen(function*() {
          const { context, directory, store } = yield* cluster({ people: 10, offboard: false })
          const id = yield* Effect.provide(ReviewWorkflow.submit({ operator: "test" }), context)
          const saved = yield* Effect.provide(ReviewWorkflow.awaitSaved(id, { interval: 200 }), context)
          const expected = yield* directory.accessReview()
          const sorted = (rows: ReadonlyArray<AccessReview.Row>) => rows.map((row) => JSON.stringify(row)).sort()
          expect(sorted(saved.rows)).toEqual(sorted(expected.rows))
          expect(new Set(saved.rows.map((row) => row.vendor))).toEqual(
            new Set(["Rockset", "Authress", "Astronomer", "TileDB"])
          )
          expect(saved.coverage).toEqual({
            Rockset: { _tag: "Complete" },
            Authress: { _tag: "Complete" },
            Astronomer: { _tag: "Complete" },
            TileDB: { _tag: "Complete" }
          })
          expect((yield* store.listReviews).map((review) => review.id)).toEqual([id])
        })),
      30_000
    )

    it.live(
      "kill -9 of one runner mid-batch: the other finishes every run, nothing recorded is sent again",
      () =>
        Effect.scoped(Effect.gen(function*() {
          const { context, directory, ports, proxy, runIds, runners, store } = yield* cluster()
          // Each removal answered 100 ms late: a run stays in flight long enough for a runner to die
          // in the middle of it, however idle the machine (an unloaded one finished its share first).
          proxy.removalDelayMillis = 100
          const allRuns = Effect.forEach(runIds, (id) => store.getRun(id))
          const [killed] = runners
          const [victim, survivor] = ports.map((port) => `127.0.0.1:${port}`)
          // The unfinished runs the victim has touched (sent or recorded an action of): once it is
          // dead, only the survivor can finish them, so they move when its shards do.
          const touchedByVictim = (runs: ReadonlyArray<Records.SavedRun>) =>
            new Set(
              runs.filter((run) =>
                run.finishedAt === undefined &&
                run.journal.some((entry) => entry.sentBy === victim || entry.recordedBy === victim)
              ).map((run) => run.id)
            )
          // Both have recorded outcomes (the shards are shared out, not still moving between them),
          // and the victim is in the middle of a run.
          for (;;) {
            const runs = yield* allRuns
            const entries = runs.flatMap((run) => run.journal)
            if (
              entries.some((entry) => entry.recordedBy === victim) &&
              entries.some((entry) => entry.recordedBy === survivor) &&
              touchedByVictim(runs).size > 0
            ) break
            expect(runs.every((run) => run.finishedAt !== undefined), "the batch ended before a runner could die in it")
              .toBe(false)
            yield* Effect.sleep("20 millis")
          }
          killed?.kill()
          const killedAt = Date.now()
          const atKill = yield* allRuns
          const before = atKill.flatMap((run) => run.journal).filter((entry) => entry.outcome !== undefined)
            .map((entry) => ({ entry, sent: proxy.sent(entry.action) }))
          const stranded = touchedByVictim(atKill)
          let movedAfter: number | undefined
          const runs = yield* Effect.provide(
            Runner.follow(runIds, {
              interval: "250 millis",
              onProgress: (runs) =>
                Effect.sync(() => {
                  // Moved on: the survivor recorded an outcome of it, or finished it (a run whose
                  // every outcome the victim had recorded only needs its end written).
                  const moved = runs.some((run) =>
                    stranded.has(run.id) &&
                    (run.finishedAt !== undefined || run.journal.some((entry) =>
                      entry.recordedBy === survivor && (entry.outcomeAt?.getTime() ?? 0) > killedAt
                    ))
                  )
                  if (moved && movedAfter === undefined) movedAfter = Date.now() - killedAt
                })
            }),
            context
          )
          const took = Date.now() - killedAt
          console.log(
            `cluster: ${stranded.size} runs of the killed runner moved on after ${movedAfter} ms; all finished ${took} ms after the kill`
          )
          expect(stranded.size).toBeGreaterThan(0)
          expect(movedAfter).toBeLessThan(15_000)
          expect(took).toBeLessThan(60_000)
          yield* expectAllGone(runs, directory)
          for (const { entry, sent } of before) expect(proxy.sent(entry.action), entry.action.target).toBe(sent)
          // The journal names both runners: what the dead one did, and what the survivor did after.
          const entries = runs.flatMap((run) => run.journal)
          expect(entries.some((entry) => entry.recordedBy === victim)).toBe(true)
          expect(entries.some((entry) => entry.recordedBy === survivor)).toBe(true)
          // Each action was sent once, save the ones in flight at the kill, which were looked up first.
          for (const entry of entries) {
            if (entry.sends > 1 || proxy.sent(entry.action) > 1) expect(entry.lookedUpAt).toBeDefined()
          }
        })),
      90_000
    )

    it.live(
      "a runner that loses its database for 10 s carries on, losing and repeating no recorded outcome",
      () =>
        Effect.scoped(Effect.gen(function*() {
          const database = yield* postgresProxy
          const { context, directory, journal, proxy, runIds } = yield* cluster({
            runners: 1,
            via: (url) => url.replace("127.0.0.1:5432", `127.0.0.1:${database.port}`)
          })
          for (;;) {
            if ((yield* journal).some(({ entry }) => entry.outcome !== undefined)) break
            yield* Effect.sleep("50 millis")
          }
          yield* Effect.promise(() => database.cut())
          yield* Effect.sleep("10 seconds")
          // What was recorded before the runner lost its database, and what the vendors had received.
          const during = yield* journal
          // The cut came in the middle of the batch.
          expect(during.some(({ entry }) => entry.outcome === undefined)).toBe(true)
          const recorded = during.filter(({ entry }) => entry.outcome !== undefined)
            .map(({ entry, runId }) => ({ runId, entry, sent: proxy.sent(entry.action) }))
          yield* Effect.promise(() => database.restore())
          const restoredAt = Date.now()
          const runs = yield* Effect.provide(Runner.follow(runIds, { interval: "250 millis" }), context)
          console.log(`cluster: every run finished ${Date.now() - restoredAt} ms after the database came back`)
          yield* expectAllGone(runs, directory)
          for (const { entry, runId, sent } of recorded) {
            const after = runs.find((run) => run.id === runId)?.journal[entry.position]
            expect(after?.outcome, entry.action.target).toEqual(entry.outcome)
            expect(after?.outcomeAt, entry.action.target).toEqual(entry.outcomeAt)
            expect(proxy.sent(entry.action), entry.action.target).toBe(sent)
          }
          for (const entry of runs.flatMap((run) => run.journal)) {
            if (entry.sends > 1 || proxy.sent(entry.action) > 1) expect(entry.lookedUpAt).toBeDefined()
          }
        })),
      90_000
    )

    Redis.describeWithRedis("with the vendors' quotas kept in Redis", () => {
      it.live(
        "two runners together never exceed a vendor's quota in any window, as the fakes count",
        () =>
          Effect.scoped(Effect.gen(function*() {
            const { context, directory, organisation, runIds, runners } = yield* cluster({
              people: 30,
              redisPrefix: Redis.testPrefix()
            })
            const runs = yield* Effect.provide(Runner.follow(runIds, { interval: "500 millis" }), context)
            // Both runners kept the quotas in Redis throughout (its store never fell back to the process).
            for (const runner of runners) expect(runner.output()).not.toContain("did not answer")
            // Counted when the batch ends, before this test's own lookups (whose client keeps its
            // windows in-process, not in Redis).
            let limited = 0
            for (const [vendor, quota] of Object.entries(organisation.quotas)) {
              for (const [operationClass, count] of Object.entries(yield* quota.counts)) {
                expect(count.maxInWindow, `${vendor} ${operationClass}`).toBeLessThanOrEqual(count.limit)
                // The fakes refuse what would exceed the quota: no refusal means no attempt to.
                expect(count.refused, `${vendor} ${operationClass}`).toBe(0)
                if (count.maxInWindow === count.limit) limited++
              }
            }
            yield* expectAllGone(runs, directory, 30)
            // The quotas were reached, so keeping them was a matter of sharing them.
            expect(limited).toBeGreaterThan(0)
          })),
        60_000
      )
    })
  }
)
