/**
 * One streaming run, in a process of its own (started by run.ts with `--expose-gc`) so that its
 * memory is its own: 100,000 users through Authress's cursor or Astronomer's offset pagination,
 * by userkit's `Stream` over one transport, or by a plain `fetch` or undici loop. The live heap is read after a full GC every
 * 10,000 users: constant memory means the last reading is no higher than the first.
 *
 * Usage: node --expose-gc --import tsx bench/stream.ts <origin> <authress|astronomer> <mode>
 * where mode is `fetch`, `undici` (plain loops), `effect-undici` (Effect's floor: the plain undici pages as
 * a `Stream.paginateChunkEffect`, nothing decoded) or `userkit-undici`, `userkit-fetch`, `userkit-platformNode`.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { plainFetch, rawUndici, transportOf, userkitRuntime, userkitServices } from "./clients.js"
import * as Data from "./data.js"
import { now } from "./stats.js"

const [origin = "", vendor = "", mode = ""] = process.argv.slice(2)
// Started by run.ts: if it goes away, so does this run.
process.on("disconnect", () => process.exit(1))
const pageSize = 100
const sampleEvery = 10_000

const collectGarbage: unknown = Reflect.get(globalThis, "gc")
const heapAfterGc = (): number => {
  if (typeof collectGarbage === "function") collectGarbage()
  return process.memoryUsage().heapUsed
}

const heap: Array<number> = []
let count = 0
const seen = (): void => {
  count++
  if (count % sampleEvery === 0) heap.push(heapAfterGc())
}

const viaUserkit = async (): Promise<void> => {
  const runtime = userkitRuntime(origin, transportOf(mode.slice("userkit-".length)).layer)
  const services = await userkitServices(runtime)
  const stream: Stream.Stream<unknown, unknown> = vendor === "authress"
    ? services.authress.getUsersStream({ limit: pageSize })
    : services.astronomer.listOrgUsersStream("org-1", { limit: pageSize })
  await runtime.runPromise(Stream.runForEach(stream, () => Effect.sync(seen)))
  await runtime.dispose()
}

// The page requests of the plain loops: the users of a page, and the next page's request if any.
const authressPage = (cursor: string | undefined) =>
  `${origin}/authress/v1/users?limit=${pageSize}${cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`}`
const astronomerPage = (offset: number) =>
  `${origin}/astronomer/organizations/org-1/users?offset=${offset}&limit=${pageSize}`

const viaEffect = async (): Promise<void> => {
  const client = rawUndici(origin)
  const runtime = ManagedRuntime.make(Layer.empty)
  const usersOf = (page: unknown): ReadonlyArray<unknown> => {
    const users: unknown = Reflect.get(Object(page), "users")
    return Array.isArray(users) ? users : []
  }
  const stream: Stream.Stream<unknown> = vendor === "authress"
    ? Stream.paginateChunkEffect<string | undefined, unknown, never, never>(
      undefined,
      (cursor) =>
        Effect.promise(() =>
          client.get(authressPage(cursor), { accept: "application/links+json", authorization: `Bearer secret` })
        ).pipe(Effect.map((page) => {
          const next: unknown = Reflect.get(
            Object(Reflect.get(Object(Reflect.get(Object(page), "pagination")), "next")),
            "cursor"
          )
          return [Chunk.unsafeFromArray(usersOf(page)), typeof next === "string" ? Option.some(next) : Option.none()]
        }))
    )
    : Stream.paginateChunkEffect(
      0,
      (offset) =>
        Effect.promise(() =>
          client.get(astronomerPage(offset), { accept: "application/json", authorization: `Bearer secret` })
        ).pipe(Effect.map((page) => {
          const users = usersOf(page)
          const total: unknown = Reflect.get(Object(page), "totalCount")
          const next = offset + users.length
          return [
            Chunk.unsafeFromArray(users),
            users.length === 0 || typeof total !== "number" || next >= total ? Option.none() : Option.some(next)
          ]
        }))
    )
  await runtime.runPromise(Stream.runForEach(stream, () => Effect.sync(seen)))
  await runtime.dispose()
  await client.close()
}

const viaLoop = async (client: ReturnType<typeof plainFetch>): Promise<void> => {
  if (vendor === "authress") {
    let cursor: string | undefined = undefined
    do {
      const page = await client.get(authressPage(cursor), {
        accept: "application/links+json",
        authorization: `Bearer secret`
      })
      const users: unknown = Reflect.get(Object(page), "users")
      if (Array.isArray(users)) { for (const _ of users) seen() }
      const next: unknown = Reflect.get(
        Object(Reflect.get(Object(Reflect.get(Object(page), "pagination")), "next")),
        "cursor"
      )
      cursor = typeof next === "string" ? next : undefined
    } while (cursor !== undefined)
    return
  }
  let offset = 0
  for (;;) {
    const page = await client.get(astronomerPage(offset), {
      accept: "application/json",
      authorization: `Bearer secret`
    })
    const users: unknown = Reflect.get(Object(page), "users")
    const total: unknown = Reflect.get(Object(page), "totalCount")
    if (!Array.isArray(users) || users.length === 0) break
    for (const _ of users) seen()
    offset += users.length
    if (typeof total !== "number" || offset >= total) break
  }
}

const main = async () => {
  const baseline = heapAfterGc()
  const start = now()
  if (mode.startsWith("userkit-")) await viaUserkit()
  else if (mode === "effect-undici") await viaEffect()
  else if (mode === "undici") {
    const client = rawUndici(origin)
    await viaLoop(client)
    await client.close()
  } else await viaLoop(plainFetch(origin))
  const elapsed = now() - start
  if (count !== Data.streamTotal) throw new Error(`streamed ${count} users, expected ${Data.streamTotal}`)
  process.stdout.write(
    JSON.stringify({
      vendor,
      mode,
      count,
      elapsedNs: elapsed,
      baselineHeap: baseline,
      heap,
      maxRssKb: process.resourceUsage().maxRSS
    }) + "\n"
  )
}

// Exits explicitly: the IPC channel the `disconnect` listener holds would keep the process alive.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  }
)
