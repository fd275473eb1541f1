import { defineConfig } from "vitest/config"

// Shared by every package: tests live in test/, run concurrently, and create their own state.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: [new URL("./vitest.setup.ts", import.meta.url).pathname],
    sequence: { concurrent: true }
  }
})
