import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as AccessReview from "../AccessReview.js"
import * as Coverage from "../Coverage.js"
import type { DirectoryUser, Vendor } from "../DirectoryUser.js"
import type { Run } from "./run.js"
import { unavailableCoverage } from "./run.js"

/** The users listed so far, per vendor. */
export type Progress = { readonly [V in Vendor]?: number }

/** The access review: every vendor listed at once, each whole or failed, with its coverage. */
export const review = (
  run: Run,
  onProgress: (progress: Progress) => Effect.Effect<void>
): Effect.Effect<AccessReview.AccessReview> =>
  Effect.gen(function*() {
    const startedAt = new Date(yield* Clock.currentTimeMillis)
    const progress: { [V in Vendor]?: number } = {}
    const listed = yield* Effect.forEach(
      run.adapters,
      (adapter) =>
        adapter.list.pipe(
          Stream.tap(() => {
            progress[adapter.vendor] = (progress[adapter.vendor] ?? 0) + 1
            return onProgress({ ...progress })
          }),
          Stream.runCollect,
          Effect.map(Chunk.toReadonlyArray),
          Effect.either
        ),
      { concurrency: "unbounded" }
    )
    const coverage: { [V in Vendor]?: Coverage.Coverage } = unavailableCoverage(run, "list")
    const users: Array<DirectoryUser> = []
    run.adapters.forEach((adapter, i) => {
      const result = listed[i]
      if (result === undefined) return
      if (Either.isLeft(result)) {
        coverage[adapter.vendor] = Coverage.failed(result.left)
        return
      }
      users.push(...result.right)
      const gaps = adapter.listingGaps(result.right)
      coverage[adapter.vendor] = gaps === undefined ? Coverage.complete : Coverage.partial(gaps)
    })
    const finishedAt = new Date(yield* Clock.currentTimeMillis)
    return { startedAt, finishedAt, rows: users.flatMap(AccessReview.rowsOf), coverage }
  })
