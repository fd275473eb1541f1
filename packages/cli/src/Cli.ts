/**
 * The `userkit` command line on `@effect/cli`: the commands, their help (with the environment
 * variables and exit codes), and one run of it, answering its exit code. Every path ends in an
 * exit code: a usage error prints the usage (exit 2); with `--json` (or `--jsonl`) exactly one
 * JSON document (one line) is printed on stdout whatever happens, errors included; a failure is
 * a message on stderr, never a stack trace on stdout.
 *
 * @since 0.3.0
 */
import * as Args from "@effect/cli/Args"
import * as CliConfig from "@effect/cli/CliConfig"
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Span from "@effect/cli/HelpDoc/Span"
import * as Options from "@effect/cli/Options"
import * as Usage from "@effect/cli/Usage"
import type * as ValidationError from "@effect/cli/ValidationError"
import * as NodeContext from "@effect/platform-node/NodeContext"
import type { Directory } from "@userkit/directory/Directory"
import { type Vendor, vendors } from "@userkit/directory/DirectoryUser"
import * as Fakes from "@userkit/directory/Fakes"
import { terminal } from "@userkit/directory/SafeText"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as HashSet from "effect/HashSet"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import * as Util from "node:util"
import * as Commands from "./Commands.js"
import * as ExitCode from "./ExitCode.js"
import { Output, type OutputService } from "./Output.js"
import * as Sandbox from "./Sandbox.js"
import * as Vendors from "./Vendors.js"

/**
 * The version of `@userkit/cli`, read from its package.json (from `src/` or `dist/` alike).
 *
 * @since 0.3.0
 * @category constants
 */
export const version: string = String(
  Object(JSON.parse(Fs.readFileSync(new URL("../package.json", import.meta.url), "utf8"))).version
)

/**
 * What a run needs from the process.
 *
 * @since 0.3.0
 * @category models
 */
export interface Context {
  readonly env: Vendors.Env
  readonly output: OutputService
  /** Asks a yes/no question on the terminal; `undefined` when stdin or stderr is not one. */
  readonly confirm: ((question: string) => Effect.Effect<boolean>) | undefined
  /** Called by `userkit fakes` once it serves: a signal then ends it normally (exit 0). */
  readonly onServing?: () => void
}

const environmentHelp = HelpDoc.blocks([
  HelpDoc.h1("ENVIRONMENT"),
  HelpDoc.p(
    "Without --fakes, exactly the vendors with a variable of theirs set are used (real vendors only); " +
      "a vendor missing a required variable is a configuration error (exit 1) naming it."
  ),
  HelpDoc.descriptionList([
    [Span.text("NO_COLOR"), HelpDoc.p("set (to anything): no ANSI colour; none either where output is not a terminal")],
    ...vendors.flatMap((vendor: Vendor) =>
      Vendors.settings[vendor].variables.map(({ description, name }): [Span.Span, HelpDoc.HelpDoc] => [
        Span.text(name),
        HelpDoc.p(`${vendor}: ${description}`)
      ])
    )
  ]),
  HelpDoc.h1("EXIT CODES"),
  HelpDoc.descriptionList([
    [Span.text("0"), HelpDoc.p("done: every vendor searched, every removal verified")],
    [Span.text("1"), HelpDoc.p("failure: nothing or not everything done, or a configuration error")],
    [Span.text("2"), HelpDoc.p("usage error (the usage is printed), or a removal without --yes and no terminal")],
    [Span.text("3"), HelpDoc.p("partial: a vendor failed or was not searched, or a removal is not verified")],
    [Span.text("130"), HelpDoc.p("interrupted (Ctrl-C, SIGTERM)")]
  ])
])

const email = Args.text({ name: "email" }).pipe(Args.withDescription("the person's email"))
const fakes = Options.boolean("fakes").pipe(
  Options.withDescription("use userkit's fakes on 127.0.0.1 instead of real vendors (the output says so)")
)
const out = Options.file("out").pipe(
  Options.optional,
  Options.withDescription("write the review or the plan and report to this file instead of stdout")
)
const json = Options.boolean("json").pipe(Options.withDescription("print one JSON document"))

type Handler = (context: Context) => Effect.Effect<Commands.Done, Commands.Failure, Scope.Scope>

const setupFailure = (error: Vendors.ConfigurationError | { readonly _tag: "ListenError"; readonly message: string }) =>
  ({
    exitCode: ExitCode.failure,
    error: error._tag === "ConfigurationError"
      ? { _tag: error._tag, message: error.message, variables: error.variables }
      : { _tag: error._tag, message: error.message }
  }) satisfies Commands.Failure

/** Sets up the vendors (real or fakes), says which, and runs the command over them. */
const withVendors = (
  useFakes: boolean,
  body: (setup: Vendors.Setup) => Effect.Effect<Commands.Done, Commands.Failure, Directory | Output>
): Handler =>
(context) =>
  Effect.gen(function*() {
    const output = context.output
    if (useFakes && Vendors.configured(context.env).length > 0) {
      yield* output.info("this run uses the fakes: the vendor variables in the environment are ignored")
    }
    const setup = yield* (useFakes ? Vendors.fakes() : Vendors.real(context.env)).pipe(
      Effect.mapError(setupFailure)
    )
    yield* Commands.describeSetup(setup)
    yield* output.info("")
    const done = yield* Effect.provide(body(setup), setup.directory)
    if (setup.organisation !== undefined) {
      const quotas = yield* Commands.quotaSummary(setup.organisation, Vendors.demoScale.scale)
      if (quotas !== "") yield* output.info(`\nThe fakes' quotas, as they counted:\n${quotas}`)
    }
    return done
  }).pipe(Effect.provideService(Output, context.output))

const formatOf = (flags: { readonly csv: boolean; readonly json: boolean; readonly jsonl: boolean }) => {
  const chosen = (["csv", "json", "jsonl"] as const).filter((format) => flags[format])
  return chosen.length > 1 ? undefined : chosen[0] ?? "text"
}

const usageFailure = (message: string): Commands.Failure => ({
  exitCode: ExitCode.usage,
  usage: true,
  error: { _tag: "UsageError", message }
})

const commands = (run: (handler: Handler) => Effect.Effect<void>) => {
  const offboard = Command.make(
    "offboard",
    {
      email,
      dryRun: Options.boolean("dry-run").pipe(Options.withDescription("print the plan and change nothing")),
      yes: Options.boolean("yes").pipe(
        Options.withDescription("remove without asking (required when there is no terminal to ask on)")
      ),
      json,
      out,
      fakes
    },
    (options) =>
      run((context) =>
        withVendors(options.fakes, (setup) =>
          Commands.offboard(setup, options.email, {
            dryRun: options.dryRun,
            yes: options.yes,
            format: options.json ? "json" : "text",
            confirm: context.confirm
          }, { out: Option.getOrUndefined(options.out) }))(context)
      )
  ).pipe(Command.withDescription(
    "CHANGES the vendors: removes the person's accounts and memberships everywhere, after showing the plan " +
      "and asking (or --yes); each removal is verified by a fresh lookup. --dry-run changes nothing."
  ))

  const audit = Command.make(
    "audit",
    {
      csv: Options.boolean("csv").pipe(Options.withDescription("CSV (formula-neutralised cells, RFC 4180)")),
      json,
      jsonl: Options.boolean("jsonl").pipe(Options.withDescription("one JSON object per line: head, rows, end")),
      out,
      fakes
    },
    (options) =>
      run((context) => {
        const format = formatOf(options)
        if (format === undefined) return Effect.fail(usageFailure("choose one of --csv, --json, --jsonl"))
        return withVendors(
          options.fakes,
          (setup) => Commands.audit(setup, format, { out: Option.getOrUndefined(options.out) })
        )(context)
      })
  ).pipe(Command.withDescription(
    "Changes nothing. The access review: every identity x vendor x scope x role, with each vendor's coverage " +
      "(exit 3 when one is not complete)."
  ))

  const demo = Command.make(
    "demo",
    {},
    () =>
      run(
        withVendors(true, (setup) =>
          Commands.offboard(setup, Fakes.demoEmail, { dryRun: false, yes: true, format: "text", confirm: undefined }, {
            out: undefined
          }))
      )
  ).pipe(Command.withDescription(
    `Changes nothing real: offboards ${Fakes.demoEmail} from userkit's fakes, served for the run on 127.0.0.1.`
  ))

  const serveFakes = Command.make(
    "fakes",
    {
      people: Options.integer("people").pipe(
        Options.withDefault(Sandbox.defaultPeople),
        Options.withDescription("people in the fake organisation")
      )
    },
    ({ people }) =>
      run((context) =>
        Effect.gen(function*() {
          const urls = yield* Sandbox.serve({ people }).pipe(Effect.mapError(setupFailure))
          for (const line of Sandbox.exportLines(urls)) yield* context.output.data(line)
          yield* context.output.data("ready")
          yield* context.output.info(
            "Serving the four fakes on 127.0.0.1 until Ctrl-C or SIGTERM (their state is kept)"
          )
          context.onServing?.()
          return yield* Effect.never
        })
      )
  ).pipe(Command.withDescription(
    "Changes nothing real: serves the four vendor fakes on 127.0.0.1 until stopped, printing `export` lines " +
      "that point userkit at them (paste them into another shell), then `ready`."
  ))

  return { offboard, audit, demo, fakes: serveFakes }
}

/**
 * The arguments `npm start` passes: no command is the demo; `offboard` and `audit` run on the
 * fakes (`--fakes` added); anything else as given.
 *
 * @since 0.3.0
 * @category constructors
 */
export const startArgs = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
  const [command, ...rest] = args
  if (command === undefined) return ["demo"]
  if ((command === "offboard" || command === "audit") && !rest.includes("--fakes")) {
    return [command, "--fakes", ...rest]
  }
  return args
}

const errorText = (error: ValidationError.ValidationError): string =>
  Util.stripVTControlCharacters(HelpDoc.toAnsiText(error.error)).trim()

/**
 * Runs `userkit` with the arguments after the executable; answers the exit code. Never fails.
 *
 * @since 0.3.0
 * @category running
 */
export const run = (args: ReadonlyArray<string>, context: Context): Effect.Effect<ExitCode.ExitCode> => {
  const output = context.output
  const format = args.includes("--jsonl") ? "jsonl" : args.includes("--json") ? "json" : "text"
  const named = args.find((arg) => !arg.startsWith("-"))
  let exitCode: ExitCode.ExitCode = ExitCode.ok

  // @effect/cli has printed its own usage errors on stderr already.
  const fail = (failure: Commands.Failure, options: { readonly printed: boolean }): Effect.Effect<void> =>
    Effect.gen(function*() {
      exitCode = failure.exitCode
      // A message may carry a vendor's text (an internal error's cause): shown safe.
      if (!options.printed) yield* output.info(`userkit: ${terminal(failure.error.message)}`)
      if (failure.usage === true) yield* output.console.error(HelpDoc.toAnsiText(usage()))
      const document = { command: named ?? null, exitCode: failure.exitCode, error: failure.error }
      if (format === "json") yield* output.data(JSON.stringify(document, null, 2))
      if (format === "jsonl") yield* output.data(JSON.stringify({ type: "error", ...document }))
    })

  const runHandler = (handler: Handler): Effect.Effect<void> =>
    Effect.scoped(handler(context)).pipe(
      Effect.matchEffect({
        onSuccess: (done) => Effect.sync(() => void (exitCode = done.exitCode)),
        onFailure: (failure) => fail(failure, { printed: false })
      })
    )

  const subcommands = commands(runHandler)
  const root = Command.make(
    "userkit",
    {},
    () => fail(usageFailure("a command is needed: demo, offboard, audit or fakes"), { printed: false })
  ).pipe(
    Command.withDescription("Offboarding and access reviews across Rockset, Authress, Astronomer and TileDB Cloud."),
    Command.withSubcommands([subcommands.demo, subcommands.offboard, subcommands.audit, subcommands.fakes])
  )

  // The usage of the command named on the line, or of every command.
  const usage = (): HelpDoc.HelpDoc => {
    const describe = <N extends string, R, E, A>(command: Command.Command<N, R, E, A>) => ({
      names: Command.getNames(command),
      usage: Command.getUsage(command)
    })
    const all = [
      describe(subcommands.demo),
      describe(subcommands.offboard),
      describe(subcommands.audit),
      describe(subcommands.fakes)
    ]
    const chosen = all.filter(({ names }) => HashSet.has(names, named ?? ""))
    const lines = (chosen.length > 0 ? chosen : all).flatMap(({ usage }) =>
      Usage.enumerate(usage, CliConfig.defaultConfig).map((span) =>
        HelpDoc.p(Span.spans([Span.text("$ userkit "), span]))
      )
    )
    return HelpDoc.blocks([HelpDoc.h1("USAGE"), ...lines, HelpDoc.p("Run `userkit --help` for more.")])
  }

  const cli = Command.run(root, { name: "userkit", version, footer: environmentHelp })
  return cli(["node", "userkit", ...args]).pipe(
    Effect.catchAll((error) => fail(usageFailure(errorText(error)), { printed: true })),
    Effect.catchAllCause((cause) =>
      Cause.isInterruptedOnly(cause)
        ? Effect.failCause(cause)
        : fail({
          exitCode: ExitCode.failure,
          error: { _tag: "InternalError", message: `internal error: ${Cause.pretty(cause)}` }
        }, { printed: false })
    ),
    Effect.onInterrupt(() => {
      const error = { _tag: "Interrupted", message: "interrupted (Ctrl-C or SIGTERM)" }
      const document = { command: named ?? null, exitCode: ExitCode.interrupted, error }
      // Said once every scope is closed: the fakes and every connection are gone by then.
      return Effect.zipRight(
        output.info("\nInterrupted: the fakes and their connections are closed."),
        format === "json"
          ? output.data(JSON.stringify(document, null, 2))
          : format === "jsonl"
          ? output.data(JSON.stringify({ type: "error", ...document }))
          : Effect.void
      )
    }),
    Effect.provide(NodeContext.layer),
    Effect.withConsole(output.console),
    Effect.map(() => exitCode)
  )
}
