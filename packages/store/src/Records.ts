/**
 * What the store keeps, as it reads it back: vendor failures reduced to what can be kept (the
 * vendor, the operation, the typed reason, the vendor's words, its request id), coverage per
 * vendor, outcomes with their verification, saved reviews, plans and runs.
 *
 * @since 0.3.0
 */
import type { AccessReview, DirectoryUser, Plan } from "@userkit/directory"
import * as Schema from "effect/Schema"

/**
 * A vendor, as the store keeps it.
 *
 * @since 0.3.0
 * @category schemas
 */
export const Vendor = Schema.Literal("Rockset", "Authress", "Astronomer", "TileDB")

/**
 * A vendor failure, as kept: never the vendor's whole error (its body may hold more than
 * evidence needs).
 *
 * @since 0.3.0
 * @category schemas
 */
export const FailureRecord = Schema.Struct({
  vendor: Schema.String,
  operation: Schema.String,
  /** The typed reason: `Forbidden`, `ServiceUnavailable`, ... */
  reason: Schema.String,
  message: Schema.String,
  requestId: Schema.optional(Schema.String)
})

/**
 * @since 0.3.0
 * @category models
 */
export type FailureRecord = typeof FailureRecord.Type

/**
 * What a review or a plan saw of one vendor.
 *
 * @since 0.3.0
 * @category schemas
 */
export const CoverageRecord = Schema.Union(
  Schema.TaggedStruct("Complete", {}),
  Schema.TaggedStruct("Partial", { reason: Schema.String }),
  Schema.TaggedStruct("Failed", { reason: Schema.String, failure: Schema.optional(FailureRecord) })
)

/**
 * @since 0.3.0
 * @category models
 */
export type CoverageRecord = typeof CoverageRecord.Type

/**
 * Coverage per vendor; a vendor missing here was not part of the directory.
 *
 * @since 0.3.0
 * @category models
 */
export type CoverageByVendor = { readonly [V in DirectoryUser.Vendor]?: CoverageRecord }

/**
 * What became of one action, with its verification, as the journal keeps it.
 *
 * @since 0.3.0
 * @category schemas
 */
export const OutcomeRecord = Schema.Union(
  Schema.TaggedStruct("Removed", { verifiedAt: Schema.Date }),
  Schema.TaggedStruct("Pending", { lastSeenAt: Schema.Date }),
  Schema.TaggedStruct("AlreadyAbsent", { verifiedAt: Schema.Date }),
  Schema.TaggedStruct("StillPresent", { checkedAt: Schema.Date }),
  Schema.TaggedStruct("Unverified", { failure: FailureRecord }),
  Schema.TaggedStruct("Failed", { failure: FailureRecord })
)

/**
 * @since 0.3.0
 * @category models
 */
export type OutcomeRecord = typeof OutcomeRecord.Type

/**
 * Whether an outcome proves the access gone (`Removed` or `AlreadyAbsent`).
 *
 * @since 0.3.0
 * @category predicates
 */
export const isVerified = (outcome: OutcomeRecord): boolean =>
  outcome._tag === "Removed" || outcome._tag === "AlreadyAbsent"

/**
 * A saved review, without its rows.
 *
 * @since 0.3.0
 * @category models
 */
export interface ReviewSummary {
  readonly id: string
  readonly startedAt: Date
  readonly finishedAt: Date
  readonly savedAt: Date
  readonly operator: string
  readonly toolVersion: string
  readonly rowCount: number
  readonly coverage: CoverageByVendor
}

/**
 * A saved review with its rows (one per identity × scope × role).
 *
 * @since 0.3.0
 * @category models
 */
export interface SavedReview extends ReviewSummary {
  readonly rows: ReadonlyArray<AccessReview.Row>
}

/**
 * A saved plan: what was planned, when, by whom, and what its search saw of each vendor.
 *
 * @since 0.3.0
 * @category models
 */
export interface SavedPlan {
  readonly id: string
  readonly email: string
  readonly createdAt: Date
  readonly savedAt: Date
  readonly operator: string
  readonly toolVersion: string
  readonly actions: ReadonlyArray<Plan.Action>
  readonly coverage: CoverageByVendor
}

/**
 * One action of a run: sent or not, and what became of it.
 *
 * @since 0.3.0
 * @category models
 */
export interface JournalEntry {
  readonly position: number
  readonly action: Plan.Action
  readonly operator: string
  /** When it was last sent (the intent, written before sending); undefined if never sent. */
  readonly sentAt: Date | undefined
  /** How many times it was sent (more than once only after a run died with it in flight). */
  readonly sends: number
  /** When a resumed run looked it up to learn whether an interrupted send had taken effect. */
  readonly lookedUpAt: Date | undefined
  readonly outcome: OutcomeRecord | undefined
  readonly outcomeAt: Date | undefined
  readonly requestId: string | undefined
  /** The cluster runner that last sent it (undefined when run in-process). */
  readonly sentBy: string | undefined
  /** The cluster runner that recorded its outcome (undefined when run in-process). */
  readonly recordedBy: string | undefined
}

/**
 * A run, without its journal.
 *
 * @since 0.3.0
 * @category models
 */
export interface RunSummary {
  readonly id: string
  readonly planId: string
  readonly email: string
  readonly operator: string
  readonly toolVersion: string
  readonly startedAt: Date
  /** Undefined while the run is unfinished (running, or died and waiting to be resumed). */
  readonly finishedAt: Date | undefined
  readonly actions: number
  /** Actions with a recorded outcome. */
  readonly recorded: number
  /** Actions whose outcome proves the access gone. */
  readonly verified: number
}

/**
 * A run with its plan and its journal, one entry per action in plan order.
 *
 * @since 0.3.0
 * @category models
 */
export interface SavedRun extends RunSummary {
  readonly plan: SavedPlan
  readonly journal: ReadonlyArray<JournalEntry>
}
