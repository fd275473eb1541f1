#!/usr/bin/env node
/**
 * The `userkit` executable.
 *
 * @since 0.3.0
 */
import { main } from "./Main.js"

main(process.argv.slice(2))
