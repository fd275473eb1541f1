import * as esbuild from "esbuild"
import { builtinModules } from "node:module"
for (const root of ["/work/wt/declaration"]) {
  const r = await esbuild.build({ stdin: { contents: `export * as Effect from "effect/Effect"\nexport { RocksetUsers } from "@userkit/rockset"`, resolveDir: root, loader: "ts" }, absWorkingDir: root, bundle: true, minify: true, format: "esm", platform: "neutral", mainFields: ["module","main"], conditions: ["@userkit/source"], target: "es2022", write: false, metafile: true, logLevel: "silent", external: [...builtinModules, ...builtinModules.map((n) => `node:${n}`)] })
  const out = Object.values(r.metafile.outputs)[0]
  console.log(Object.entries(out.inputs).filter(([p]) => /Stub|core\/src\/Api/.test(p)).map(([p, i]) => `${p}=${i.bytesInOutput}`).join(" "))
}
