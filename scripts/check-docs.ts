/**
 * `npm run docs:check`: every public module and every export of the packages is documented.
 *
 * - each module under `packages/<p>/src` (except `internal/`) opens with a JSDoc block that has
 *   `@since`;
 * - each exported declaration (`const`, `function`, `class`, `interface`, `type`, and each
 *   `export { … } from` list) has a JSDoc block with `@since` and `@category`;
 * - the barrels' `export * as X from "./X.js"` are documented by the module they name.
 *
 * `npx tsx scripts/check-docs.ts <files>` checks the files given instead.
 *
 * Prints each omission with its file and line and exits 1 when there is one; fast (it parses,
 * it does not type-check), so CI runs it. `npm run docs` renders the same JSDoc with TypeDoc.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import ts from "typescript"
import { packages, root } from "./workspace.js"

const sourceFiles = (dir: string): Array<string> =>
  Fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = Path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "internal" ? [] : sourceFiles(path)
    return entry.name.endsWith(".ts") ? [path] : []
  })

const tagsOf = (node: ts.Node): ReadonlySet<string> => new Set(ts.getJSDocTags(node).map((tag) => tag.tagName.text))

const isExported = (node: ts.Node): boolean =>
  ts.canHaveModifiers(node) &&
  (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)

const nameOf = (statement: ts.Statement): string => {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.map((d) => d.name.getText()).join(", ")
  }
  if (ts.isExportDeclaration(statement)) {
    const clause = statement.exportClause
    return clause === undefined ? "*" : ts.isNamespaceExport(clause) ? clause.name.text : clause.getText()
  }
  if (
    (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement) || ts.isModuleDeclaration(statement)) &&
    statement.name !== undefined
  ) {
    return statement.name.getText()
  }
  return ts.SyntaxKind[statement.kind]
}

const hasModuleDoc = (file: ts.SourceFile): boolean => {
  // The module's doc is the first JSDoc block of the file, attached by the parser to the first
  // statement (an import, usually).
  const first = file.statements[0]
  if (first === undefined) return false
  const docs = ts.getJSDocCommentsAndTags(first).filter(ts.isJSDoc)
  return docs.length > 0 && (docs[0].tags ?? []).some((tag) => tag.tagName.text === "since")
}

const problems: Array<string> = []
let exportsChecked = 0
let modulesChecked = 0

// Files given on the command line are checked instead of the packages' (to try the check itself).
const files = process.argv.length > 2
  ? process.argv.slice(2).map((file) => Path.resolve(file))
  : packages.flatMap((pkg) => sourceFiles(Path.join(pkg.dir, "src")))

{
  for (const path of files) {
    const file = ts.createSourceFile(path, Fs.readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true)
    const where = (node: ts.Node) =>
      `${Path.relative(root, path)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
    modulesChecked++
    if (!hasModuleDoc(file)) problems.push(`${Path.relative(root, path)}: the module has no JSDoc with @since`)
    // Overloads share the JSDoc of their first signature.
    const documentedFunctions = new Set<string>()
    for (const statement of file.statements) {
      if (ts.isExportDeclaration(statement)) {
        const clause = statement.exportClause
        if (clause !== undefined && ts.isNamespaceExport(clause)) {
          exportsChecked++
          const target = statement.moduleSpecifier
          const module = target !== undefined && ts.isStringLiteral(target)
            ? Path.resolve(Path.dirname(path), target.text.replace(/\.js$/, ".ts"))
            : undefined
          if (module === undefined || !Fs.existsSync(module)) {
            problems.push(`${where(statement)}: export * as ${clause.name.text} names no module of this package`)
          }
          continue
        }
        if (statement.moduleSpecifier === undefined && clause === undefined) continue
      } else if (!isExported(statement)) continue
      exportsChecked++
      const tags = tagsOf(statement)
      const name = nameOf(statement)
      if (ts.isFunctionDeclaration(statement) && statement.body === undefined) {
        if (tags.has("since")) documentedFunctions.add(name)
      }
      if (ts.isFunctionDeclaration(statement) && documentedFunctions.has(name)) continue
      const missing = ["since", "category"].filter((tag) => !tags.has(tag))
      if (missing.length > 0) {
        problems.push(`${where(statement)}: ${name} has no ${missing.map((t) => `@${t}`).join(", ")}`)
      }
    }
  }
}

for (const problem of problems) console.log(problem)
console.log(
  `docs:check: ${modulesChecked} modules, ${exportsChecked} exports in ${packages.length} packages; ` +
    `${problems.length === 0 ? "every one documented with @since (and @category)" : `${problems.length} undocumented`}`
)
process.exitCode = problems.length === 0 ? 0 : 1
