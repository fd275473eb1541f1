import { assert, describe, it } from "@effect/vitest"
import * as esbuild from "esbuild"
import { execFileSync } from "node:child_process"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const root = Path.resolve(Path.dirname(fileURLToPath(import.meta.url)), "../../..")

// What the child reports, in bytes of heap still used after a full collection.
interface Measured {
  /** Retained by importing the core barrel, its dependencies already loaded. */
  readonly imported: number
  /** Retained by then reading the catalogue's large body: proof the probe sees megabytes. */
  readonly bigBodyRead: number
}

// The child: load every package the core imports, then the core, then read the large body,
// measuring the heap after a full collection at each step.
const probe = (imports: ReadonlyArray<string>) => `
const settle = async () => {
  for (let i = 0; i < 4; i++) {
    globalThis.gc()
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  return process.memoryUsage().heapUsed
}
for (const name of ${JSON.stringify(imports)}) await import(name)
const start = await settle()
const core = await import("./core.mjs")
const imported = await settle()
const big = core.Hostile.responses.find((hostile) => hostile.body.length > 1_000_000)
const bigBodyRead = (await settle()) - imported
console.log(JSON.stringify({ imported: imported - start, bigBodyRead, kept: big.label }))
`

// Bundles the core barrel as an application would run it (compiled, its packages external) into a
// directory from which those packages resolve, and measures it in a fresh Node with --expose-gc.
const measure = async (): Promise<Measured> => {
  const dir = Fs.mkdtempSync(Path.join(root, "node_modules", ".import-cost-"))
  try {
    const result = await esbuild.build({
      entryPoints: [Path.join(root, "packages/core/src/index.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      outfile: Path.join(dir, "core.mjs"),
      metafile: true,
      logLevel: "silent"
    })
    const imports = new Set<string>()
    for (const output of Object.values(result.metafile.outputs)) {
      for (const imported of output.imports) {
        if (imported.external && !imported.path.startsWith("node:")) imports.add(imported.path)
      }
    }
    Fs.writeFileSync(Path.join(dir, "probe.mjs"), probe([...imports]))
    const out = execFileSync(process.execPath, ["--expose-gc", Path.join(dir, "probe.mjs")], {
      encoding: "utf8",
      timeout: 60_000
    })
    const parsed: Measured = JSON.parse(out)
    return parsed
  } finally {
    Fs.rmSync(dir, { recursive: true, force: true })
  }
}

describe("importing @userkit/core", () => {
  it("retains under 1 MB: the hostile catalogue's large body is built only when read", async () => {
    const { bigBodyRead, imported } = await measure()
    assert.isBelow(imported, 1_000_000, `importing the core retained ${imported} bytes`)
    assert.isAbove(bigBodyRead, 8_000_000, `reading the large body retained only ${bigBodyRead} bytes`)
  }, 60_000)
})
