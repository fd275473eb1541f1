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
import type * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import * as Directory from "@userkit/directory/Directory"
import { type Vendor, vendors } from "@userkit/directory/DirectoryUser"
import * as Fakes from "@userkit/directory/Fakes"
import { terminal } from "@userkit/directory/SafeText"
import * as Database from "@userkit/store/Database"
import * as Store from "@userkit/store/Store"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as HashSet from "effect/HashSet"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Util from "node:util"
import * as Commands from "./Commands.js"
import * as ExitCode from "./ExitCode.js"
import { Output, type OutputService } from "./Output.js"
import * as Remembered from "./Remembered.js"
import * as Sandbox from "./Sandbox.js"
import * as Storage from "./Storage.js"
import * as Submit from "./Submit.js"
import * as Vendors from "./Vendors.js"
import * as Worker from "./Worker.js"

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
    [
      Span.text(Database.environmentVariable),
      HelpDoc.p(
        `the store (a SQLite file or a postgres:// URL) when --database is not given; default ${Database.defaultFile}`
      )
    ],
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
const database = Options.text("database").pipe(
  Options.optional,
  Options.withDescription(
    `the store: a SQLite file or a postgres:// URL (default: $${Database.environmentVariable}, else ${Database.defaultFile})`
  )
)
const textOrJson = (flag: boolean) => flag ? "json" as const : "text" as const

type Handler = (context: Context) => Effect.Effect<Commands.Done, Commands.Failure, Scope.Scope>

type WorkflowEngine = WorkflowEngine.WorkflowEngine

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
  body: (setup: Vendors.Setup) => Effect.Effect<Commands.Done, Commands.Failure, Directory.Directory | Output>
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

/** The store over the database the run names (see `Storage.databaseUrl`), for the commands that only read it. */
const withStore = (
  databaseOption: Option.Option<string>,
  body: Effect.Effect<Commands.Done, Commands.Failure, Store.Store | Output>
): Handler =>
(context) =>
  body.pipe(
    Effect.provide(Storage.store(Storage.databaseUrl(Option.getOrUndefined(databaseOption), context.env), context.env)),
    Effect.provideService(Output, context.output)
  )

/**
 * The vendors, then the store and its durable offboarding engine over them: for the commands
 * that run plans (`offboard`, `apply`, `resume`).
 */
const withOffboarding = (
  useFakes: boolean,
  url: (context: Context) => string,
  body: (
    setup: Vendors.Setup
  ) => Effect.Effect<Commands.Done, Commands.Failure, Directory.Directory | Output | Store.Store | WorkflowEngine>
): Handler =>
(context) =>
  withVendors(useFakes, (setup) =>
    Effect.flatMap(Directory.Directory, (directory) =>
      Effect.provide(
        body(setup),
        Storage.offboarding(url(context), context.env, Layer.succeed(Directory.Directory, directory))
      )))(context)

const databaseOf = (databaseOption: Option.Option<string>) => (context: Context) =>
  Storage.databaseUrl(Option.getOrUndefined(databaseOption), context.env)

// The demo and a dry run remember nothing: their store is a file in a temporary directory, removed
// after the run, so a fresh clone (and CI's `npm start`) leaves no userkit.db behind.
const temporaryDatabase = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "userkit-demo-"))),
    (directory) => Effect.sync(() => Fs.rmSync(directory, { recursive: true, force: true }))
  ),
  (directory) => Path.join(directory, "userkit.db")
)

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
      email: Args.optional(email),
      submit: Options.boolean("submit").pipe(
        Options.withDescription("hand the run to the workers sharing the postgres:// --database; print its id")
      ),
      batch: Options.file("batch").pipe(
        Options.optional,
        Options.withDescription("with --submit: a CSV of people, one email a line (a header line is skipped)")
      ),
      dryRun: Options.boolean("dry-run").pipe(Options.withDescription("print the plan and change nothing")),
      yes: Options.boolean("yes").pipe(
        Options.withDescription("remove without asking (required when there is no terminal to ask on)")
      ),
      planOnly: Options.boolean("plan-only").pipe(
        Options.withDescription("save the plan and print its id; remove nothing (userkit apply runs it)")
      ),
      json,
      out,
      fakes,
      database
    },
    (options) =>
      run((context) => {
        if (options.submit || Option.isSome(options.batch)) {
          if (!options.submit || options.fakes || options.dryRun || options.planOnly) {
            return Effect.fail(
              usageFailure("--batch goes with --submit, and --submit not with --fakes, --dry-run or --plan-only")
            )
          }
          const batch = Option.getOrUndefined(options.batch)
          if (Option.isSome(options.email) === (batch !== undefined)) {
            return Effect.fail(usageFailure("--submit takes one email or --batch <file>"))
          }
          return Submit.submit(
            batch === undefined ? { emails: Option.toArray(options.email) } : { batch },
            databaseOf(options.database)(context),
            context
          )
        }
        if (Option.isNone(options.email)) return Effect.fail(usageFailure("an email is needed"))
        const personEmail = options.email.value
        const offboarding = (url: (context: Context) => string) =>
          withOffboarding(
            options.fakes,
            url,
            (setup) =>
              Commands.offboard(setup, personEmail, {
                dryRun: options.dryRun,
                yes: options.yes,
                planOnly: options.planOnly,
                format: textOrJson(options.json),
                confirm: context.confirm
              }, { out: Option.getOrUndefined(options.out) })
          )(context)
        // A dry run saves nothing, so it neither creates nor migrates the user's store.
        return options.dryRun
          ? Effect.flatMap(temporaryDatabase, (temporary) => offboarding(() => temporary))
          : offboarding(databaseOf(options.database))
      })
  ).pipe(Command.withDescription(
    "CHANGES the vendors: saves the plan (its id on stderr), then removes the person's accounts and memberships " +
      "everywhere, after showing the plan and asking (or --yes), as a durable run journalled in the store; " +
      "each removal is verified by a fresh lookup. --dry-run changes nothing; --plan-only only saves the plan."
  ))

  const apply = Command.make(
    "apply",
    {
      planId: Args.text({ name: "plan-id" }).pipe(Args.withDescription("a saved plan's id (plan-...)")),
      yes: Options.boolean("yes").pipe(
        Options.withDescription("remove without asking (required when there is no terminal to ask on)")
      ),
      json,
      out,
      fakes,
      database
    },
    (options) =>
      run((context) =>
        withOffboarding(options.fakes, databaseOf(options.database), (setup) =>
          Commands.apply(setup, options.planId, {
            yes: options.yes,
            format: textOrJson(options.json),
            confirm: context.confirm
          }, { out: Option.getOrUndefined(options.out) }))(context)
      )
  ).pipe(Command.withDescription(
    "CHANGES the vendors: runs a saved plan (asking first, or --yes), refused with nothing sent if the person's " +
      "accounts changed since it was made (PlanDrift); journalled like offboard."
  ))

  const resume = Command.make(
    "resume",
    {
      runId: Args.text({ name: "run-id" }).pipe(Args.withDescription("an unfinished run's id (run-...)")),
      json,
      out,
      fakes,
      database
    },
    (options) =>
      run((context) =>
        withOffboarding(
          options.fakes,
          databaseOf(options.database),
          (setup) =>
            Commands.resume(setup, options.runId, textOrJson(options.json), {
              out: Option.getOrUndefined(options.out)
            })
        )(context)
      )
  ).pipe(Command.withDescription(
    "CHANGES the vendors: finishes a run that was cut short. Actions whose outcome was recorded are not sent " +
      "again; one sent without a recorded outcome is looked up first."
  ))

  const reviews = Command.make("reviews", { json, out, database }, (options) =>
    run(withStore(
      options.database,
      Remembered.reviews(textOrJson(options.json), { out: Option.getOrUndefined(options.out) })
    ))).pipe(Command.withDescription("Changes nothing. The saved access reviews, newest first."))

  const diff = Command.make(
    "diff",
    {
      ids: Args.text({ name: "review-id" }).pipe(Args.between(0, 2)),
      json,
      out,
      database
    },
    (options) =>
      run(withStore(
        options.database,
        Remembered.diff(
          { from: options.ids[0], to: options.ids[1] },
          textOrJson(options.json),
          { out: Option.getOrUndefined(options.out) }
        )
      ))
  ).pipe(Command.withDescription(
    "Changes nothing. Access gained, lost and changed between two saved reviews (default: the last two; one id: " +
      "from it to the newest). A vendor not read completely in either is UNKNOWN, never lost (exit 3)."
  ))

  const history = Command.make("history", { email, json, out, database }, (options) =>
    run(withStore(
      options.database,
      Remembered.history(options.email, textOrJson(options.json), { out: Option.getOrUndefined(options.out) })
    ))).pipe(Command.withDescription(
      "Changes nothing. Every saved review that listed the person, every plan for them and every run."
    ))

  const runs = Command.make("runs", {
    json,
    out,
    database,
    wait: Options.boolean("wait").pipe(
      Options.withDescription("follow the unfinished runs (on the workers) until all are done")
    )
  }, (options) =>
    run(withStore(
      options.database,
      options.wait
        ? Submit.wait
        : Remembered.runs(textOrJson(options.json), { out: Option.getOrUndefined(options.out) })
    ))).pipe(Command.withDescription(
      "Changes nothing. The offboarding runs, newest first; an unfinished one is marked with how to resume it."
    ))

  const exportCommand = Command.make(
    "export",
    {
      id: Args.text({ name: "id" }).pipe(Args.withDescription("a saved review's (review-...) or run's (run-...) id")),
      csv: Options.boolean("csv").pipe(Options.withDescription("CSV (formula-neutralised cells, RFC 4180)")),
      json: Options.boolean("json").pipe(Options.withDescription("JSON")),
      out,
      database
    },
    (options) =>
      run((context) =>
        options.csv === options.json
          ? Effect.fail(usageFailure("choose one of --csv, --json"))
          : withStore(
            options.database,
            Remembered.exportEvidence(options.id, options.csv ? "csv" : "json", Storage.operator(context.env), {
              out: Option.getOrUndefined(options.out)
            })
          )(context)
      )
  ).pipe(Command.withDescription(
    "Changes nothing. A saved review or run as evidence (JSON or CSV), headed by the tool's version, the time, " +
      "the operator and the coverage."
  ))

  const audit = Command.make(
    "audit",
    {
      csv: Options.boolean("csv").pipe(Options.withDescription("CSV (formula-neutralised cells, RFC 4180)")),
      json,
      jsonl: Options.boolean("jsonl").pipe(Options.withDescription("one JSON object per line: head, rows, end")),
      noSave: Options.boolean("no-save").pipe(Options.withDescription("do not save the review in the store")),
      submit: Options.boolean("submit").pipe(
        Options.withDescription("hand the review to the workers sharing the postgres:// --database; print its id")
      ),
      out,
      fakes,
      database
    },
    (options) =>
      run((context) => {
        if (options.submit) {
          if (
            options.fakes || options.noSave || options.csv || options.json || options.jsonl ||
            Option.isSome(options.out)
          ) {
            return Effect.fail(usageFailure("--submit not with --fakes, --no-save, --csv, --json, --jsonl or --out"))
          }
          return Submit.submitReview(databaseOf(options.database)(context), context)
        }
        const format = formatOf(options)
        if (format === undefined) return Effect.fail(usageFailure("choose one of --csv, --json, --jsonl"))
        const destination = { out: Option.getOrUndefined(options.out) }
        if (options.noSave) {
          return withVendors(options.fakes, (setup) => Commands.audit(setup, format, destination))(context)
        }
        // The store opens before the review starts: a database that cannot be used fails first.
        return withVendors(options.fakes, (setup) =>
          Effect.provide(
            Effect.flatMap(Store.Store, (store) =>
              Commands.audit(
                setup,
                format,
                destination,
                (review) => Effect.mapError(store.saveReview(review), Storage.failure)
              )),
            Storage.store(databaseOf(options.database)(context), context.env)
          ))(context)
      })
  ).pipe(Command.withDescription(
    "Changes nothing at the vendors. The access review: every identity x vendor x scope x role, with each " +
      "vendor's coverage (exit 3 when one is not complete), saved in the store (its id on stderr) unless --no-save; with --submit, read and saved by the " +
      "workers, its id on stdout."
  ))

  const demo = Command.make(
    "demo",
    {},
    () =>
      run(
        (context) =>
          Effect.flatMap(temporaryDatabase, (url) =>
            withOffboarding(true, () =>
              url, (setup) =>
              Commands.offboard(setup, Fakes.demoEmail, {
                dryRun: false,
                yes: true,
                format: "text",
                confirm: undefined
              }, { out: undefined }))(context))
      )
  ).pipe(Command.withDescription(
    `Changes nothing real: offboards ${Fakes.demoEmail} from userkit's fakes, served for the run on 127.0.0.1, ` +
      "journalled in a temporary store removed after the run."
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

  return {
    demo,
    offboard,
    apply,
    resume,
    audit,
    reviews,
    diff,
    history,
    runs,
    export: exportCommand,
    fakes: serveFakes,
    worker: Worker.command(run)
  }
}

/**
 * The arguments `npm start` passes: no command is the demo; `offboard`, `apply`, `resume` and
 * `audit` run on the fakes (`--fakes` added); anything else as given.
 *
 * @since 0.3.0
 * @category constructors
 */
export const startArgs = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
  const [command, ...rest] = args
  if (command === undefined) return ["demo"]
  if (["offboard", "apply", "resume", "audit"].includes(command) && !rest.includes("--fakes")) {
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
    () => fail(usageFailure(`a command is needed: ${Object.keys(subcommands).join(", ")}`), { printed: false })
  ).pipe(
    Command.withDescription("Offboarding and access reviews across Rockset, Authress, Astronomer and TileDB Cloud."),
    Command.withSubcommands([
      subcommands.demo,
      subcommands.offboard,
      subcommands.apply,
      subcommands.resume,
      subcommands.audit,
      subcommands.reviews,
      subcommands.diff,
      subcommands.history,
      subcommands.runs,
      subcommands.export,
      subcommands.fakes,
      subcommands.worker
    ])
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
      describe(subcommands.apply),
      describe(subcommands.resume),
      describe(subcommands.audit),
      describe(subcommands.reviews),
      describe(subcommands.diff),
      describe(subcommands.history),
      describe(subcommands.runs),
      describe(subcommands.export),
      describe(subcommands.fakes),
      describe(subcommands.worker)
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
