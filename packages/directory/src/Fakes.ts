/**
 * A realistic organisation across the four fake vendors, for tests, demos and the CLI: the same
 * people in Rockset, Authress and Astronomer (some with a second Authress identity), TileDB
 * memberships for many of them under usernames derived from their emails, and optionally each
 * vendor's documented quotas kept by its fake. Not exported from the package index: import
 * `@userkit/directory/Fakes` only where fakes belong.
 *
 * @since 0.2.0
 */
import { AstronomerUsers, Fake as AstronomerFake, Quotas as AstronomerQuotas } from "@userkit/astronomer"
import { AuthressUsers, Fake as AuthressFake, Quotas as AuthressQuotas } from "@userkit/authress"
import * as FakeQuota from "@userkit/core/FakeQuota"
import type * as FakeServer from "@userkit/core/FakeServer"
import * as RateLimit from "@userkit/core/RateLimit"
import { Fake as RocksetFake, Quotas as RocksetQuotas, RocksetUsers } from "@userkit/rockset"
import { Fake as TileDBFake, TileDBUsers } from "@userkit/tiledb"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import type * as Directory from "./Directory.js"

/**
 * A person of the organisation.
 *
 * @since 0.2.0
 * @category models
 */
export interface Person {
  readonly email: string
  readonly first: string
  readonly last: string
  /** Their TileDB username, when they have a TileDB membership. */
  readonly tiledbUsername: string | undefined
}

/**
 * How to make the organisation.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** People in each listing vendor. Default 1,000. */
  readonly people?: number | undefined
  /**
   * Keep each vendor's documented quotas in its fake, `scale` times faster (1 = the real quotas).
   * Default: no quotas.
   */
  readonly quotas?: {
    readonly scale: number
    /**
     * How much faster than the real quotas the clients' limits run (default `scale`). A little
     * below `scale` leaves a margin for the time a request takes to reach the fake over a socket.
     */
    readonly clientScale?: number | undefined
  } | undefined
  /**
   * Extra accounts, by email, in every vendor (a Rockset user, an Authress identity, an Astronomer
   * organization member and a TileDB organization member `extra-<n>`): e.g. Unicode look-alikes
   * of the people's emails, which the directory must never take for them. Default none.
   */
  readonly extraAccounts?: ReadonlyArray<string> | undefined
  /** Extra per-vendor hooks on every request (e.g. to fail one operation), run after the quotas. */
  readonly admit?: { readonly [V in "rockset" | "authress" | "astronomer" | "tiledb"]?: FakeQuota.FakeQuota["admit"] }
}

/**
 * The running organisation.
 *
 * @since 0.2.0
 * @category models
 */
export interface Organisation {
  readonly people: ReadonlyArray<Person>
  readonly rockset: RocksetFake.RocksetFake
  readonly authress: AuthressFake.AuthressFake
  readonly astronomer: AstronomerFake.AstronomerFake
  readonly tiledb: TileDBFake.TileDBFake
  /** The quotas each fake keeps, with their counts; absent without `quotas`. */
  readonly quotas: {
    readonly rockset?: FakeQuota.FakeQuota
    readonly authress?: FakeQuota.FakeQuota
    readonly astronomer?: FakeQuota.FakeQuota
  }
  /** The directory options that span the organisation ({@link directoryOptions}). */
  readonly directory: DirectoryOptions
  /**
   * Each vendor client's `rateLimit` option for the fakes: the vendor's quotas scaled like the
   * fakes' (`false` when the fakes keep none, so tests run without any clock). For {@link clients}.
   */
  readonly rateLimit: RateLimits
}

/**
 * The `rateLimit` option of each vendor's client layer.
 *
 * @since 0.2.0
 * @category models
 */
export interface RateLimits {
  readonly rockset?: RateLimit.Option | undefined
  readonly authress?: RateLimit.Option | undefined
  readonly astronomer?: RateLimit.Option | undefined
  readonly tiledb?: RateLimit.Option | undefined
}

/**
 * The email the demos offboard.
 *
 * @since 0.2.0
 * @category constants
 */
export const demoEmail = "ada.lovelace@example.com"

/**
 * The Authress tenants of the organisation.
 *
 * @since 0.2.0
 * @category constants
 */
export const tenants: ReadonlyArray<string> = ["tenant-research", "tenant-sales"]

/**
 * The directory options that span a fake organisation: one per vendor.
 *
 * @since 0.3.0
 * @category models
 */
export interface DirectoryOptions {
  readonly rockset: Directory.RocksetOptions
  readonly authress: Directory.AuthressOptions
  readonly astronomer: Directory.AstronomerOptions
  readonly tiledb: Directory.TileDBOptions
}

/**
 * The directory options of every organisation {@link make} seeds (the same tenants,
 * organisation ids and names), for a process that reaches served fakes without the organisation.
 *
 * @since 0.3.0
 * @category constants
 */
export const directoryOptions: DirectoryOptions = {
  rockset: {},
  authress: { tenants },
  astronomer: { organizationId: AstronomerFake.defaultOrganizationId },
  tiledb: { organization: TileDBFake.defaultOrganization }
}

const firstNames = [
  "Ada",
  "Grace",
  "Alan",
  "Katherine",
  "Edsger",
  "Barbara",
  "Donald",
  "Margaret",
  "Dennis",
  "Frances",
  "John",
  "Radia",
  "Ken",
  "Hedy",
  "Tim",
  "Sophie",
  "Claude",
  "Annie",
  "Niklaus",
  "Lynn"
]
const lastNames = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Johnson",
  "Dijkstra",
  "Liskov",
  "Knuth",
  "Hamilton",
  "Ritchie",
  "Allen",
  "McCarthy",
  "Perlman",
  "Thompson",
  "Lamarr",
  "Berners-Lee",
  "Wilson",
  "Shannon",
  "Easley",
  "Wirth",
  "Conway"
]
const rocksetRoles = ["member", "read-only", "member", "admin"]
const astronomerRoles = ["ORGANIZATION_MEMBER", "ORGANIZATION_MEMBER", "ORGANIZATION_BILLING_ADMIN"] as const
const workspaceRoles = ["WORKSPACE_MEMBER", "WORKSPACE_AUTHOR", "WORKSPACE_OPERATOR"] as const
const tiledbRoles = ["read_only", "read_write", "admin"] as const

/**
 * The people, deterministic: Ada Lovelace, Grace Hopper and Alan Turing first. Two of every three
 * have a TileDB membership; Alan Turing has none, and the TileDB member `alan.turing` is another
 * person (`alan.turing@elsewhere.example`), found only in TileDB.
 *
 * @since 0.2.0
 * @category constructors
 */
export const people = (count: number): ReadonlyArray<Person> =>
  Array.from({ length: count }, (_, i) => {
    const first = firstNames[i % firstNames.length] ?? "Ada"
    const last = lastNames[(i + Math.floor(i / lastNames.length)) % lastNames.length] ?? "Lovelace"
    const round = Math.floor(i / (firstNames.length * lastNames.length))
    const local = `${first}.${last}${round === 0 ? "" : round}`.toLowerCase()
    return { email: `${local}@example.com`, first, last, tiledbUsername: i % 3 === 2 ? undefined : local }
  })

/**
 * The base URL of each vendor's client.
 *
 * @since 0.2.0
 * @category models
 */
export interface BaseUrls {
  readonly rockset: string
  readonly authress: string
  readonly astronomer: string
  readonly tiledb: string
}

const inProcessUrls: BaseUrls = {
  rockset: "https://fake.rockset",
  authress: "https://fake.authress",
  astronomer: `https://fake.astronomer${AstronomerFake.basePath}`,
  tiledb: `https://fake.tiledb${TileDBFake.basePath}`
}

/**
 * The four vendor clients, each with the key its fake accepts and its `rateLimit` option (the
 * vendor's documented quotas when left out; an organisation's {@link Organisation.rateLimit}
 * scales them like its fakes'), over any `HttpClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const clients = (urls: Partial<BaseUrls> = {}, rateLimit: RateLimits = {}) => {
  const url = { ...inProcessUrls, ...urls }
  return {
    rockset: RocksetUsers.layer({
      apiKey: Redacted.make(RocksetFake.defaultApiKey),
      baseUrl: url.rockset,
      rateLimit: rateLimit.rockset
    }),
    authress: AuthressUsers.layer({
      baseUrl: url.authress,
      accessKey: Redacted.make(AuthressFake.defaultAccessKey),
      rateLimit: rateLimit.authress
    }),
    astronomer: AstronomerUsers.layer({
      token: Redacted.make(AstronomerFake.defaultToken),
      baseUrl: url.astronomer,
      rateLimit: rateLimit.astronomer
    }),
    tiledb: TileDBUsers.layer({
      apiKey: Redacted.make(TileDBFake.defaultApiKey),
      baseUrl: url.tiledb,
      rateLimit: rateLimit.tiledb
    })
  }
}

/**
 * The four vendor services over the organisation's fakes, in-process.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (organisation: Organisation): Layer.Layer<
  RocksetUsers.RocksetUsers | AuthressUsers.AuthressUsers | AstronomerUsers.AstronomerUsers | TileDBUsers.TileDBUsers
> => {
  const layers = clients({}, organisation.rateLimit)
  return Layer.mergeAll(
    Layer.provide(layers.rockset, organisation.rockset.layer),
    // The fake's own key always parses.
    Layer.orDie(Layer.provide(layers.authress, organisation.authress.layer)),
    Layer.provide(layers.astronomer, organisation.astronomer.layer),
    Layer.provide(layers.tiledb, organisation.tiledb.layer)
  )
}

/**
 * Serves the four fakes on 127.0.0.1 until the scope closes; answers each client's base URL.
 *
 * @since 0.2.0
 * @category constructors
 */
export const serve = (organisation: Organisation): Effect.Effect<BaseUrls, FakeServer.ListenError, Scope.Scope> =>
  Effect.map(
    Effect.all([
      organisation.rockset.serve(),
      organisation.authress.serve(),
      organisation.astronomer.serve(),
      organisation.tiledb.serve()
    ]),
    ([rockset, authress, astronomer, tiledb]) => ({
      rockset: rockset.url,
      authress: authress.url,
      astronomer: AstronomerFake.baseUrl(astronomer),
      tiledb: `${tiledb.url}${TileDBFake.basePath}`
    })
  )

/**
 * Starts the four fakes and seeds them. TileDB memberships are made the way an admin makes them:
 * through its API (the fake has no membership seed).
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Organisation> =>
  Effect.gen(function*() {
    const everyone = people(options.people ?? 1000)
    const extra = (options.extraAccounts ?? []).map((email, n) => ({ email, n }))
    const scale = options.quotas?.scale
    const keep = (quotas: RateLimit.Quotas) =>
      scale === undefined ? undefined : FakeQuota.make(RateLimit.scale(quotas, scale))
    const quotas = {
      rockset: keep(RocksetQuotas.quotas),
      authress: keep(AuthressQuotas.quotas),
      astronomer: keep(AstronomerQuotas.quotas)
    }
    const hook = (
      quota: FakeQuota.FakeQuota | undefined,
      extra: FakeQuota.FakeQuota["admit"] | undefined
    ): FakeQuota.FakeQuota | undefined => {
      if (extra === undefined) return quota
      return {
        admit: (operation) => Effect.zipRight(quota?.admit(operation) ?? Effect.void, extra(operation)),
        counts: quota?.counts ?? Effect.succeed({})
      }
    }

    const rockset = yield* RocksetFake.make({
      quota: hook(quotas.rockset, options.admit?.rockset),
      users: everyone.map((person, i) => ({
        email: person.email,
        first_name: person.first,
        last_name: person.last,
        roles: [rocksetRoles[i % rocksetRoles.length] ?? "member"],
        state: i % 17 === 5 ? "NEW" : "ACTIVE"
      })).concat(extra.map(({ email, n }) => ({
        email,
        first_name: "Extra",
        last_name: String(n),
        roles: ["member"],
        state: "ACTIVE"
      })))
    })

    const authressUsers = everyone.flatMap((person, i) => {
      const main = {
        userId: `google-oauth2|${100000 + i}`,
        name: `${person.first} ${person.last}`,
        email: person.email
      }
      // Some people signed in with a second identity provider: both identities are theirs.
      return i % 25 === 0
        ? [main, { userId: `github|${person.email.split("@")[0]}`, name: person.first, email: person.email }]
        : [main]
    })
    const authress = yield* AuthressFake.make({
      quota: hook(quotas.authress, options.admit?.authress),
      users: [...authressUsers, ...extra.map(({ email, n }) => ({ userId: `extra|${n}`, name: `Extra ${n}`, email }))],
      tenants: {
        "tenant-research": authressUsers.filter((_, i) => i % 4 === 0).map((user) => user.userId),
        "tenant-sales": authressUsers.filter((_, i) => i % 4 === 1).map((user) => user.userId)
      }
    })

    const astronomerIds = everyone.map((_, i) => `usr-${String(i).padStart(5, "0")}`)
    const extraIds = extra.map(({ n }) => `usr-extra-${n}`)
    const self = AstronomerFake.defaultSelfUserId
    const astronomer = yield* AstronomerFake.make({
      quota: hook(quotas.astronomer, options.admit?.astronomer),
      users: everyone.map((person, i) => ({
        id: astronomerIds[i] ?? "",
        username: person.email,
        fullName: `${person.first} ${person.last}`
      })).concat(extra.map(({ email, n }) => ({ id: `usr-extra-${n}`, username: email, fullName: `Extra ${n}` }))),
      organizations: [{
        id: AstronomerFake.defaultOrganizationId,
        members: [
          { userId: self, role: "ORGANIZATION_OWNER" },
          ...astronomerIds.map((userId, i) => ({
            userId,
            role: astronomerRoles[i % astronomerRoles.length] ?? "ORGANIZATION_MEMBER"
          })),
          ...extraIds.map((userId) => ({ userId, role: "ORGANIZATION_MEMBER" as const }))
        ],
        workspaces: [
          {
            id: AstronomerFake.defaultWorkspaceId,
            members: [
              { userId: self, role: "WORKSPACE_OWNER" },
              ...astronomerIds.filter((_, i) => i % 2 === 0).map((userId, i) => ({
                userId,
                role: workspaceRoles[i % workspaceRoles.length] ?? "WORKSPACE_MEMBER"
              }))
            ]
          },
          {
            id: "ws-analytics",
            members: astronomerIds.filter((_, i) => i % 5 === 0).map((userId) => ({
              userId,
              role: "WORKSPACE_OPERATOR" as const
            }))
          }
        ]
      }]
    })

    const members = everyone.flatMap((person) => person.tiledbUsername === undefined ? [] : [person])
    const tiledb = yield* TileDBFake.make({
      quota: options.admit?.tiledb === undefined
        ? undefined
        : { admit: options.admit.tiledb, counts: Effect.succeed({}) },
      users: [
        ...members.map((person) => ({
          username: person.tiledbUsername ?? "",
          email: person.email,
          name: `${person.first} ${person.last}`
        })),
        // A TileDB-only member whose username is Alan Turing's local part: another person.
        { username: "alan.turing", email: "alan.turing@elsewhere.example", name: "A. N. Other Turing" },
        ...extra.map(({ email, n }) => ({ username: `extra-${n}`, email, name: `Extra ${n}` }))
      ]
    })
    yield* Effect.gen(function*() {
      const users = yield* TileDBUsers.TileDBUsers
      const organization = TileDBFake.defaultOrganization
      yield* Effect.forEach(members, (person, i) =>
        users.addUserToOrganization(organization, {
          username: person.tiledbUsername ?? "",
          role: tiledbRoles[i % tiledbRoles.length] ?? "read_only"
        }), { discard: true })
      yield* users.addUserToOrganization(organization, { username: "alan.turing", role: "read_only" })
      yield* Effect.forEach(extra, ({ n }) =>
        users.addUserToOrganization(organization, { username: `extra-${n}`, role: "read_only" }), { discard: true })
    }).pipe(
      Effect.provide(
        Layer.provide(clients({}, { tiledb: false }).tiledb, tiledb.layer)
      ),
      Effect.orDie
    )

    const rateLimit = (quotas: RateLimit.Quotas): RateLimit.Option => {
      if (scale === undefined) {
        return false
      }
      const scaled = RateLimit.scale(quotas, options.quotas?.clientScale ?? scale)
      return { limits: scaled.limits, adaptive: scaled.adaptive, throttledLimit: scaled.throttledLimit }
    }
    return {
      people: everyone,
      rockset,
      authress,
      astronomer,
      tiledb,
      quotas: Object.fromEntries(
        Object.entries(quotas).filter(([, quota]) =>
          quota !== undefined
        )
      ),
      directory: directoryOptions,
      rateLimit: {
        rockset: rateLimit(RocksetQuotas.quotas),
        authress: rateLimit(AuthressQuotas.quotas),
        astronomer: rateLimit(AstronomerQuotas.quotas),
        // TileDB publishes no quotas: its default limits nothing until it answers 503.
        tiledb: scale === undefined ? false : undefined
      }
    }
  })
