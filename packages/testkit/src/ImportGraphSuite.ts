/**
 * The import-graph suite every vendor package runs: what an application bundles to call the
 * vendor holds no test aid. The service module, bundled on its own with esbuild, reads none of
 * `Testing`, `Hostile`, the fake server or the vendor's fake, and no userkit module it reads
 * imports FastCheck or Arbitrary (Effect's `Schema` itself imports FastCheck, for its arbitrary
 * annotations, and tree-shakes it away); through the package barrel, which also exports the
 * fake, none of them adds a byte to the bundle. Nor does Redis: the rate-limit store over it
 * (`@userkit/core/RateLimitRedis`, and `ioredis`) is loaded only by an application that uses it.
 *
 * @since 0.2.0
 */
import { assert, describe, it } from "@effect/vitest"
import * as Bundling from "./Bundling.js"

// The test aids, by the path of their source.
const testAids = [
  /packages\/core\/src\/(Testing|Hostile|FakeServer|MockHttpClient)\.ts$/,
  /packages\/[a-z]+\/src\/Fake\.ts$/,
  /node_modules\/effect\/dist\/esm\/(FastCheck|Arbitrary)\.js$/,
  /node_modules\/fast-check\//
]

const isTestAid = (input: string): boolean => testAids.some((pattern) => pattern.test(input))

const inputsOf = async (contents: string) => {
  const result = await Bundling.bundle(contents)
  const output = Object.values(result.metafile.outputs)[0]
  const inputs = Object.entries(result.metafile.inputs)
  return {
    read: inputs.map(([path]) => path),
    // What userkit's own modules import: a test aid among them is in the graph through userkit.
    importedByUserkit: inputs
      .filter(([path]) => path.startsWith("packages/"))
      .flatMap(([path, input]) => input.imports.map((imported) => `${path} -> ${imported.path}`)),
    bundled: Object.entries(output.inputs).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path)
  }
}

/**
 * Declares the suite for a vendor package, e.g. `importGraphSuite("rockset", "RocksetUsers")`.
 *
 * @since 0.2.0
 * @category suites
 */
export const importGraphSuite = (folder: string, service: string): void => {
  describe("what an application bundles to call the vendor", () => {
    it(`the service module @userkit/${folder}/${service} reads no test aid`, async () => {
      const { importedByUserkit, read } = await inputsOf(`export * from "@userkit/${folder}/${service}"`)
      assert.include(read, `packages/${folder}/src/${service}.ts`)
      assert.deepStrictEqual(read.filter((path) => path.startsWith("packages/") && isTestAid(path)), [])
      assert.deepStrictEqual(importedByUserkit.filter((edge) => isTestAid(edge.split(" -> ")[1])), [])
    }, 30_000)

    it(`the service module @userkit/${folder}/${service} reads neither the Redis store nor ioredis`, async () => {
      const { read } = await inputsOf(`export * from "@userkit/${folder}/${service}"`)
      assert.deepStrictEqual(read.filter((path) => /RateLimitRedis\.ts$|node_modules\/ioredis\//.test(path)), [])
    }, 30_000)

    it(`import { ${service} } from "@userkit/${folder}" bundles no test aid`, async () => {
      const { bundled } = await inputsOf(`export { ${service} } from "@userkit/${folder}"`)
      assert.include(bundled, `packages/${folder}/src/${service}.ts`)
      assert.deepStrictEqual(bundled.filter(isTestAid), [])
    }, 30_000)
  })
}
