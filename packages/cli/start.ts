/**
 * `npm start`: the CLI from its sources on the embedded fakes; `npm start` alone is the demo,
 * `npm start -- <command> [options]` runs the command with `--fakes`.
 */
import { startArgs } from "./src/Cli.js"
import { main } from "./src/Main.js"

main(startArgs(process.argv.slice(2)))
