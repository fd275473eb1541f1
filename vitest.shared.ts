import { defineConfig } from "vitest/config"

// Shared by every package: tests live in test/, run concurrently, and create their own state.
// `@userkit/source` makes the workspace packages resolve to their TypeScript sources (their
// `exports` point at `dist/` otherwise); the other three are Vite's default server conditions.
export default defineConfig({
  ssr: { resolve: { conditions: ["@userkit/source", "module", "node", "development|production"] } },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: [new URL("./vitest.setup.ts", import.meta.url).pathname],
    sequence: { concurrent: true }
  }
})
