/**
 * `userkit` as a Node process: {@link Cli.run} under `NodeRuntime.runMain`, on the process's
 * streams, exiting with the run's code. Ctrl-C or SIGTERM interrupts the run (closing every
 * connection and fake) and exits 130, except for `userkit fakes`, which they end normally.
 *
 * @since 0.3.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Readline from "node:readline"
import * as Cli from "./Cli.js"
import * as ExitCode from "./ExitCode.js"
import * as Output from "./Output.js"

// The question goes to stderr, so that stdout keeps nothing but data.
const confirm = (question: string) =>
  Effect.async<boolean>((resume) => {
    const readline = Readline.createInterface({ input: process.stdin, output: process.stderr })
    readline.question(question, (answer) => {
      readline.close()
      resume(Effect.succeed(/^y(es)?$/i.test(answer.trim())))
    })
    return Effect.sync(() => readline.close())
  })

/**
 * Runs `userkit` with these arguments (those after the executable) and exits with its code.
 *
 * @since 0.3.0
 * @category running
 */
export const main = (args: ReadonlyArray<string>): void => {
  let exitCode: ExitCode.ExitCode = ExitCode.ok
  let serving = false
  const program = Cli.run(args, {
    env: process.env,
    output: Output.fromProcess(process.env),
    confirm: process.stdin.isTTY === true && process.stderr.isTTY === true ? confirm : undefined,
    onServing: () => {
      serving = true
    }
  }).pipe(Effect.map((code) => {
    exitCode = code
  }))
  NodeRuntime.runMain(program, {
    teardown: (exit, onExit) =>
      onExit(
        Exit.isSuccess(exit)
          ? exitCode
          : Cause.isInterruptedOnly(exit.cause)
          ? serving ? ExitCode.ok : ExitCode.interrupted
          : ExitCode.failure
      )
  })
}
