// In front of the four vendor fakes: counts every removal that reaches them, per action, and lets
// a test kill a child process on a chosen request, before or after the vendor's answer.
import type * as Fakes from "@userkit/directory/Fakes"
import type * as Plan from "@userkit/directory/Plan"
import * as Effect from "effect/Effect"
import * as http from "node:http"

export type Kill = "before-answer" | "after-answer" | undefined

const vendors = ["rockset", "authress", "astronomer", "tiledb"] as const

// In front of the four fakes: counts every removal (DELETE) that reaches them, per vendor and
// path, and lets the test kill the child on a chosen request, before or after it is answered.
export class Proxy {
  readonly deletes: Array<{ readonly vendor: string; readonly path: string }> = []
  requests = 0
  /** Asked on every request: whether to kill the child before or after answering it. */
  onRequest: (count: number) => Kill = () => undefined
  onKill: () => void = () => {}
  /** How long each removal's answer is held back: keeps a run in flight long enough to die in. */
  removalDelayMillis = 0
  constructor(readonly urls: Fakes.BaseUrls, readonly port: number) {}
  get proxied(): Fakes.BaseUrls {
    const via = (vendor: typeof vendors[number]) =>
      `http://127.0.0.1:${this.port}/${vendor}${new URL(this.urls[vendor]).pathname.replace(/\/$/, "")}`
    return { rockset: via("rockset"), authress: via("authress"), astronomer: via("astronomer"), tiledb: via("tiledb") }
  }
  /** The removals of one action that reached its vendor. */
  sent(action: Plan.Action): number {
    return this.deletes.filter(({ path, vendor }) => {
      if (vendor !== action.vendor.toLowerCase() || !path.split("/").includes(action.target)) return false
      // Astronomer removes a person from a workspace and from the organization by the same user id.
      const workspace = /\/workspaces\/([^/]+)\//.exec(path)?.[1]
      return action.vendor !== "Astronomer" ||
        workspace === (action.scope.type === "workspace" ? action.scope.id : undefined)
    }).length
  }
}

export const serveProxy = (urls: Fakes.BaseUrls) =>
  Effect.acquireRelease(
    Effect.async<{ readonly proxy: Proxy; readonly server: http.Server }>((resume) => {
      let proxy: Proxy | undefined
      const server = http.createServer((request, response) => {
        if (proxy === undefined) {
          response.destroy()
          return
        }
        const self = proxy
        const [, vendor = "", ...rest] = (request.url ?? "").split("/")
        const origin = vendors.find((known) => known === vendor)
        const path = `/${rest.join("/")}`
        const kill = self.onRequest(++self.requests)
        if (request.method === "DELETE") {
          self.deletes.push({ vendor, path: decodeURIComponent(path.replace(/\?.*$/, "")) })
        }
        const chunks: Array<Buffer> = []
        request.on("data", (chunk: Buffer) => chunks.push(chunk))
        request.on("end", () => {
          const headers = new Headers()
          for (const [name, value] of Object.entries(request.headers)) {
            if (typeof value === "string" && name !== "host" && name !== "connection") headers.set(name, value)
          }
          fetch(`${new URL(self.urls[origin ?? "rockset"]).origin}${path}`, {
            method: request.method ?? "GET",
            headers,
            ...(chunks.length === 0 ? {} : { body: Buffer.concat(chunks) })
          }).then(async (answer) => {
            const body = Buffer.from(await answer.arrayBuffer())
            if (kill === "before-answer") {
              // The vendor acted, but its answer never reaches the child.
              self.onKill()
              response.destroy()
              return
            }
            const out: Record<string, string> = {}
            answer.headers.forEach((value, name) => {
              if (name !== "content-length" && name !== "content-encoding" && name !== "transfer-encoding") {
                out[name] = value
              }
            })
            const answerNow = () => {
              response.writeHead(answer.status, out).end(body)
              if (kill === "after-answer") setTimeout(() => self.onKill(), Math.random() * 15)
            }
            if (request.method === "DELETE" && self.removalDelayMillis > 0) {
              setTimeout(answerNow, self.removalDelayMillis)
            } else answerNow()
          }, () => response.destroy())
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const address = server.address()
        proxy = new Proxy(urls, typeof address === "object" && address !== null ? address.port : 0)
        resume(Effect.succeed({ proxy, server }))
      })
    }),
    ({ server }) => Effect.promise(() => new Promise((resolve) => server.close(resolve)))
  )
