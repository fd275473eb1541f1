/**
 * One user directory across the vendors whose services are provided: every user as one stream,
 * a person's identities everywhere, offboarding as a plan then a verified report, and the access
 * review. Each vendor is optional; the layer's type names the vendor services it needs, so a
 * vendor that is configured but not provided is a compile error, and one that is not configured
 * is visibly absent from `vendors`.
 *
 * Every answer says what it saw: a find, a plan, a report and a review carry a coverage entry per
 * vendor (`Coverage`). An email is parsed into its canonical form before any request (`Email`),
 * and a vendor's account is the person's only when its own email is canonically equal. Each run
 * (one find, plan, apply or review) gives up on a vendor after `breaker.failures` consecutive
 * failures of the vendor itself, and stops waiting for a call after `callDeadline`.
 *
 * The steps, each in its own internal module: `find` (every vendor at once, exact matches only),
 * `plan` (the removals of every account found), `apply` (plan again and refuse drift, then send
 * each removal and look again), `review` (every vendor listed whole).
 *
 * Calls keep each vendor's quotas through the vendor's own client: its layer's `rateLimit` option
 * (the documented quotas by default), one window per credential. The directory keeps none.
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
import * as AstronomerUsers from "@userkit/astronomer/AstronomerUsers"
import * as AuthressUsers from "@userkit/authress/AuthressUsers"
import * as Stub from "@userkit/core/Stub"
import * as RocksetUsers from "@userkit/rockset/RocksetUsers"
import * as TileDBUsers from "@userkit/tiledb/TileDBUsers"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as AccessReview from "./AccessReview.js"
import type * as Coverage from "./Coverage.js"
import type { DirectoryUser, Vendor } from "./DirectoryUser.js"
import * as Email from "./Email.js"
import type { VendorFailure } from "./Failure.js"
import type { Adapter } from "./internal/adapter.js"
import { caller } from "./internal/adapter.js"
import * as Apply from "./internal/apply.js"
import { astronomer } from "./internal/astronomer.js"
import { authress } from "./internal/authress.js"
import * as Breaker from "./internal/breaker.js"
import * as Find from "./internal/find.js"
import * as Review from "./internal/review.js"
import { rockset } from "./internal/rockset.js"
import * as Run from "./internal/run.js"
import { tiledb } from "./internal/tiledb.js"
import type * as Plan from "./Plan.js"

/**
 * A person's identities, in canonical form, and what was seen of each vendor.
 *
 * @since 0.2.0
 * @category models
 */
export interface Found {
  readonly email: Email.Email
  readonly identities: ReadonlyArray<DirectoryUser>
  readonly coverage: Coverage.ByVendor
}

/**
 * The users listed so far, per vendor.
 *
 * @since 0.2.0
 * @category models
 */
export type Progress = Review.Progress

/**
 * What `apply` does around each action, and whether it may run a plan whose accounts changed.
 *
 * @since 0.3.0
 * @category models
 */
export interface ApplyOptions {
  /** Called before each removal is sent (a journal's intent): an interrupted apply's caller knows every action sent. */
  readonly onSent?: ((action: Plan.Action) => Effect.Effect<void>) | undefined
  /** Called with each outcome once it is verified (or known not to be). */
  readonly onResult?: ((result: Plan.Result) => Effect.Effect<void>) | undefined
  /** `"refuse"` (default): plan again first and fail with `PlanDrift` if the accounts changed. */
  readonly drift?: "refuse" | "proceed" | undefined
}

/**
 * The directory.
 *
 * @since 0.2.0
 * @category models
 */
export interface DirectoryService {
  /** The vendors this directory spans, those that could not be set up included. */
  readonly vendors: ReadonlyArray<Vendor>
  /**
   * Every user of every vendor, TileDB's organization members included, the vendors concurrently,
   * pages fetched as the stream is pulled. One vendor failing fails the stream (the review does not).
   */
  readonly users: Stream.Stream<DirectoryUser, VendorFailure>
  /**
   * Every account whose own email is this one, canonically, in every vendor (Authress may hold
   * several). Fails only on input that is not an email; a vendor failing is its coverage.
   */
  readonly find: (email: string) => Effect.Effect<Found, Email.InvalidEmail>
  /** What removing a person everywhere takes, as data. Changes nothing. */
  readonly planOffboarding: (email: string) => Effect.Effect<Plan.Plan, Email.InvalidEmail>
  /**
   * Runs a plan: first plans again and refuses drift (unless `drift: "proceed"`), then vendors
   * concurrently, each vendor's actions in order, each one sent and then looked up again. One
   * vendor failing never stops the others.
   */
  readonly apply: (plan: Plan.Plan, options?: ApplyOptions) => Effect.Effect<Plan.Report, Plan.PlanDrift>
  /** One action: sent, then verified by a fresh lookup. Never fails: `Failed` is an outcome. */
  readonly remove: (action: Plan.Action) => Effect.Effect<Plan.Outcome>
  /** A fresh look at the account of an action, in its scope. */
  readonly lookup: (action: Plan.Action) => Effect.Effect<"present" | "absent", VendorFailure>
  /** Every identity × scope × role, with the coverage of each vendor. Never fails. */
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
 * TileDB: the organization, whose members are read with the Organization API's `getOrganization`.
 *
 * @since 0.2.0
 * @category models
 */
export interface TileDBOptions {
  readonly organization: string
}

/**
 * Which vendors the directory spans, and how: a vendor is spanned when its key is present, or
 * when it is named in `unavailable`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly rockset?: RocksetOptions | undefined
  readonly authress?: AuthressOptions | undefined
  readonly astronomer?: AstronomerOptions | undefined
  readonly tiledb?: TileDBOptions | undefined
  /** Lookups in flight per vendor (reads of details). Default 8. */
  readonly concurrency?: number | undefined
  /**
   * Vendors that could not be set up (malformed credentials, a missing setting), with the reason:
   * `Failed` in every coverage, every action on them `Failed`, never called.
   */
  readonly unavailable?: { readonly [V in Vendor]?: string } | undefined
  /**
   * Consecutive failures of a vendor itself (transport, timeout, 5xx after the client's retries,
   * 401/403) before the vendor is given up for the rest of the run: its further calls fail at once
   * with a `VendorFailure` whose reason is `GivenUp`. Default 3.
   */
  readonly breaker?: { readonly failures?: number | undefined } | undefined
  /**
   * The longest one vendor call (or one page of a listing) may take, its retries and rate-limit
   * waits included, before it fails as a `TimeoutError`. Default 20 seconds.
   */
  readonly callDeadline?: Duration.DurationInput | undefined
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

type Build = (breaker: Breaker.Breaker) => Adapter

const builders = (options: Options): Effect.Effect<ReadonlyArray<Build>> =>
  Effect.gen(function*() {
    const concurrency = options.concurrency ?? 8
    const built: Array<Build> = []
    if (options.rockset !== undefined) {
      const users = yield* service(RocksetUsers.RocksetUsers)
      built.push((breaker) => rockset(users, caller("Rockset", breaker)))
    }
    if (options.authress !== undefined) {
      const users = yield* service(AuthressUsers.AuthressUsers)
      const tenants = options.authress.tenants ?? []
      built.push((breaker) => authress(users, caller("Authress", breaker), tenants))
    }
    if (options.astronomer !== undefined) {
      const users = yield* service(AstronomerUsers.AstronomerUsers)
      const settings = {
        organizationId: options.astronomer.organizationId,
        workspaceRoles: options.astronomer.workspaceRoles ?? true,
        concurrency
      }
      built.push((breaker) => astronomer(users, caller("Astronomer", breaker), settings))
    }
    if (options.tiledb !== undefined) {
      const users = yield* service(TileDBUsers.TileDBUsers)
      const settings = { organization: options.tiledb.organization }
      built.push((breaker) => tiledb(users, caller("TileDB", breaker), settings))
    }
    return built
  })

const fromSpanned = (spanned: Run.Spanned): DirectoryService => {
  // Each call is one run: its own breaker, so a vendor given up on in one run is asked again in the next.
  const run = Effect.sync(() => Run.start(spanned))
  const parsed = <A, E>(input: string, step: (run: Run.Run, email: Email.Email) => Effect.Effect<A, E>) =>
    Effect.flatMap(Email.parse(input), (email) => Effect.flatMap(run, (current) => step(current, email)))
  return Directory.of({
    vendors: Run.vendorsOf(spanned),
    users: Stream.unwrap(Effect.map(run, (current) => {
      const unavailable = current.unavailable.map(([vendor, reason]) =>
        Stream.fail(Run.unavailableFailure(vendor, "list", reason))
      )
      return Stream.mergeAll([...unavailable, ...current.adapters.map((adapter) => adapter.list)], {
        concurrency: "unbounded"
      })
    })),
    find: (email) => parsed(email, Find.find),
    planOffboarding: (email) => parsed(email, Find.plan),
    apply: (plan, options) =>
      Effect.flatMap(run, (current) =>
        Apply.apply(current, plan, {
          onSent: options?.onSent ?? (() => Effect.void),
          onResult: options?.onResult ?? (() => Effect.void)
        }, options?.drift ?? "refuse")),
    remove: (action) => Effect.flatMap(run, (current) => Apply.remove(current, action, () => Effect.void)),
    lookup: (action) =>
      Effect.flatMap(run, (current) => {
        const adapter = Run.adapterFor(current, action.vendor, "lookup")
        return "lookup" in adapter ? adapter.lookup(action) : Effect.fail(adapter)
      }),
    accessReview: (options) =>
      Effect.flatMap(run, (current) => Review.review(current, options?.onProgress ?? (() => Effect.void)))
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
  Effect.map(builders(options), (adapters) =>
    fromSpanned({
      adapters,
      settings: {
        unavailable: options.unavailable ?? {},
        failures: Math.max(1, options.breaker?.failures ?? 3),
        callDeadline: options.callDeadline === undefined
          ? Breaker.defaultDeadline
          : Duration.decode(options.callDeadline)
      }
    }))

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
export const layerTest = (implementation: Partial<DirectoryService>): Layer.Layer<Directory> =>
  Layer.succeed(
    Directory,
    Stub.service(Directory, {
      effects: ["find", "planOffboarding", "apply", "remove", "lookup", "accessReview"]
    }, { vendors: [], users: Stub.unimplementedStream("Directory", "users")(), ...implementation })
  )
