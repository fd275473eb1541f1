/**
 * One user directory across the vendors whose services are provided: every user as one stream,
 * a person's identities everywhere, offboarding as a plan then an applied report, and the access
 * review. Each vendor is optional; the layer's type names the vendor services it needs, so a
 * vendor that is configured but not provided is a compile error, and one that is not configured
 * is visibly absent from `vendors`.
 *
 * Calls keep each vendor's quotas through the vendor's own client: its layer's `rateLimit` option
 * (the documented quotas by default), one limiter per client layer. The directory keeps none.
 *
 * @example
 * ```ts
 * import { Directory } from "@userkit/directory"
 * import * as Effect from "effect/Effect"
 *
 * const program = Effect.gen(function*() {
 *   const directory = yield* Directory.Directory
 *   const plan = yield* directory.planOffboarding("ada@example.com")
 *   return yield* directory.apply(plan)
 * }).pipe(Effect.provide(Directory.layer({ rockset: {}, authress: {} })))
 * ```
 *
 * @since 0.2.0
 */
import { AstronomerUsers } from "@userkit/astronomer"
import { AuthressUsers } from "@userkit/authress"
import * as Testing from "@userkit/core/Testing"
import { RocksetUsers } from "@userkit/rockset"
import { TileDBUsers } from "@userkit/tiledb"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as AccessReview from "./AccessReview.js"
import type { DirectoryUser, Vendor } from "./DirectoryUser.js"
import { capabilities, vendors as allVendors } from "./DirectoryUser.js"
import type { VendorFailure } from "./Failure.js"
import * as Adapters from "./internal/vendors.js"
import type * as Plan from "./Plan.js"

/**
 * A person's identities, and the vendors that could not be searched.
 *
 * @since 0.2.0
 * @category models
 */
export interface Found {
  readonly identities: ReadonlyArray<DirectoryUser>
  readonly failures: ReadonlyArray<VendorFailure>
}

/**
 * The users listed so far, per vendor.
 *
 * @since 0.2.0
 * @category models
 */
export type Progress = { readonly [V in Vendor]?: number }

/**
 * The directory.
 *
 * @since 0.2.0
 * @category models
 */
export interface DirectoryService {
  /** The vendors this directory spans. */
  readonly vendors: ReadonlyArray<Vendor>
  /**
   * Every user of every vendor that can list them, the vendors concurrently, each vendor's pages
   * fetched as the stream is pulled. One vendor failing fails the stream (the review does not).
   */
  readonly users: Stream.Stream<DirectoryUser, VendorFailure>
  /** Every identity of a person, in every vendor (Authress may hold several). Never fails. */
  readonly find: (email: string) => Effect.Effect<Found>
  /** What removing a person everywhere takes, as data. Changes nothing. */
  readonly planOffboarding: (email: string) => Effect.Effect<Plan.Plan>
  /**
   * Runs a plan: vendors concurrently, each vendor's actions in order. A removal of something
   * already gone is "already absent"; a vendor failing never stops the others. `onResult` sees
   * each outcome as it happens, so an interrupted apply still leaves its record.
   */
  readonly apply: (
    plan: Plan.Plan,
    options?: { readonly onResult?: ((result: Plan.Result) => Effect.Effect<void>) | undefined }
  ) => Effect.Effect<Plan.Report>
  /**
   * Every identity × scope × role. TileDB, which cannot list, is read for every email found in
   * the other vendors. Never fails: a vendor that cannot be read is among `failures`.
   */
  readonly accessReview: (
    options?: { readonly onProgress?: ((progress: Progress) => Effect.Effect<void>) | undefined }
  ) => Effect.Effect<AccessReview.AccessReview>
}

/**
 * The directory's tag.
 *
 * @since 0.2.0
 * @category tags
 */
export class Directory extends Context.Tag("@userkit/directory/Directory")<Directory, DirectoryService>() {}

/**
 * Rockset: the organization of the API key; nothing to choose (its rate limits are the
 * `RocksetUsers` layer's).
 *
 * @since 0.2.0
 * @category models
 */
export type RocksetOptions = { readonly [K in never]?: never }

/**
 * Authress: the tenants whose members the review should show (the Users API cannot list tenants).
 *
 * @since 0.2.0
 * @category models
 */
export interface AuthressOptions {
  readonly tenants?: ReadonlyArray<string> | undefined
}

/**
 * Astronomer: the organization to span.
 *
 * @since 0.2.0
 * @category models
 */
export interface AstronomerOptions {
  readonly organizationId: string
  /** Read each listed user's workspace roles (one `getUser` per user). Default `true`. */
  readonly workspaceRoles?: boolean | undefined
}

/**
 * TileDB: the organization, and how an email maps to usernames (TileDB cannot search by email).
 *
 * @since 0.2.0
 * @category models
 */
export interface TileDBOptions {
  readonly organization: string
  /** The usernames to try for an email. Default: the part before the `@`. */
  readonly usernames?: ((email: string) => ReadonlyArray<string>) | undefined
}

/**
 * Which vendors the directory spans, and how: a vendor is spanned when its key is present.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly rockset?: RocksetOptions | undefined
  readonly authress?: AuthressOptions | undefined
  readonly astronomer?: AstronomerOptions | undefined
  readonly tiledb?: TileDBOptions | undefined
  /** Lookups in flight per vendor (reads of details, TileDB memberships). Default 8. */
  readonly concurrency?: number | undefined
}

interface Tags {
  readonly rockset: RocksetUsers.RocksetUsers
  readonly authress: AuthressUsers.AuthressUsers
  readonly astronomer: AstronomerUsers.AstronomerUsers
  readonly tiledb: TileDBUsers.TileDBUsers
}

/**
 * The vendor services a directory with these options needs.
 *
 * @since 0.2.0
 * @category models
 */
export type Requirements<O extends Options> = {
  [K in keyof Tags]: K extends keyof O ? O[K] extends undefined ? never : Tags[K] : never
}[keyof Tags]

const defaultUsernames = (email: string): ReadonlyArray<string> => [email.split("@")[0] ?? email]

// The layer's type makes the configured vendors' services required; read optionally here so
// that the requirement is stated once, by `Requirements`.
const service = <I, S>(tag: Context.Tag<I, S>) =>
  Effect.flatMap(
    Effect.serviceOption(tag),
    Option.match({
      onNone: () => Effect.dieMessage(`Directory: ${tag.key} is configured but not provided`),
      onSome: Effect.succeed
    })
  )

const adapters = (options: Options): Effect.Effect<ReadonlyArray<Adapters.Adapter>> =>
  Effect.gen(function*() {
    const concurrency = options.concurrency ?? 8
    const built: Array<Adapters.Adapter> = []
    if (options.rockset !== undefined) {
      built.push(Adapters.rockset(yield* service(RocksetUsers.RocksetUsers), Adapters.caller("Rockset")))
    }
    if (options.authress !== undefined) {
      const users = yield* service(AuthressUsers.AuthressUsers)
      built.push(Adapters.authress(users, Adapters.caller("Authress"), options.authress.tenants ?? []))
    }
    if (options.astronomer !== undefined) {
      const users = yield* service(AstronomerUsers.AstronomerUsers)
      built.push(Adapters.astronomer(users, Adapters.caller("Astronomer"), {
        organizationId: options.astronomer.organizationId,
        workspaceRoles: options.astronomer.workspaceRoles ?? true,
        concurrency
      }))
    }
    if (options.tiledb !== undefined) {
      const users = yield* service(TileDBUsers.TileDBUsers)
      built.push(Adapters.tiledb(users, Adapters.caller("TileDB"), {
        organization: options.tiledb.organization,
        usernames: options.tiledb.usernames ?? defaultUsernames
      }))
    }
    return built
  })

const settle = <A>(effect: Effect.Effect<A, VendorFailure>) => Effect.either(effect)

const outcomeOf = (result: Either.Either<void, VendorFailure>): Plan.Outcome =>
  Either.match(result, {
    onRight: () => ({ _tag: "Done" }),
    // A 404 on a removal means it is gone already: by an earlier run, or by a first attempt
    // whose answer was lost before a retry.
    onLeft: (failure) => failure.reason === "NotFound" ? { _tag: "AlreadyAbsent" } : { _tag: "Failed", failure }
  })

const fromAdapters = (list: ReadonlyArray<Adapters.Adapter>, concurrency: number): DirectoryService => {
  const byVendor = new Map(list.map((adapter) => [adapter.vendor, adapter]))
  // The capabilities say which vendors are listed and which are searched for each email found.
  const listing = list.filter((adapter) => capabilities[adapter.vendor].list)
  const searching = list.filter((adapter) => !capabilities[adapter.vendor].list)

  const find = (email: string) =>
    Effect.map(
      Effect.forEach(list, (adapter) => settle(adapter.find(email)), { concurrency: "unbounded" }),
      (results): Found => ({
        identities: results.flatMap((result) => Either.getOrElse(result, () => [])),
        failures: results.flatMap((result) => Either.isLeft(result) ? [result.left] : [])
      })
    )

  const planOffboarding = (email: string) =>
    Effect.map(find(email), ({ failures, identities }): Plan.Plan => ({
      email,
      actions: identities.flatMap((user) => byVendor.get(user.vendor)?.removals(user) ?? []),
      lookupFailures: failures
    }))

  const apply: DirectoryService["apply"] = (plan, options) =>
    Effect.gen(function*() {
      const record = options?.onResult ?? (() => Effect.void)
      const results = new Map<Plan.Action, Plan.Outcome>()
      const run = (action: Plan.Action) => {
        const adapter = byVendor.get(action.vendor)
        const outcome: Effect.Effect<Plan.Outcome> = adapter === undefined
          ? Effect.succeed({ _tag: "NotConfigured" })
          : Effect.map(settle(adapter.remove(action)), outcomeOf)
        return Effect.flatMap(outcome, (done) => {
          results.set(action, done)
          return record({ action, outcome: done })
        })
      }
      const vendorsInPlan = [...new Set(plan.actions.map((action) => action.vendor))]
      yield* Effect.forEach(
        vendorsInPlan,
        (vendor) => Effect.forEach(plan.actions.filter((action) => action.vendor === vendor), run, { discard: true }),
        { concurrency: "unbounded", discard: true }
      )
      return {
        email: plan.email,
        results: plan.actions.flatMap((action) => {
          const outcome = results.get(action)
          return outcome === undefined ? [] : [{ action, outcome }]
        })
      }
    })

  const accessReview: DirectoryService["accessReview"] = (options) =>
    Effect.gen(function*() {
      const progress: { [V in Vendor]?: number } = {}
      const report = options?.onProgress ?? (() => Effect.void)
      const listed = yield* Effect.forEach(
        listing,
        (adapter) =>
          (adapter.list ?? Stream.empty).pipe(
            Stream.tap(() => {
              progress[adapter.vendor] = (progress[adapter.vendor] ?? 0) + 1
              return report({ ...progress })
            }),
            Stream.runCollect,
            Effect.map(Chunk.toReadonlyArray),
            settle
          ),
        { concurrency: "unbounded" }
      )
      const users = listed.flatMap((result) => Either.getOrElse(result, () => []))
      const emails = [...new Set(users.flatMap((user) => user.email === undefined ? [] : [user.email.toLowerCase()]))]
      const searched = yield* Effect.forEach(
        searching,
        (adapter) =>
          Effect.forEach(emails, (email) =>
            Effect.tap(settle(adapter.find(email)), (result) => {
              const found = Either.getOrElse(result, () => []).length
              if (found === 0) return Effect.void
              progress[adapter.vendor] = (progress[adapter.vendor] ?? 0) + found
              return report({ ...progress })
            }), { concurrency }),
        { concurrency: "unbounded" }
      )
      const all = [...listed, ...searched.flat()]
      const identities = [...users, ...searched.flat().flatMap((result) => Either.getOrElse(result, () => []))]
      return {
        rows: identities.flatMap(AccessReview.rowsOf),
        failures: all.flatMap((result) => Either.isLeft(result) ? [result.left] : [])
      }
    })

  return Directory.of({
    vendors: allVendors.filter((vendor) => byVendor.has(vendor)),
    users: Stream.mergeAll(listing.map((adapter) => adapter.list ?? Stream.empty), { concurrency: "unbounded" }),
    find,
    planOffboarding,
    apply,
    accessReview
  })
}

/**
 * Builds the directory over the vendor services its options name.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = <const O extends Options>(
  options: O
): Effect.Effect<DirectoryService, never, Requirements<O>> =>
  Effect.map(adapters(options), (list) => fromAdapters(list, options.concurrency ?? 8))

/**
 * The directory as a layer; it needs exactly the vendor services its options name.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = <const O extends Options>(options: O): Layer.Layer<Directory, never, Requirements<O>> =>
  Layer.effect(Directory, make(options))

/**
 * A stub of the directory for testing code that uses it: give the members the test needs; any
 * other method dies with a message naming it.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerTest = (implementation: Partial<DirectoryService>): Layer.Layer<Directory> => {
  const missing = (method: string) => Testing.unimplemented("Directory", method)
  return Layer.succeed(
    Directory,
    Directory.of({
      vendors: implementation.vendors ?? [],
      users: implementation.users ?? Testing.unimplementedStream("Directory", "users")(),
      find: implementation.find ?? missing("find"),
      planOffboarding: implementation.planOffboarding ?? missing("planOffboarding"),
      apply: implementation.apply ?? missing("apply"),
      accessReview: implementation.accessReview ?? missing("accessReview")
    })
  )
}
