/**
 * `npm run pack:check`: proves the packages install and work as published.
 *
 * 1. builds every package (`dist/`: ESM, `.d.ts`, source maps);
 * 2. lints each package's manifest and files with publint (strict: warnings fail), and checks
 *    its types resolve with @arethetypeswrong/cli (ESM-only profile: the packages are ESM and
 *    need Node 20.19, so CommonJS `require` and `node10` resolution are out of scope);
 * 3. `npm pack`s each package into a temporary directory;
 * 4. creates a scratch project outside the repository, installs the tarballs plus `effect` and
 *    `@effect/platform` from the registry (the packages' peer ranges), type-checks
 *    `scripts/consumer/app.ts` there (strict, `moduleResolution: NodeNext`, no `skipLibCheck`,
 *    no ambient types) and runs it: each vendor's service over its fake; then the same for
 *    `scripts/consumer/node.ts` with Node's types (`@types/node`, as any Node program has them):
 *    `@userkit/undici` over a real socket;
 * 5. runs the installed `userkit` executable there as a user would: `npx userkit --help` (exit 0,
 *    the usage and the environment variables), `npx userkit --version` (the package's version)
 *    and `npx userkit demo` (the offboarding demo on its fakes, exit 0);
 * 6. removes the temporary directory, whatever happened.
 *
 * Everything in the scratch project runs without the `@userkit/source` condition, as a
 * consumer's would.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { build } from "./build.js"
import { bin, packages, root, run } from "./workspace.js"

// npm exports its configuration to the scripts it runs; a child `npm install` in the scratch
// project must find its own project, and nothing may resolve the packages' TypeScript sources.
const scratchEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (
      key === "NODE_OPTIONS" || key === "INIT_CWD" || key === "npm_config_node_options" ||
      key === "npm_config_local_prefix" || key.startsWith("npm_package_") || key.startsWith("npm_lifecycle_")
    ) continue
    env[key] = value
  }
  return env
}

const step = (title: string) => console.log(`\n== ${title}`)

const readJson = (file: string): unknown => JSON.parse(Fs.readFileSync(file, "utf8"))

/** The range of a package the repository develops against (for the Node program: `@types/node`, `undici`). */
const devRange = (name: string): string => {
  const range: unknown = Object(Object(readJson(Path.join(root, "package.json"))).devDependencies)[name]
  if (typeof range !== "string") throw new Error(`the root package.json has no ${name}`)
  return range
}

const peerRanges = (): Record<string, string> => {
  const manifest = readJson(Path.join(root, "packages", "core", "package.json"))
  if (typeof manifest !== "object" || manifest === null || !("peerDependencies" in manifest)) {
    throw new Error("@userkit/core declares no peerDependencies")
  }
  const peers: Record<string, string> = {}
  for (const [name, range] of Object.entries(Object(manifest.peerDependencies))) {
    if (typeof range === "string") peers[name] = range
  }
  return peers
}

// attw does not expand a wildcard subpath (`./*`), so every module is named explicitly.
const subpathEntrypoints = (dir: string): Array<string> =>
  Fs.readdirSync(Path.join(dir, "src"))
    .filter((file) => file.endsWith(".ts") && file !== "index.ts")
    .map((file) => `./${file.slice(0, -".ts".length)}`)

interface Packed {
  readonly name: string
  readonly tarball: string
  readonly files: number
  readonly size: number
}

const pack = (dir: string, destination: string): Packed => {
  const { stdout } = run("npm", ["pack", dir, "--pack-destination", destination, "--json", "--ignore-scripts"], {
    capture: true
  })
  const parsed: unknown = JSON.parse(stdout)
  const entry: unknown = Array.isArray(parsed) ? parsed[0] : undefined
  if (typeof entry !== "object" || entry === null) throw new Error(`npm pack ${dir}: no result`)
  const field = (key: string): unknown => (key in entry ? Object(entry)[key] : undefined)
  const filename = field("filename")
  const files = field("files")
  const size = field("size")
  const name = field("name")
  if (typeof filename !== "string" || !Array.isArray(files) || typeof size !== "number" || typeof name !== "string") {
    throw new Error(`npm pack ${dir}: unexpected output`)
  }
  const paths = files.map((file: unknown) => (typeof file === "object" && file !== null ? Object(file).path : ""))
  for (const required of ["package.json", "dist/index.js", "dist/index.d.ts", "dist/index.js.map"]) {
    if (!paths.includes(required)) throw new Error(`${name}: the tarball has no ${required}`)
  }
  const stray = paths.filter((path) => /(^|\/)(test|build)\/|tsbuildinfo$/.test(String(path)))
  if (stray.length > 0) throw new Error(`${name}: the tarball holds ${stray.join(", ")}`)
  return { name, tarball: Path.join(destination, filename), files: files.length, size }
}

const consumerTsconfig = {
  compilerOptions: {
    strict: true,
    target: "ES2022",
    lib: ["ES2022", "DOM"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    verbatimModuleSyntax: true,
    skipLibCheck: false,
    types: [],
    outDir: "out"
  },
  files: ["app.ts"]
}

// The Node program: the same settings with Node's types, which undici's own declarations need.
const nodeTsconfig = {
  compilerOptions: { ...consumerTsconfig.compilerOptions, types: ["node"] },
  files: ["node.ts"]
}

const main = () => {
  const started = Date.now()
  const temp = Fs.mkdtempSync(Path.join(Os.tmpdir(), "userkit-pack-"))
  const cleanUp = () => Fs.rmSync(temp, { recursive: true, force: true })
  process.once("SIGINT", () => {
    cleanUp()
    process.exit(130)
  })
  try {
    step("build")
    build()
    console.log(`built ${packages.length} packages`)

    step("publint (strict)")
    for (const pkg of packages) {
      const { stdout } = run(bin("publint"), ["run", pkg.dir, "--strict"], { capture: true, env: scratchEnv() })
      const verdict = stdout.includes("All good!") ? "All good!" : stdout.trim().split("\n").slice(-1)[0]
      console.log(`${pkg.name}: ${verdict}`)
    }

    step("npm pack")
    const tarballs = Path.join(temp, "tarballs")
    Fs.mkdirSync(tarballs)
    const packed = packages.map((pkg) => pack(pkg.dir, tarballs))
    for (const p of packed) {
      console.log(`${p.name}: ${Path.basename(p.tarball)}, ${p.files} files, ${(p.size / 1024).toFixed(1)} kB`)
    }

    step("are the types wrong (attw, ESM-only profile)")
    for (const [index, pkg] of packages.entries()) {
      const result = run(
        bin("attw"),
        [
          packed[index].tarball,
          "--profile",
          "esm-only",
          "--format",
          "table-flipped",
          "--no-color",
          "--no-definitely-typed",
          "--include-entrypoints",
          ...subpathEntrypoints(pkg.dir)
        ],
        { capture: true, allowFailure: true, env: scratchEnv() }
      )
      if (result.status !== 0) throw new Error(`attw ${pkg.name} failed:\n${result.stdout}${result.stderr}`)
      const entrypoints = subpathEntrypoints(pkg.dir).length + 1
      console.log(`${pkg.name}: no problems (${entrypoints} entrypoints, node16 from ESM and bundler)`)
    }

    step("scratch project outside the repository")
    const app = Path.join(temp, "app")
    Fs.mkdirSync(app)
    const dependencies: Record<string, string> = {
      ...peerRanges(),
      "@types/node": devRange("@types/node"),
      undici: devRange("undici")
    }
    for (const p of packed) dependencies[p.name] = `file:${p.tarball}`
    Fs.writeFileSync(
      Path.join(app, "package.json"),
      JSON.stringify({ name: "userkit-consumer", private: true, type: "module", dependencies }, null, 2)
    )
    Fs.writeFileSync(Path.join(app, "tsconfig.json"), JSON.stringify(consumerTsconfig, null, 2))
    Fs.writeFileSync(Path.join(app, "tsconfig.node.json"), JSON.stringify(nodeTsconfig, null, 2))
    for (const file of ["app.ts", "node.ts"]) {
      Fs.copyFileSync(Path.join(root, "scripts", "consumer", file), Path.join(app, file))
    }
    console.log(`${app}: ${Object.keys(dependencies).sort().join(", ")}`)
    run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
      cwd: app,
      env: scratchEnv()
    })
    const installed = packed.map((p) => {
      const manifest = readJson(Path.join(app, "node_modules", p.name, "package.json"))
      return `${p.name}@${String(Object(manifest).version)}`
    })
    const effectVersions = ["effect", "@effect/platform"].map((name) =>
      `${name}@${String(Object(readJson(Path.join(app, "node_modules", name, "package.json"))).version)}`
    )
    console.log(`installed ${[...installed, ...effectVersions].join(", ")}`)
    // One copy of core: the vendors' dependency is satisfied by the top-level tarball.
    const nested = packages.filter((pkg) =>
      Fs.existsSync(Path.join(app, "node_modules", pkg.name, "node_modules", "@userkit", "core"))
    )
    if (nested.length > 0) throw new Error(`a second @userkit/core under ${nested.map((p) => p.name).join(", ")}`)

    step("tsc (strict, NodeNext, skipLibCheck: false) in the scratch project")
    run(bin("tsc"), ["-p", "tsconfig.json"], { cwd: app, env: scratchEnv() })
    run(bin("tsc"), ["-p", "tsconfig.node.json"], { cwd: app, env: scratchEnv() })
    console.log("type-check: no errors (app.ts without ambient types, node.ts with Node's)")

    step("run the consumer programs")
    run(process.execPath, [Path.join(app, "out", "app.js")], { cwd: app, env: scratchEnv() })
    run(process.execPath, [Path.join(app, "out", "node.js")], { cwd: app, env: scratchEnv() })

    step("the installed userkit executable (npx userkit)")
    const userkit = (args: ReadonlyArray<string>) =>
      run("npx", ["--no-install", "userkit", ...args], { cwd: app, env: scratchEnv(), capture: true })
    const help = userkit(["--help"])
    for (const expected of ["USAGE", "offboard", "audit", "ROCKSET_APIKEY", "EXIT CODES"]) {
      if (!help.stdout.includes(expected)) {
        throw new Error(`npx userkit --help does not say ${expected}:\n${help.stdout}`)
      }
    }
    const cliVersion = String(Object(readJson(Path.join(root, "packages", "cli", "package.json"))).version)
    const printed = userkit(["--version"]).stdout.trim()
    if (printed !== cliVersion) throw new Error(`npx userkit --version printed ${printed}, not ${cliVersion}`)
    const demo = userkit(["demo"])
    if (!demo.stdout.includes("Offboarding report")) {
      throw new Error(`npx userkit demo printed no report:\n${demo.stdout}`)
    }
    console.log(`npx userkit --help, --version (${printed}) and demo: exit 0`)

    console.log(`\npack-and-install check passed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    cleanUp()
    if (Fs.existsSync(temp)) console.error(`could not remove ${temp}`)
  }
}

main()
