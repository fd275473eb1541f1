/**
 * `userkit worker`: one runner of a cluster of them over a Postgres database
 * (`@userkit/store/Runner`), executing the offboarding runs submitted to it through the vendors
 * the environment configures, until Ctrl-C or SIGTERM. With `--redis`, its vendor clients keep
 * each vendor's quota in that Redis, shared with every other worker.
 *
 * @since 0.3.0
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Database from "@userkit/store/Database"
import * as Runner from "@userkit/store/Runner"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import type { Context } from "./Cli.js"
import type * as Commands from "./Commands.js"
import * as ExitCode from "./ExitCode.js"
import * as Storage from "./Storage.js"
import * as Vendors from "./Vendors.js"

/**
 * The options of `userkit worker`.
 *
 * @since 0.3.0
 * @category models
 */
export interface WorkerOptions {
  readonly database: string
  readonly redis: string | undefined
  readonly host: string
  readonly port: number
  readonly listenHost: string | undefined
}

/**
 * Joins the cluster and works until interrupted; fails at once (exit 1) when the database is not
 * Postgres, a vendor is misconfigured, or the runner cannot join.
 *
 * @since 0.3.0
 * @category commands
 */
export const work = (
  options: WorkerOptions,
  context: Context
): Effect.Effect<Commands.Done, Commands.Failure, Scope.Scope> =>
  Effect.gen(function*() {
    const location = Database.parse(options.database)
    if (Either.isLeft(location) || location.right._tag !== "Postgres") {
      return yield* Effect.fail<Commands.Failure>({
        exitCode: ExitCode.usage,
        usage: true,
        error: {
          _tag: "UsageError",
          message: "a worker needs a postgres:// database: the runners of a cluster share it (a SQLite file " +
            "serves one process)"
        }
      })
    }
    const env = options.redis === undefined ? context.env : { ...context.env, USERKIT_REDIS_URL: options.redis }
    const setup = yield* Vendors.real(env).pipe(Effect.mapError(Storage.failure))
    const runner = Runner.layer({
      host: options.host,
      port: options.port,
      listenHost: options.listenHost,
      operator: Storage.operator(env)
    }).pipe(
      Layer.provide(Layer.merge(Database.layerLocation(location.right), setup.directory)),
      Layer.mapError(Storage.failure)
    )
    yield* Layer.build(runner)
    yield* context.output.info(
      `userkit worker ${options.host}:${options.port} joined the cluster` +
        (options.redis === undefined ? " (quotas kept in this process)" : " (quotas kept in Redis)") +
        "; working until Ctrl-C or SIGTERM"
    )
    yield* context.output.data("ready")
    context.onServing?.()
    return yield* Effect.never
  })

/**
 * The `worker` command, run through the CLI's `run` (its exit codes and JSON errors).
 *
 * @since 0.3.0
 * @category commands
 */
export const command = (
  run: (
    handler: (context: Context) => Effect.Effect<Commands.Done, Commands.Failure, Scope.Scope>
  ) => Effect.Effect<void>
) =>
  Command.make(
    "worker",
    {
      database: Options.text("database").pipe(
        Options.withDescription("the cluster's postgres:// database (its tables are created once, under a lock)")
      ),
      redis: Options.text("redis").pipe(
        Options.optional,
        Options.withDescription("redis:// URL: keep each vendor's quota there, shared by every worker")
      ),
      host: Options.text("host").pipe(
        Options.withDefault("127.0.0.1"),
        Options.withDescription("the host the other workers reach this one at")
      ),
      port: Options.integer("port").pipe(
        Options.withDefault(Runner.defaultPort),
        Options.withDescription("the port it listens on and is reached at")
      ),
      listenHost: Options.text("listen-host").pipe(
        Options.optional,
        Options.withDescription("the host to listen on, when not --host (e.g. 0.0.0.0 in a container)")
      )
    },
    (options) =>
      run((context) =>
        work({
          database: options.database,
          redis: Option.getOrUndefined(options.redis),
          host: options.host,
          port: options.port,
          listenHost: Option.getOrUndefined(options.listenHost)
        }, context)
      )
  ).pipe(Command.withDescription(
    "CHANGES the vendors: joins a cluster of workers over a Postgres database and executes the offboarding runs " +
      "submitted to it (offboard --submit), through the vendors the environment configures, until stopped. " +
      "A dead worker's runs move to the others within about 10 s."
  ))
