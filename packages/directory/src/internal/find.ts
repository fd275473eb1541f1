import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Coverage from "../Coverage.js"
import type { DirectoryUser, Vendor } from "../DirectoryUser.js"
import type { Email } from "../Email.js"
import type * as Plan from "../Plan.js"
import type { Run } from "./run.js"
import { unavailableCoverage } from "./run.js"

/** A person's accounts in every vendor of a run, and what was seen of each vendor. */
export interface Found {
  readonly email: Email
  readonly identities: ReadonlyArray<DirectoryUser>
  readonly coverage: Coverage.ByVendor
}

/** Step 1 of an offboarding, and all of a find: ask every vendor at once; a vendor failing is its coverage. */
export const find = (run: Run, email: Email): Effect.Effect<Found> =>
  Effect.map(
    Effect.forEach(run.adapters, (adapter) => Effect.either(adapter.find(email)), { concurrency: "unbounded" }),
    (results) => {
      const coverage: { [V in Vendor]?: Coverage.Coverage } = unavailableCoverage(run, "find")
      const identities: Array<DirectoryUser> = []
      run.adapters.forEach((adapter, i) => {
        const result = results[i]
        if (result === undefined) return
        if (Either.isLeft(result)) {
          coverage[adapter.vendor] = Coverage.failed(result.left)
          return
        }
        identities.push(...result.right.identities)
        coverage[adapter.vendor] = result.right.partial === undefined
          ? Coverage.complete
          : Coverage.partial(result.right.partial)
      })
      return { email, identities, coverage }
    }
  )

/** Step 2: the removals of every account found, vendor by vendor in the order they must run. */
export const plan = (run: Run, email: Email): Effect.Effect<Plan.Plan> =>
  Effect.gen(function*() {
    const found = yield* find(run, email)
    const createdAt = new Date(yield* Clock.currentTimeMillis)
    return {
      email,
      createdAt,
      actions: found.identities.flatMap((user) => run.byVendor.get(user.vendor)?.removals(user) ?? []),
      coverage: found.coverage
    }
  })
