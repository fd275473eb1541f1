import { defineConfig } from "vitest/config"
import projects from "./vitest.workspace.ts"

// The project list lives in vitest.workspace.ts (the layout the design guide names); vitest 3.2
// deprecates reading that file by itself, so the root config hands it over as `test.projects`.
export default defineConfig({ test: { projects } })
