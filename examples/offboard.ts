/**
 * The main demo: offboard one person from Rockset, Authress, Astronomer and TileDB at once.
 *
 *   npm start                                   the demo user, against four fakes on 127.0.0.1
 *   npm start -- grace.hopper@example.com       someone else
 *   npm start -- --dry-run                      only report what would be removed
 *
 * Each vendor whose environment variables are set is used for real (ROCKSET_APIKEY;
 * AUTHRESS_API_URL + AUTHRESS_ACCESS_KEY; ASTRO_API_TOKEN with ASTRO_ORGANIZATION_ID;
 * TILEDB_REST_TOKEN or TILEDB_REST_USERNAME + TILEDB_REST_PASSWORD, with TILEDB_ORGANIZATION), the
 * others are faked. TileDB cannot be searched by email: --tiledb-username=NAME (default: the part
 * of the email before the @).
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { Fake as AstronomerFake } from "@userkit/astronomer"
import { Fake as TileDBFake } from "@userkit/tiledb"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { offboard, type Person, type VendorReport } from "./offboarding/Offboard.js"
import { demoEmail, type Env, type Source, vendors } from "./offboarding/Vendors.js"

const parse = (args: ReadonlyArray<string>, env: Env) => {
  const flag = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
  const email = args.find((arg) => !arg.startsWith("--")) ?? demoEmail
  const person: Person = {
    email,
    astronomerOrganization: env["ASTRO_ORGANIZATION_ID"] ?? AstronomerFake.defaultOrganizationId,
    tiledbOrganization: env["TILEDB_ORGANIZATION"] ?? TileDBFake.defaultOrganization,
    tiledbUsername: flag("tiledb-username") ?? email.split("@")[0] ?? email
  }
  return { person, dryRun: args.includes("--dry-run") }
}

const icons: Record<VendorReport["outcome"]["_tag"], string> = {
  Removed: "removed    ",
  Found: "found      ",
  NotPresent: "not present",
  Failed: "FAILED     "
}

const describe = (source: Source) => source._tag === "Real" ? "real vendor" : `fake at ${source.url}`

const main = Effect.gen(function*() {
  const { dryRun, person } = parse(process.argv.slice(2), process.env)
  const { layer, sources } = yield* vendors(process.env)
  yield* Console.log(`Offboarding ${person.email}${dryRun ? " (dry run: nothing is changed)" : ""}\n`)
  const reports = yield* offboard(person, { dryRun }).pipe(Effect.provide(layer))
  for (const { outcome, vendor } of reports) {
    const reason = outcome._tag === "Failed" ? `${outcome.reason}: ` : ""
    yield* Console.log(`  ${vendor.padEnd(11)} ${icons[outcome._tag]}  ${reason}${outcome.detail}`)
    yield* Console.log(`  ${"".padEnd(11)} (${describe(sources[vendor])})`)
  }
  const failed = reports.filter((report) => report.outcome._tag === "Failed").length
  yield* Console.log(failed === 0 ? "\nDone." : `\n${failed} vendor(s) failed; the others were handled.`)
  if (failed > 0) process.exitCode = 1
}).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer))

// No process.exit on success: the run ends only when every fake server and socket is closed.
Effect.runPromise(main).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
