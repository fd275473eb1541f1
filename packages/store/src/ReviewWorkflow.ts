/**
 * Access reviews as durable work: an `@effect/workflow` workflow with one activity per vendor the
 * directory spans (each lists that vendor alone) and a last step that saves ONE review with every
 * vendor's rows and coverage. The same definition runs on the embedded engine
 * (`Offboarding.layer`) and on the cluster's runners (`Runner.layer`): provide
 * {@link layerWorkflow} over either.
 *
 * Delivery is at-least-once: a vendor's activity cut short runs again (it only reads), and the
 * saving step is keyed by the review's id, which is the workflow's idempotency key, so a step run
 * again after a crash finds the review saved and writes nothing twice.
 *
 * @since 0.3.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Activity from "@effect/workflow/Activity"
import * as Workflow from "@effect/workflow/Workflow"
import type * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import type * as AccessReview from "@userkit/directory/AccessReview"
import * as Directory from "@userkit/directory/Directory"
import type * as DirectoryUser from "@userkit/directory/DirectoryUser"
import * as Clock from "effect/Clock"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Errors from "./Errors.js"
import * as Offboarding from "./Offboarding.js"
import * as Records from "./Records.js"
import * as Store from "./Store.js"

/**
 * The workflow: one execution per review, keyed by the review's id (the id it is saved under).
 *
 * @since 0.3.0
 * @category workflows
 */
export const ReviewWorkflow = Workflow.make({
  name: "userkit/Review",
  payload: { reviewId: Schema.String, operator: Schema.optional(Schema.String) },
  success: Schema.String,
  idempotencyKey: ({ reviewId }) => reviewId
})

/**
 * One vendor's part of a review, as its activity answers it (and the engine journals it).
 *
 * @since 0.3.0
 * @category models
 */
export const VendorPart = Schema.Struct({
  startedAt: Schema.Date,
  finishedAt: Schema.Date,
  rows: Schema.Array(Schema.Struct({
    vendor: Records.Vendor,
    key: Schema.String,
    email: Schema.String,
    name: Schema.String,
    status: Schema.String,
    scopeType: Schema.String,
    scopeId: Schema.String,
    role: Schema.String
  })),
  coverage: Records.CoverageRecord
})

/**
 * @since 0.3.0
 * @category models
 */
export type VendorPart = typeof VendorPart.Type

/**
 * The vendors a review spans, and how to review each one alone.
 *
 * @since 0.3.0
 * @category models
 */
export interface VendorReviewsService {
  readonly vendors: ReadonlyArray<DirectoryUser.Vendor>
  readonly review: (vendor: DirectoryUser.Vendor) => Effect.Effect<AccessReview.AccessReview>
}

/**
 * @since 0.3.0
 * @category tags
 */
export class VendorReviews extends Context.Tag("@userkit/store/ReviewWorkflow/VendorReviews")<
  VendorReviews,
  VendorReviewsService
>() {}

// The directory's options narrowed to one vendor: the same limits, the others left out.
const only = (options: Directory.Options, vendor: DirectoryUser.Vendor): Directory.Options => {
  const reason = options.unavailable?.[vendor]
  return {
    concurrency: options.concurrency,
    breaker: options.breaker,
    callDeadline: options.callDeadline,
    rockset: vendor === "Rockset" ? options.rockset : undefined,
    authress: vendor === "Authress" ? options.authress : undefined,
    astronomer: vendor === "Astronomer" ? options.astronomer : undefined,
    tiledb: vendor === "TileDB" ? options.tiledb : undefined,
    unavailable: reason === undefined ? {} : { [vendor]: reason }
  }
}

/**
 * Per-vendor reviews over the directory these options describe: each vendor through a directory
 * spanning it alone (`Directory.make({ [vendor]: options })`), so it has exactly that vendor's
 * rows and coverage. Provide the four vendor services as for the directory (a vendor not named in
 * the options is never called).
 *
 * @since 0.3.0
 * @category layers
 */
export const layerVendorReviews = (
  options: Directory.Options
): Layer.Layer<
  VendorReviews,
  never,
  Directory.Requirements<Directory.Options>
> =>
  Layer.effect(
    VendorReviews,
    Effect.gen(function*() {
      const whole = yield* Directory.make(options)
      const each = new Map<DirectoryUser.Vendor, Directory.DirectoryService>()
      for (const vendor of whole.vendors) each.set(vendor, yield* Directory.make(only(options, vendor)))
      return VendorReviews.of({
        vendors: whole.vendors,
        review: (vendor) => {
          const directory = each.get(vendor)
          return directory === undefined
            ? Effect.dieMessage(`ReviewWorkflow: ${vendor} is not spanned by this directory`)
            : directory.accessReview()
        }
      })
    })
  )

/**
 * The directory these options describe, with its per-vendor reviews: what a runner needs for
 * both workflows.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerDirectory = (
  options: Directory.Options
): Layer.Layer<Directory.Directory | VendorReviews, never, Directory.Requirements<Directory.Options>> =>
  Layer.merge(Directory.layer(options), layerVendorReviews(options))

// A vendor's part, with its coverage as the store records it.
const partOf = (vendor: DirectoryUser.Vendor, review: AccessReview.AccessReview): VendorPart => {
  const coverage = review.coverage[vendor]
  return {
    startedAt: review.startedAt,
    finishedAt: review.finishedAt,
    rows: review.rows.filter((row) => row.vendor === vendor),
    coverage: coverage === undefined
      ? { _tag: "Failed", reason: `${vendor} was not reviewed` }
      : coverage._tag === "Failed" && coverage.failure !== undefined
      ? { _tag: "Failed", reason: coverage.reason, failure: Store.failureRecord(coverage.failure) }
      : coverage._tag === "Failed"
      ? { _tag: "Failed", reason: coverage.reason }
      : coverage
  }
}

// The parts as one review: from the first start to the last finish, the vendors in the order
// the directory lists them.
const merge = (
  parts: ReadonlyArray<readonly [DirectoryUser.Vendor, VendorPart]>,
  at: Date
): Store.SaveableReview => ({
  startedAt: new Date(Math.min(at.getTime(), ...parts.map(([, part]) => part.startedAt.getTime()))),
  finishedAt: parts.length === 0 ? at : new Date(Math.max(...parts.map(([, part]) => part.finishedAt.getTime()))),
  rows: parts.flatMap(([, part]) => part.rows),
  coverage: Object.fromEntries(parts.map(([vendor, part]) => [vendor, part.coverage]))
})

/**
 * Registers the workflow with the engine (embedded or cluster): a `vendor-<name>` activity per
 * vendor, then `save`.
 *
 * @since 0.3.0
 * @category layers
 */
export const layerWorkflow: Layer.Layer<
  never,
  never,
  WorkflowEngine.WorkflowEngine | Store.Store | VendorReviews
> = ReviewWorkflow.toLayer(({ operator, reviewId }) =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    const reviews = yield* VendorReviews
    const parts = yield* Effect.forEach(reviews.vendors, (vendor) =>
      Effect.map(
        Activity.make({
          name: `vendor-${vendor}`,
          success: VendorPart,
          execute: Effect.map(reviews.review(vendor), (review) => partOf(vendor, review))
        }),
        (part) => [vendor, part] as const
      ), { concurrency: "unbounded" })
    const at = new Date(yield* Clock.currentTimeMillis)
    return yield* Activity.make({
      name: "save",
      success: Schema.String,
      execute: Offboarding.patiently(store.saveReview(merge(parts, at), { id: reviewId, operator }))
    })
  })
)

/**
 * The embedded engine of `Offboarding.layer` with this workflow registered too: reviews and
 * offboarding runs in-process, on the store's database. Provide `Database.layer(...)` and
 * {@link layerDirectory} (or a `Directory` and {@link VendorReviews}).
 *
 * @since 0.3.0
 * @category layers
 */
export const layer = (
  options: Store.Options = {}
): Layer.Layer<
  Store.Store | WorkflowEngine.WorkflowEngine,
  Store.LayerError | ConfigError.ConfigError,
  SqlClient.SqlClient | Directory.Directory | VendorReviews
> => layerWorkflow.pipe(Layer.provideMerge(Offboarding.layer(options)))

const newReviewId = Effect.map(
  Clock.currentTimeMillis,
  (millis) =>
    `review-${new Date(millis).toISOString().replace(/[-:]/g, "").slice(0, 15)}-${crypto.randomUUID().slice(0, 8)}`
)

/**
 * Runs a review on this engine and waits for it to be saved; answers the saved review's id.
 *
 * @since 0.3.0
 * @category running
 */
export const run = (
  options: Store.SaveOptions = {}
): Effect.Effect<string, never, WorkflowEngine.WorkflowEngine> =>
  Effect.flatMap(newReviewId, (reviewId) => ReviewWorkflow.execute({ reviewId, operator: options.operator }))

/**
 * Hands a review to the cluster's runners without waiting; answers the id it will be saved under
 * (`Store.getReview` fails `NotFound` until a runner has saved it).
 *
 * @since 0.3.0
 * @category running
 */
export const submit = (
  options: Store.SaveOptions = {}
): Effect.Effect<string, never, WorkflowEngine.WorkflowEngine> =>
  Effect.flatMap(
    newReviewId,
    (reviewId) =>
      Effect.as(ReviewWorkflow.execute({ reviewId, operator: options.operator }, { discard: true }), reviewId)
  )

/**
 * Waits, looking every `interval` (default 1 s), until a submitted review is saved; answers it.
 * It waits as long as no runner has saved it: bound it with `Effect.timeout` where that matters.
 *
 * @since 0.3.0
 * @category running
 */
export const awaitSaved = (
  reviewId: string,
  options: { readonly interval?: Duration.DurationInput | undefined } = {}
): Effect.Effect<Records.SavedReview, Errors.StoreError, Store.Store> =>
  Effect.flatMap(Store.Store, (store) =>
    store.getReview(reviewId).pipe(
      Effect.retry({
        while: (error) => error._tag === "NotFound",
        schedule: Schedule.spaced(options.interval ?? Duration.seconds(1))
      }),
      // Unreachable: the retry above only stops on another error.
      Effect.catchTag("NotFound", Effect.die)
    ))
