/**
 * Where `userkit` remembers: the `@userkit/store` database named by `--database`, else
 * `USERKIT_DATABASE_URL`, else the store's default file (`Database.defaultFile`, `./userkit.db`),
 * and the store's failures as the CLI's typed failures (exit 1, the error's `_tag` in the JSON).
 *
 * @since 0.3.0
 */
import type * as WorkflowEngine from "@effect/workflow/WorkflowEngine"
import type { Directory } from "@userkit/directory/Directory"
import * as Database from "@userkit/store/Database"
import * as Offboarding from "@userkit/store/Offboarding"
import * as Store from "@userkit/store/Store"
import * as Layer from "effect/Layer"
import type * as Commands from "./Commands.js"
import * as ExitCode from "./ExitCode.js"
import type { Env } from "./Vendors.js"

/**
 * The database of a run: the `--database` option, else `USERKIT_DATABASE_URL` in the
 * environment, else the store's default file.
 *
 * @since 0.3.0
 * @category constructors
 */
export const databaseUrl = (option: string | undefined, env: Env): string => {
  const named = option ?? env[Database.environmentVariable]
  return named === undefined || named.trim() === "" ? Database.defaultFile : named
}

/**
 * A typed error of the store (or of opening it) as a failure: exit 1, with its `_tag`, message
 * and what it names (`kind` and `id` of an unknown id).
 *
 * @since 0.3.0
 * @category errors
 */
export const failure = (
  error: { readonly _tag: string; readonly message: string; readonly kind?: string; readonly id?: string }
): Commands.Failure => ({
  exitCode: ExitCode.failure,
  error: {
    _tag: error._tag,
    message: error.message,
    ...(error.kind === undefined ? {} : { kind: error.kind }),
    ...(error.id === undefined ? {} : { id: error.id })
  }
})

/**
 * Who is acting, as the journal and the exports record it: the environment's `USER`.
 *
 * @since 0.3.0
 * @category constructors
 */
export const operator = (env: Env): string => env["USER"] ?? "unknown"

/**
 * The store over the database at `url` (its schema created or upgraded on open).
 *
 * @since 0.3.0
 * @category layers
 */
export const store = (url: string, env: Env): Layer.Layer<Store.Store, Commands.Failure> =>
  Store.layer({ operator: operator(env) }).pipe(
    Layer.provide(Database.layer({ url })),
    Layer.mapError(failure)
  )

/**
 * The store and the durable offboarding engine (`@effect/cluster` on the same database), with
 * the workflow's removals going through `directory`.
 *
 * @since 0.3.0
 * @category layers
 */
export const offboarding = (
  url: string,
  env: Env,
  directory: Layer.Layer<Directory>
): Layer.Layer<Store.Store | WorkflowEngine.WorkflowEngine, Commands.Failure> =>
  Offboarding.layer({ operator: operator(env) }).pipe(
    Layer.provide(Layer.merge(Database.layer({ url }), directory)),
    Layer.mapError(failure)
  )
