/**
 * Offboarding on several machines: any number of `@effect/cluster` runners over one Postgres
 * database execute the same `userkit/Offboarding` workflow as the embedded engine
 * (`Offboarding.layer`); an application or the CLI submits runs and follows them through the
 * store. The runners talk to each other over sockets (`NodeClusterSocket`); the shard locks,
 * messages and replies live in the database (tables `cluster_*`), next to userkit's journal.
 *
 * A runner that dies holds its shards until its lock expires; the defaults here (expiry 6 s,
 * refresh every 2 s) move its work to the others within about 10 s, where the engine's own
 * defaults take 28–30 s.
 *
 * @since 0.3.0
 */
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as RunnerAddress from "@effect/cluster/RunnerAddress"
import * as ShardingConfig from "@effect/cluster/ShardingConfig"
import * as SqlMessageStorage from "@effect/cluster/SqlMessageStorage"
import * as SqlRunnerStorage from "@effect/cluster/SqlRunnerStorage"
import * as NodeClusterSocket from "@effect/platform-node/NodeClusterSocket"
import type * as SocketServer from "@effect/platform/SocketServer"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import type * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import type * as Directory from "@userkit/directory/Directory"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import type * as Errors from "./Errors.js"
import * as Migrations from "./Migrations.js"
import * as Offboarding from "./Offboarding.js"
import type * as Records from "./Records.js"
import * as ReviewWorkflow from "./ReviewWorkflow.js"
import * as Store from "./Store.js"

/**
 * The port a runner listens on when none is given.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultPort = 34431

/**
 * How long a dead runner's shard locks stay held when not given: with the refresh below, its
 * work moves to the other runners within about 10 s (measured in `test/Cluster.test.ts`).
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultShardLockExpiration: Duration.Duration = Duration.seconds(6)

/**
 * How often a live runner renews its shard locks when not given.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultShardLockRefreshInterval: Duration.Duration = Duration.seconds(2)

/**
 * How a runner joins the cluster.
 *
 * @since 0.3.0
 * @category models
 */
export interface Options {
  /** The host the other runners reach this one at. Default `127.0.0.1` (one machine). */
  readonly host?: string | undefined
  /** The port it listens on and is reached at. Default {@link defaultPort}. */
  readonly port?: number | undefined
  /** The host it listens on, when not the one it is reached at (e.g. `0.0.0.0` in a container). */
  readonly listenHost?: string | undefined
  /** How long a dead runner's shards stay locked. Default {@link defaultShardLockExpiration}. */
  readonly shardLockExpiration?: Duration.DurationInput | undefined
  /** How often a live runner renews its locks. Default {@link defaultShardLockRefreshInterval}. */
  readonly shardLockRefreshInterval?: Duration.DurationInput | undefined
  /** Who is acting, written in the journal. Default: the `USER` environment variable. */
  readonly operator?: string | undefined
}

const shardingConfig = (options: Options, address: Option.Option<RunnerAddress.RunnerAddress>) => ({
  runnerAddress: address,
  runnerListenAddress: options.listenHost === undefined
    ? Option.none()
    : Option.some(RunnerAddress.make(options.listenHost, options.port ?? defaultPort)),
  shardLockExpiration: options.shardLockExpiration ?? defaultShardLockExpiration,
  shardLockRefreshInterval: options.shardLockRefreshInterval ?? defaultShardLockRefreshInterval,
  // A submitted run is picked up within a second rather than at the engine's 10-second poll.
  entityMessagePollInterval: Duration.seconds(1)
} satisfies Partial<ShardingConfig.ShardingConfig["Type"]>)

// The advisory lock under which the tables are created: a two-key lock, a key space apart from
// the single-key locks the engine takes for its shards.
const setupLock = [0x75736572, 0x6b697401] as const

/**
 * Creates or upgrades userkit's tables and the engine's (`cluster_*`) once, under a Postgres
 * advisory lock held for one transaction: runners that start together on an empty database
 * would otherwise both create the engine's tables and one would crash (`duplicate key value
 * violates unique constraint "pg_type_typname_nsp_index"`). Every runner and submitter runs it
 * before joining; after the first, it changes nothing.
 *
 * @since 0.3.0
 * @category migrations
 */
export const migrate: Effect.Effect<
  void,
  Migrations.StoreTooNew | Migrations.MigrationFailed | SqlError,
  SqlClient.SqlClient
> = Effect.scoped(Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // A session lock on a connection of its own (a transaction would not do: the migrator's first
  // look at a missing table aborts it); it goes with the connection if this process dies.
  const connection = yield* sql.reserve
  yield* Effect.acquireRelease(
    connection.executeRaw(`SELECT pg_advisory_lock(${setupLock[0]}, ${setupLock[1]})`, []),
    () =>
      connection.executeRaw(`SELECT pg_advisory_unlock(${setupLock[0]}, ${setupLock[1]})`, []).pipe(
        Effect.ignore
      )
  )
  yield* Migrations.run()
  // Building the engine's storages creates their tables; they are released again at once (the
  // runner builds its own), which leaves the tables.
  yield* Effect.scoped(Layer.build(
    Layer.merge(SqlMessageStorage.layer, SqlRunnerStorage.layer).pipe(
      Layer.provide(ShardingConfig.layer()),
      Layer.orDie
    )
  ))
}))

/**
 * A runner: joins the cluster over the `SqlClient`'s Postgres database (after {@link migrate})
 * and executes the offboarding workflow through the `Directory` it is given and the review
 * workflow through the `VendorReviews` (`ReviewWorkflow.layerDirectory` provides both). Provides
 * the store, whose journal entries name this runner (`host:port`).
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<
  Store.Store | WorkflowEngine.WorkflowEngine,
  Store.LayerError | SqlError | SocketServer.SocketServerError,
  SqlClient.SqlClient | Directory.Directory | ReviewWorkflow.VendorReviews
> => {
  const host = options.host ?? "127.0.0.1"
  const port = options.port ?? defaultPort
  const cluster = NodeClusterSocket.layer({
    storage: "sql",
    shardingConfig: shardingConfig(options, Option.some(RunnerAddress.make(host, port)))
  })
  const store = Store.layer({ operator: options.operator, runner: `${host}:${port}` })
  return Layer.merge(Offboarding.layerWorkflow, ReviewWorkflow.layerWorkflow).pipe(
    Layer.provideMerge(Layer.merge(ClusterWorkflowEngine.layer.pipe(Layer.provide(cluster)), store)),
    Layer.provide(Layer.effectDiscard(migrate))
  )
}

/**
 * A client of the cluster, for submitting runs: it runs no workflow itself (no address, no
 * listening socket) and hands each run to the runners through the database.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerClient = (
  options: Pick<Options, "operator"> = {}
): Layer.Layer<
  Store.Store | WorkflowEngine.WorkflowEngine,
  Store.LayerError | SqlError | ConfigError.ConfigError,
  SqlClient.SqlClient
> => {
  const cluster = NodeClusterSocket.layer({
    clientOnly: true,
    storage: "sql",
    shardingConfig: shardingConfig({}, Option.none())
  })
  return Layer.merge(ClusterWorkflowEngine.layer.pipe(Layer.provide(cluster)), Store.layer(options)).pipe(
    Layer.provide(Layer.effectDiscard(migrate))
  )
}

/**
 * Starts a run of each saved plan and hands it to the runners without waiting; answers the run
 * ids, in the order of the plans. The idempotency key is the plan and the run, as in-process.
 *
 * @since 0.3.0
 * @category running
 */
export const submit = (
  planIds: ReadonlyArray<string>,
  options?: Store.SaveOptions
): Effect.Effect<
  ReadonlyArray<string>,
  Errors.StoreError | Errors.NotFound,
  Store.Store | WorkflowEngine.WorkflowEngine
> =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    // Each hand-over is a few round trips to the database: several at a time.
    return yield* Effect.forEach(planIds, (planId) =>
      Effect.gen(function*() {
        const runId = yield* store.startRun(planId, options)
        yield* Offboarding.OffboardingWorkflow.execute({ planId, runId }, { discard: true })
        return runId
      }), { concurrency: 10 })
  })

/**
 * Where a run stands: waiting for a runner, running (on the runner that last sent one of its
 * actions), or finished with every action verified gone (`Done`) or not (`Failed`).
 *
 * @since 0.3.0
 * @category models
 */
export type Status =
  | { readonly _tag: "Queued" }
  | { readonly _tag: "Running"; readonly runner: string | undefined }
  | { readonly _tag: "Done" }
  | { readonly _tag: "Failed" }

/**
 * The status of a run, read from its journal.
 *
 * @since 0.3.0
 * @category running
 */
export const status = (run: Records.SavedRun): Status => {
  if (run.finishedAt !== undefined) return run.verified === run.actions ? { _tag: "Done" } : { _tag: "Failed" }
  const sent = run.journal.filter((entry) => entry.sentAt !== undefined)
  if (sent.length === 0) return { _tag: "Queued" }
  const last = sent.reduce((a, b) => (b.sentAt ?? 0) > (a.sentAt ?? 0) ? b : a)
  return { _tag: "Running", runner: last.sentBy }
}

/**
 * Whether a run has finished.
 *
 * @since 0.3.0
 * @category running
 */
export const finished = (run: Records.SavedRun): boolean => run.finishedAt !== undefined

/**
 * Reads the runs (with their journals) until every one has finished, calling `onProgress` with
 * all of them at each look (every `interval`, default 1 s); answers them finished.
 *
 * @since 0.3.0
 * @category running
 */
export const follow = <E = never, R = never>(
  runIds: ReadonlyArray<string>,
  options: {
    readonly interval?: Duration.DurationInput | undefined
    readonly onProgress?: ((runs: ReadonlyArray<Records.SavedRun>) => Effect.Effect<void, E, R>) | undefined
  } = {}
): Effect.Effect<ReadonlyArray<Records.SavedRun>, Errors.StoreError | Errors.NotFound | E, Store.Store | R> =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    const look = Effect.gen(function*() {
      const runs = yield* Effect.forEach(runIds, (id) => store.getRun(id))
      if (options.onProgress !== undefined) yield* options.onProgress(runs)
      return runs
    })
    return yield* Effect.repeat(
      look,
      Schedule.spaced(options.interval ?? Duration.seconds(1)).pipe(
        Schedule.whileInput((runs: ReadonlyArray<Records.SavedRun>) => !runs.every(finished)),
        Schedule.passthrough
      )
    )
  })
