/**
 * `npm run readme:check`: every ```ts block of README.md, examples/README.md and
 * packages/<p>/README.md type-checks against the workspace sources, under `strict`,
 * `noUncheckedIndexedAccess` and `exactOptionalPropertyTypes` (the settings a careful
 * application has, stricter than the repository's own).
 *
 * - each block is one module of its own: it imports what it uses;
 * - a block may be skipped only with a reason, in an HTML comment on the line before its fence:
 *   `<!-- readme-check: skip: <why> -->`; a skip without a reason is an error;
 * - the blocks are written to build/readme-check/ and checked as one program; diagnostics in the
 *   workspace sources they import are not this check's business (`npm run typecheck` has them).
 *
 * `npx tsx scripts/check-readme.ts <files>` checks the Markdown files given instead. Prints each
 * error at its README line and exits 1 when there is one.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import ts from "typescript"
import { root } from "./workspace.js"

interface Block {
  readonly readme: string
  /** The 1-based README line of the block's first code line. */
  readonly line: number
  readonly code: string
}

interface Extracted {
  readonly blocks: ReadonlyArray<Block>
  readonly skipped: number
  readonly problems: ReadonlyArray<string>
}

const skipMarker = /^\s*<!--\s*readme-check:\s*skip\s*(?::\s*(.*?))?\s*-->\s*$/
const fence = /^(\s*)(`{3,})\s*(\S*)/

const readmes = (): Array<string> => [
  Path.join(root, "README.md"),
  Path.join(root, "examples", "README.md"),
  ...Fs.readdirSync(Path.join(root, "packages"))
    .map((folder) => Path.join(root, "packages", folder, "README.md"))
    .filter((file) => Fs.existsSync(file))
]

const extract = (readme: string): Extracted => {
  const lines = Fs.readFileSync(readme, "utf8").split("\n")
  const blocks: Array<Block> = []
  const problems: Array<string> = []
  let skipped = 0
  for (let i = 0; i < lines.length; i++) {
    const opening = fence.exec(lines[i] ?? "")
    if (opening === null) continue
    const [, indent = "", ticks = "```", language = ""] = opening
    const end = lines.findIndex((line, j) => j > i && line.trimStart().startsWith(ticks))
    const close = end === -1 ? lines.length : end
    if (language === "ts" || language === "typescript") {
      const marker = skipMarker.exec(lines[i - 1] ?? "")
      const where = `${Path.relative(root, readme)}:${i + 1}`
      if (marker !== null && (marker[1] ?? "") === "") problems.push(`${where}: a skipped block must say why`)
      else if (marker !== null) skipped++
      else {
        const code = lines.slice(i + 1, close).map((line) => line.startsWith(indent) ? line.slice(indent.length) : line)
        blocks.push({ readme, line: i + 2, code: code.join("\n") })
      }
    }
    i = close
  }
  return { blocks, skipped, problems }
}

const outDir = Path.join(root, "build", "readme-check")

const compilerOptions = (): ts.CompilerOptions => {
  const base = ts.readConfigFile(Path.join(root, "tsconfig.base.json"), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, root)
  return {
    ...parsed.options,
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    // A snippet shows a call and may leave its result unused.
    noUnusedLocals: false,
    noUnusedParameters: false,
    noEmit: true,
    composite: false,
    incremental: false,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false
  }
}

const files = process.argv.length > 2 ? process.argv.slice(2).map((file) => Path.resolve(file)) : readmes()
const extracted = files.map(extract)
const blocks = extracted.flatMap((e) => e.blocks)
const problems = extracted.flatMap((e) => e.problems)

Fs.rmSync(outDir, { recursive: true, force: true })
Fs.mkdirSync(outDir, { recursive: true })
const sources = new Map<string, Block>()
blocks.forEach((block, index) => {
  const name = Path.relative(root, block.readme).replace(/[^A-Za-z0-9]+/g, "_")
  const file = Path.join(outDir, `${name}_${index}_line${block.line}.ts`)
  Fs.writeFileSync(file, block.code)
  sources.set(Path.resolve(file), block)
})

const program = ts.createProgram([...sources.keys()], compilerOptions())
const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) =>
  d.file === undefined || sources.has(Path.resolve(d.file.fileName))
)
for (const diagnostic of diagnostics) {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n  ")
  const block = diagnostic.file === undefined ? undefined : sources.get(Path.resolve(diagnostic.file.fileName))
  if (diagnostic.file === undefined || block === undefined || diagnostic.start === undefined) {
    problems.push(`TS${diagnostic.code}: ${message}`)
    continue
  }
  const { character, line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
  problems.push(
    `${Path.relative(root, block.readme)}:${block.line + line}:${character + 1}: TS${diagnostic.code}: ${message}`
  )
}

const skipped = extracted.reduce((n, e) => n + e.skipped, 0)
const summary = `${blocks.length} ts blocks in ${files.length} READMEs type-checked, ${skipped} skipped with a reason`
for (const problem of problems) console.error(problem)
if (problems.length > 0) {
  console.error(`readme:check: ${problems.length} problem(s); ${summary}`)
  process.exit(1)
}
console.log(`readme:check: ${summary}`)
