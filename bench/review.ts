/**
 * The access review over the directory's served fakes, quotas off: `directory.accessReview()`
 * (every vendor listed concurrently, TileDB through its Organization API) against each
 * vendor's listing alone (a directory of that one vendor, its `users` stream drained), all over
 * `UndiciHttpClient`. The fakes are served on 127.0.0.1 by processes of their own (fakes.ts), one
 * per vendor as the vendors are separate servers, like the loopback server of the other measures;
 * this process makes the same organisation only for the directory's options (it is deterministic).
 */
import * as Coverage from "@userkit/directory/Coverage"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import { UndiciHttpClient } from "@userkit/undici"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { fork } from "node:child_process"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { type Contender, interleaved, median, type Samples } from "./stats.js"

const here = Path.dirname(fileURLToPath(import.meta.url))

const isBaseUrls = (value: unknown): value is Fakes.BaseUrls =>
  typeof value === "object" && value !== null && "rockset" in value && "authress" in value &&
  "astronomer" in value && "tiledb" in value

/** The fakes in a process of their own, until `stop`. */
const serveFakes = (people: number): Promise<{ readonly urls: Fakes.BaseUrls; readonly stop: () => void }> =>
  new Promise((resolve, reject) => {
    const child = fork(Path.join(here, "fakes.ts"), [String(people)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    process.on("exit", () => child.kill())
    child.once("message", (message: unknown) => {
      const urls: unknown = Reflect.get(Object(message), "urls")
      if (isBaseUrls(urls)) resolve({ urls, stop: () => child.kill() })
      else reject(new Error("the fakes did not report their URLs"))
    })
    child.once("exit", (code) => reject(new Error(`the fakes exited (${code})`)))
  })

/**
 * Each vendor's fake answered by a process of its own, as the vendors are separate servers: four
 * processes serve the whole organisation, and each vendor's client is pointed at its own one.
 */
const serveEachVendor = async (people: number) => {
  const served = await Promise.all([1, 2, 3, 4].map(() => serveFakes(people)))
  const [rockset, authress, astronomer, tiledb] = served.map((s) => s.urls)
  if (rockset === undefined || authress === undefined || astronomer === undefined || tiledb === undefined) {
    throw new Error("four processes were started")
  }
  return {
    urls: {
      rockset: rockset.rockset,
      authress: authress.authress,
      astronomer: astronomer.astronomer,
      tiledb: tiledb.tiledb
    },
    stop: () => served.forEach((s) => s.stop())
  }
}

/** People in each listing vendor: 1,000 make an access review of 4,410 rows. */
export const reviewPeople = 1000

type Vendor = "rockset" | "authress" | "astronomer" | "tiledb"

/** The review and the listings, timed in interleaved rounds; the fakes stop when it returns. */
export const measureReview = async () => {
  const fakes = await serveEachVendor(reviewPeople)
  try {
    const organisation = await Effect.runPromise(Fakes.make({ people: reviewPeople }))
    const layers = Fakes.clients(fakes.urls, { rockset: false, authress: false, astronomer: false, tiledb: false })
    const vendors = Layer.mergeAll(
      layers.rockset,
      Layer.orDie(layers.authress),
      layers.astronomer,
      layers.tiledb
    ).pipe(Layer.provide(UndiciHttpClient.layer))
    const runtime = ManagedRuntime.make(vendors)
    const directoryOf = (options: Directory.Options) => runtime.runPromise(Directory.make(options))
    const everything = await directoryOf(organisation.directory)
    const alone = {
      rockset: await directoryOf({ rockset: organisation.directory.rockset }),
      authress: await directoryOf({ authress: organisation.directory.authress }),
      astronomer: await directoryOf({ astronomer: organisation.directory.astronomer }),
      tiledb: await directoryOf({ tiledb: organisation.directory.tiledb })
    }
    const review = await runtime.runPromise(everything.accessReview())
    if (!Coverage.isComplete(review.coverage)) {
      throw new Error(`the review is not complete: ${JSON.stringify(review.coverage)}`)
    }
    const listing = (vendor: Vendor) => () => runtime.runPromise(Stream.runDrain(alone[vendor].users))
    const contenders: ReadonlyArray<Contender> = [
      {
        name: `access review (${review.rows.length.toLocaleString("en")} rows)`,
        call: () => runtime.runPromise(everything.accessReview())
      },
      { name: "Rockset listing alone", call: listing("rockset") },
      { name: "Authress listing alone", call: listing("authress") },
      { name: "Astronomer listing alone", call: listing("astronomer") },
      { name: "TileDB listing alone", call: listing("tiledb") }
    ]
    const samples = await interleaved(contenders, { warmup: 1, rounds: 5, perRound: 1 })
    await runtime.dispose()
    const of = (name: string): Samples => samples.get(name) ?? { sorted: new Float64Array() }
    const listings = contenders.slice(1).map((c) => ({ name: c.name, median: median(of(c.name)) }))
    const slowest = listings.reduce((a, b) => (b.median > a.median ? b : a))
    return { rows: review.rows.length, contenders, of, slowest, review: median(of(contenders[0].name)) }
  } finally {
    fakes.stop()
  }
}
