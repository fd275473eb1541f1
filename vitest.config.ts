import { defineConfig } from "vitest/config"

// `test.projects` is the forward-compatible form of a vitest workspace (vitest 3.2 deprecates
// vitest.workspace.ts): each package's own vitest.config.ts is a project, and so are the examples.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "examples/vitest.config.ts"]
  }
})
