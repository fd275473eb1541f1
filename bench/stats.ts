/**
 * Timing and the figures the tables print: samples in nanoseconds, medians and 99th percentiles,
 * and the interleaving that keeps a shared machine's drift from favouring one contender.
 */

/** Sorted samples, in nanoseconds. */
export interface Samples {
  readonly sorted: Float64Array
}

/** The value below which `q` (0..1) of the samples fall (nearest rank). */
export const quantile = (samples: Samples, q: number): number => {
  const { sorted } = samples
  if (sorted.length === 0) return Number.NaN
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[rank]
}

/** The median. */
export const median = (samples: Samples): number => quantile(samples, 0.5)

/** The 99th percentile. */
export const p99 = (samples: Samples): number => quantile(samples, 0.99)

/** Collects samples, then sorts them once. */
export class Recorder {
  private values: Array<number> = []
  add(ns: number): void {
    this.values.push(ns)
  }
  samples(): Samples {
    const sorted = Float64Array.from(this.values)
    sorted.sort()
    return { sorted }
  }
}

/** Nanoseconds since an arbitrary origin. */
export const now = (): number => Number(process.hrtime.bigint())

/** A contender: one call, timed on its own. */
export interface Contender {
  readonly name: string
  readonly call: () => Promise<unknown>
}

/**
 * Times every contender's calls one at a time: `warmup` calls each first (JIT, connection pools),
 * then `rounds` rounds in which each contender makes `perRound` calls, so that a slow spell of the
 * machine lands on all contenders alike rather than on whichever ran then.
 */
export const interleaved = async (
  contenders: ReadonlyArray<Contender>,
  options: { readonly warmup: number; readonly rounds: number; readonly perRound: number }
): Promise<Map<string, Samples>> => {
  for (const contender of contenders) {
    for (let i = 0; i < options.warmup; i++) await contender.call()
  }
  const recorders = new Map(contenders.map((c) => [c.name, new Recorder()]))
  for (let round = 0; round < options.rounds; round++) {
    // Rotate the order each round too: no contender always runs right after the same one.
    for (let k = 0; k < contenders.length; k++) {
      const contender = contenders[(k + round) % contenders.length]
      const recorder = recorders.get(contender.name)
      for (let i = 0; i < options.perRound; i++) {
        const start = now()
        await contender.call()
        recorder?.add(now() - start)
      }
    }
  }
  return new Map([...recorders].map(([name, recorder]) => [name, recorder.samples()]))
}

/** Formats nanoseconds with a unit that keeps three significant digits. */
export const formatNs = (ns: number): string => {
  if (!Number.isFinite(ns)) return "n/a"
  if (ns < 1e3) return `${ns.toFixed(0)} ns`
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`
  return `${(ns / 1e9).toPrecision(3)} s`
}

/** Formats bytes. */
export const formatBytes = (bytes: number): string => {
  if (!Number.isFinite(bytes)) return "n/a"
  if (Math.abs(bytes) < 1024) return `${bytes} B`
  if (Math.abs(bytes) < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A ratio, to two decimals. */
export const ratio = (value: number, base: number): string =>
  Number.isFinite(value) && Number.isFinite(base) && base > 0 ? `${(value / base).toFixed(2)}x` : "n/a"

/** Prints a table with aligned columns. */
export const table = (
  title: string,
  head: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>
): string => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(" | ")} |`
  return [
    `\n### ${title}\n`,
    line(head),
    `|${widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`,
    ...rows.map(line)
  ].join("\n")
}
