/**
 * Offboarding runs that survive a crash: each run of a saved plan is an `@effect/workflow`
 * workflow with one activity per action, executed by `@effect/cluster`'s `ClusterWorkflowEngine`
 * on a `SingleRunner` whose storage is the store's own database. The engine remembers which
 * activities completed; the journal (userkit's own table, written inside each activity) is the
 * evidence: the intent before each send, the verified outcome after.
 *
 * Delivery is at-least-once: an activity cut short by a crash runs again. So an action whose
 * outcome is recorded is never sent again, and one that was sent without a recorded outcome is
 * looked up first: gone means it took effect, present means it is sent again.
 *
 * @since 0.3.0
 */
import * as ClusterWorkflowEngine from "@effect/cluster/ClusterWorkflowEngine"
import * as SingleRunner from "@effect/cluster/SingleRunner"
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Activity from "@effect/workflow/Activity"
import * as Workflow from "@effect/workflow/Workflow"
import type * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Directory from "@userkit/directory/Directory"
import type { InvalidEmail } from "@userkit/directory/Email"
import * as Plan from "@userkit/directory/Plan"
import * as Clock from "effect/Clock"
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Errors from "./Errors.js"
import * as Records from "./Records.js"
import * as Store from "./Store.js"

/**
 * The workflow: one execution per run (the idempotency key is the plan and the run, so
 * offboarding the same person again later is a new run, never the stored result of an old one).
 *
 * @since 0.3.0
 * @category workflows
 */
export const OffboardingWorkflow = Workflow.make({
  name: "userkit/Offboarding",
  payload: { planId: Schema.String, runId: Schema.String },
  idempotencyKey: ({ planId, runId }) => `${planId}/${runId}`
})

/**
 * A store call inside a workflow step: a database held by another process is waited for; anything
 * else stops the step (the run stays unfinished, to be resumed).
 *
 * @since 0.3.0
 * @category running
 */
export const patiently = <A, R>(effect: Effect.Effect<A, Errors.StoreError | Errors.NotFound, R>) =>
  effect.pipe(
    Effect.retry({
      while: (error) => error._tag === "DatabaseBusy",
      schedule: Schedule.exponential("50 millis").pipe(Schedule.union(Schedule.spaced("2 seconds")))
    }),
    Effect.orDie
  )

const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

// One action, as an activity runs it (perhaps again, after a crash).
const perform = (
  store: Store.StoreService,
  directory: Directory.DirectoryService,
  runId: string,
  position: number,
  action: Plan.Action
): Effect.Effect<Records.OutcomeRecord> =>
  Effect.gen(function*() {
    const recorded = () =>
      Effect.map(patiently(store.getRun(runId)), (run) => run.journal.find((entry) => entry.position === position))
    const entry = yield* recorded()
    if (entry?.outcome !== undefined) return entry.outcome
    if (entry?.sentAt !== undefined) {
      // Sent before a crash, outcome unknown: a fresh look decides whether to send it again.
      yield* patiently(store.recordLookup(runId, position))
      const seen = yield* Effect.either(directory.lookup(action))
      if (Either.isRight(seen) && seen.right === "absent") {
        yield* patiently(store.recordOutcome(runId, position, { _tag: "AlreadyAbsent", verifiedAt: yield* now }))
        return (yield* recorded())?.outcome ?? { _tag: "AlreadyAbsent", verifiedAt: yield* now }
      }
    }
    yield* patiently(store.recordIntent(runId, position))
    const outcome = yield* directory.remove(action)
    yield* patiently(store.recordOutcome(runId, position, outcome))
    const kept = (yield* recorded())?.outcome
    return kept ?? (yield* Effect.dieMessage(`The journal of run ${runId} lost the outcome of action ${position}`))
  })

/**
 * Registers the workflow with the engine: its activities remove through the directory
 * (`remove`, `lookup`) and journal through the store.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerWorkflow: Layer.Layer<
  never,
  never,
  WorkflowEngine.WorkflowEngine | Store.Store | Directory.Directory
> = OffboardingWorkflow.toLayer(({ planId, runId }) =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    const directory = yield* Directory.Directory
    const plan = yield* patiently(store.getPlan(planId))
    for (const [position, action] of plan.actions.entries()) {
      yield* Activity.make({
        name: `action-${position}`,
        success: Records.OutcomeRecord,
        execute: perform(store, directory, runId, position, action)
      })
    }
    yield* Activity.make({ name: "finish", execute: patiently(store.finishRun(runId)) })
  })
)

/**
 * The durable engine: `ClusterWorkflowEngine` on a `SingleRunner` whose messages, replies and
 * shard locks live in the database of the `SqlClient` (tables `cluster_*`).
 *
 * @since 0.3.0
 * @category layers
 */
export const layerEngine: Layer.Layer<WorkflowEngine.WorkflowEngine, ConfigError.ConfigError, SqlClient.SqlClient> =
  ClusterWorkflowEngine.layer.pipe(
    Layer.provide(SingleRunner.layer({
      runnerStorage: "sql",
      // A run started in this process is picked up at once rather than at the next poll.
      shardingConfig: { entityMessagePollInterval: "1 second" }
    }))
  )

/**
 * Everything a run needs over a database and a directory: the store, the durable engine, and the
 * workflow registered with it. Provide `Database.layer(...)` and a `Directory` layer.
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (
  options: Store.Options = {}
): Layer.Layer<
  Store.Store | WorkflowEngine.WorkflowEngine,
  Store.LayerError | ConfigError.ConfigError,
  SqlClient.SqlClient | Directory.Directory
> => layerWorkflow.pipe(Layer.provideMerge(Layer.merge(layerEngine, Store.layer(options))))

/** Plans again and compares, by the rule of the directory's `apply` ({@link Plan.drift}). */
const checkDrift = (directory: Directory.DirectoryService, plan: Records.SavedPlan) =>
  Effect.flatMap(directory.planOffboarding(plan.email), (fresh) => {
    const drift = Plan.drift(plan, fresh)
    return drift === undefined ? Effect.void : Effect.fail(drift)
  })

/**
 * How to run a saved plan.
 *
 * @since 0.3.0
 * @category models
 */
export interface RunOptions extends Store.SaveOptions {
  /**
   * `"refuse"` (the default): plan again first, and fail `PlanDrift`, sending nothing, if the
   * person's accounts changed since the plan was saved. `"proceed"`: run the plan as saved.
   */
  readonly drift?: "refuse" | "proceed" | undefined
}

/**
 * Starts a run of a saved plan and waits for it to finish; answers the run's id. If the process
 * dies, the run is listed unfinished (`Store.listRuns({ unfinished: true })`) and {@link resume}
 * finishes it.
 *
 * @since 0.3.0
 * @category running
 */
export const run = (
  planId: string,
  options: RunOptions = {}
): Effect.Effect<
  string,
  Errors.StoreError | Errors.NotFound | Plan.PlanDrift | InvalidEmail,
  Store.Store | WorkflowEngine.WorkflowEngine | Directory.Directory
> =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    if (options.drift !== "proceed") yield* checkDrift(yield* Directory.Directory, yield* store.getPlan(planId))
    const runId = yield* store.startRun(planId, options)
    yield* OffboardingWorkflow.execute({ planId, runId })
    return runId
  })

/**
 * Finishes an unfinished run: completed actions are not run again, and the journal decides for
 * the one that was in flight.
 *
 * @since 0.3.0
 * @category running
 */
export const resume = (
  runId: string
): Effect.Effect<void, Errors.StoreError | Errors.NotFound, Store.Store | WorkflowEngine.WorkflowEngine> =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    const saved = yield* store.getRun(runId)
    yield* OffboardingWorkflow.execute({ planId: saved.planId, runId })
  })
