#!/usr/bin/env node
/**
 * userkit's CLI, on the embedded fakes unless a vendor's environment variables are set:
 *
 *   npm start                                        the offboarding demo (Ada Lovelace, on the fakes)
 *   npm start -- offboard <email> [--dry-run] [--json]
 *   npm start -- audit [--csv | --json]              the access review of the whole organisation
 *   npm start -- --help
 *
 * Real vendors: ROCKSET_APIKEY; AUTHRESS_API_URL + AUTHRESS_ACCESS_KEY; ASTRO_API_TOKEN with
 * ASTRO_ORGANIZATION_ID; TILEDB_REST_TOKEN or TILEDB_REST_USERNAME + TILEDB_REST_PASSWORD, with
 * TILEDB_ORGANIZATION. The fakes keep each vendor's quotas 10 times faster than the real ones.
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Runtime from "@effect/platform/Runtime"
import * as Fakes from "@userkit/directory/Fakes"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { audit, consoleOutput, describeSources, offboard, quotaSummary } from "./Commands.js"
import { demoScale, setup } from "./Vendors.js"

// Every command runs inside the vendors' setup: the fakes are served until it ends.
const withVendors = <A, E, R>(run: (fakes: Fakes.Organisation) => Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const { layer, organisation, sources } = yield* setup(process.env)
    yield* consoleOutput.info(`Vendors (fakes keep the real quotas ${demoScale.scale}x faster):`)
    yield* describeSources(sources, consoleOutput)
    yield* consoleOutput.info("")
    yield* Effect.provide(run(organisation), layer)
    const quotas = yield* quotaSummary(organisation, demoScale.scale)
    if (quotas !== "") yield* consoleOutput.info(`\nThe fakes' quotas, as they counted:\n${quotas}`)
  }).pipe(
    Effect.scoped,
    // Said once the scope is closed (Ctrl-C, SIGTERM): the fakes and every connection are gone by then.
    Effect.onInterrupt(() => consoleOutput.info("\nInterrupted: the fakes and their connections are closed."))
  )

const email = Args.text({ name: "email" }).pipe(Args.withDescription("the person's email"))
const dryRun = Options.boolean("dry-run").pipe(Options.withDescription("print the plan, change nothing"))
const json = Options.boolean("json").pipe(Options.withDescription("print JSON"))
const csv = Options.boolean("csv").pipe(Options.withDescription("print the review as CSV"))

const offboardCommand = Command.make(
  "offboard",
  { email, dryRun, json },
  ({ dryRun, email, json }) => withVendors(() => offboard(email, { dryRun, json }, consoleOutput))
).pipe(
  Command.withDescription("remove a person from every vendor: the plan, then its report")
)

const auditCommand = Command.make(
  "audit",
  { csv, json },
  ({ csv, json }) => withVendors(() => audit(csv ? "csv" : json ? "json" : "summary", consoleOutput))
).pipe(
  Command.withDescription("the access review: every user x vendor x scope x role")
)

const userkit = Command.make(
  "userkit",
  {},
  () => withVendors(() => offboard(Fakes.demoEmail, { dryRun: false, json: false }, consoleOutput))
).pipe(
  Command.withDescription(`with no command: the offboarding demo (${Fakes.demoEmail} on the fakes)`),
  Command.withSubcommands([offboardCommand, auditCommand])
)

const cli = Command.run(userkit, { name: "userkit", version: "0.2.0" })

// runMain exits 0 after an interruption; a run cut short by Ctrl-C or SIGTERM is no success, and
// exits 130 as a shell reports Ctrl-C, so that `audit --csv > review.csv && ...` stops there.
const teardown: Runtime.Teardown = (exit, onExit) =>
  Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause) ? onExit(130) : Runtime.defaultTeardown(exit, onExit)

cli(process.argv).pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain({ teardown }))
