import * as fs from "node:fs"
import * as path from "node:path"
import type { TestProjectConfiguration } from "vitest/config"

// The project list of `npm test`, imported by vitest.config.ts into `test.projects` (vitest 3.2
// warns when it finds this file on its own, not when the root config imports it).
// Every package under packages/ with a test/ directory is a project, new ones included: its own
// vitest.config.ts when it has one, otherwise the shared config rooted at the package.
const root = path.dirname(new URL(import.meta.url).pathname)

const packageProject = (directory: string): TestProjectConfiguration | undefined => {
  const packageRoot = path.join(root, "packages", directory)
  if (fs.existsSync(path.join(packageRoot, "vitest.config.ts"))) return `packages/${directory}/vitest.config.ts`
  if (!fs.existsSync(path.join(packageRoot, "test"))) return undefined
  const manifest: { readonly name: string } = JSON.parse(
    fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")
  )
  return { extends: "./vitest.shared.ts", test: { name: manifest.name, root: packageRoot } }
}

const packageProjects = fs.readdirSync(path.join(root, "packages"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => packageProject(entry.name))
  .filter((project) => project !== undefined)

export default [...packageProjects, "examples/vitest.config.ts"] satisfies Array<TestProjectConfiguration>
