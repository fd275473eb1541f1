/**
 * What every single-vendor example does around what it teaches: the real vendor when its
 * environment variables are set (the same rule as the CLI's), otherwise the vendor's fake served on
 * 127.0.0.1 for as long as the tour runs, saying which one it used, over `UndiciHttpClient.layer`
 * under `NodeRuntime.runMain`.
 *
 * @since 0.2.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import type * as HttpClient from "@effect/platform/HttpClient"
import { type Env, realVendors } from "@userkit/cli/Vendors"
import type { Vendor } from "@userkit/directory/DirectoryUser"
import * as UndiciHttpClient from "@userkit/undici/UndiciHttpClient"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"

/**
 * A served fake: where it listens, and the tour to run against it while it does.
 *
 * @since 0.2.0
 * @category models
 */
export interface ServedFake<E> {
  readonly baseUrl: string
  readonly tour: Effect.Effect<void, E, HttpClient.HttpClient | Scope.Scope>
}

/**
 * One vendor's example: what it reads from the real vendor (it changes nothing there), and how
 * it serves its fake and what it does against it.
 *
 * @since 0.2.0
 * @category models
 */
export interface Example<ERead, ETour, EServe> {
  readonly vendor: Vendor
  readonly real: Effect.Effect<void, ERead, HttpClient.HttpClient>
  readonly fake: Effect.Effect<ServedFake<ETour>, EServe, HttpClient.HttpClient | Scope.Scope>
}

/**
 * The example as a program: real or fake as `env` says, announced, on the Node transport.
 *
 * @since 0.2.0
 * @category constructors
 */
export const program = <ERead, ETour, EServe>(
  example: Example<ERead, ETour, EServe>,
  env: Env
): Effect.Effect<void, ERead | ETour | EServe> => {
  const againstReal = Console.log(
    `${example.vendor} credentials are set: reading from ${example.vendor} (no changes are made)\n`
  ).pipe(Effect.zipRight(example.real))
  const againstFake = Effect.gen(function*() {
    const served = yield* example.fake
    yield* Console.log(`no ${example.vendor} credentials set: using the fake ${example.vendor} at ${served.baseUrl}\n`)
    yield* served.tour
  }).pipe(Effect.scoped)
  return Effect.if(realVendors(env)[example.vendor], {
    onTrue: () => againstReal,
    onFalse: () => againstFake
  }).pipe(Effect.provide(UndiciHttpClient.layer))
}

/**
 * Runs the example as a Node application: SIGINT/SIGTERM interrupt it (closing the fake and its
 * sockets), a failure is logged with its cause and exits with code 1, success ends once nothing
 * is left open.
 *
 * @since 0.2.0
 * @category running
 */
export const runExample = <ERead, ETour, EServe>(example: Example<ERead, ETour, EServe>): void =>
  NodeRuntime.runMain(program(example, process.env))
