import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as FakeServer from "@userkit/core/FakeServer"
import * as Directory from "@userkit/directory/Directory"
import * as Fakes from "@userkit/directory/Fakes"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Http from "node:http"

/** The fakes of an organisation, by the key its options use. */
export type VendorKey = "rockset" | "authress" | "astronomer" | "tiledb"

/** A request as a fault sees it. */
export interface Seen {
  readonly vendor: VendorKey
  readonly method: string
  readonly url: URL
}

/**
 * What a fault does with one request: let the fake answer, answer in its place (the fake never
 * sees the request), let the fake act but answer something else (the answer is lost), or never
 * answer (before or after the fake acted).
 */
export type Verdict =
  | { readonly _tag: "Forward" }
  | {
    readonly _tag: "Answer"
    readonly status: number
    readonly body?: string
    readonly headers?: Record<string, string>
  }
  | { readonly _tag: "LoseAnswer"; readonly status: number }
  | { readonly _tag: "Hang" }
  | { readonly _tag: "HangAfterForward" }

export type Fault = (request: Seen) => Effect.Effect<Verdict>

export const forward: Verdict = { _tag: "Forward" }
export const answer = (status: number, body?: string, headers?: Record<string, string>): Verdict => ({
  _tag: "Answer",
  status,
  ...(body === undefined ? {} : { body }),
  ...(headers === undefined ? {} : { headers })
})

const response = (
  verdict: { readonly status: number; readonly body?: string; readonly headers?: Record<string, string> }
) =>
  new Response(verdict.status === 204 || verdict.status === 202 ? null : (verdict.body ?? ""), {
    status: verdict.status,
    headers: verdict.headers ?? {}
  })

/** An in-process fake behind a fault. */
export const faulty = (fake: HttpClient.HttpClient, vendor: VendorKey, fault: Fault): HttpClient.HttpClient =>
  HttpClient.make((request, url) =>
    Effect.flatMap(fault({ vendor, method: request.method, url }), (verdict) => {
      switch (verdict._tag) {
        case "Forward":
          return fake.execute(request)
        case "Answer":
          return Effect.succeed(HttpClientResponse.fromWeb(request, response(verdict)))
        case "LoseAnswer":
          return Effect.as(fake.execute(request), HttpClientResponse.fromWeb(request, response(verdict)))
        case "Hang":
          return Effect.never
        case "HangAfterForward":
          return Effect.zipRight(fake.execute(request), Effect.never)
      }
    })
  )

/** The directory over an organisation's fakes, each behind the fault, in-process, clients without limits. */
export const directoryWithFaults = (
  organisation: Fakes.Organisation,
  fault: Fault,
  options: Partial<Directory.Options> = {}
) => {
  const clients = Fakes.clients({}, { rockset: false, authress: false, astronomer: false, tiledb: false })
  const over = (vendor: VendorKey, fake: FakeServer.FakeServer) =>
    Layer.succeed(HttpClient.HttpClient, faulty(fake.httpClient, vendor, fault))
  return Directory.layer({ ...organisation.directory, ...options }).pipe(
    Layer.provide(Layer.mergeAll(
      Layer.provide(clients.rockset, over("rockset", organisation.rockset)),
      Layer.orDie(Layer.provide(clients.authress, over("authress", organisation.authress))),
      Layer.provide(clients.astronomer, over("astronomer", organisation.astronomer)),
      Layer.provide(clients.tiledb, over("tiledb", organisation.tiledb))
    ))
  )
}

/**
 * A fake served on 127.0.0.1 behind the fault, until the scope closes: a real server, so the
 * faults reach the client through sockets (an HTML 404 page, a connection held open).
 */
export const serveWithFaults = (fake: FakeServer.FakeServer, vendor: VendorKey, fault: Fault) =>
  Effect.map(
    Effect.acquireRelease(
      Effect.async<Http.Server>((resume) => {
        const server = Http.createServer((req, res) => {
          const chunks: Array<Buffer> = []
          req.on("data", (chunk: Buffer) => chunks.push(chunk))
          req.on("end", () => {
            const incoming: FakeServer.IncomingRequest = {
              method: req.method ?? "GET",
              url: new URL(req.url ?? "/", "http://127.0.0.1"),
              headers: Headers.fromInput(req.headers),
              text: chunks.length === 0 ? undefined : Buffer.concat(chunks).toString("utf8")
            }
            const write = async (answer: Response) => {
              const body = Buffer.from(await answer.arrayBuffer())
              const headers: Record<string, string> = {}
              answer.headers.forEach((value, key) => {
                headers[key] = value
              })
              res.writeHead(answer.status, headers)
              res.end(body)
            }
            const run = Effect.flatMap(
              fault({ vendor, method: incoming.method, url: incoming.url }),
              (verdict): Effect.Effect<Response | undefined> => {
                switch (verdict._tag) {
                  case "Forward":
                    return fake.handle(incoming)
                  case "Answer":
                    return Effect.succeed(response(verdict))
                  case "LoseAnswer":
                    return Effect.as(fake.handle(incoming), response(verdict))
                  case "Hang":
                    return Effect.succeed(undefined)
                  case "HangAfterForward":
                    return Effect.as(fake.handle(incoming), undefined)
                }
              }
            )
            Effect.runPromise(run).then((answer) => answer === undefined ? undefined : write(answer), () => {
              res.writeHead(500)
              res.end()
            })
          })
        })
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<undefined>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.succeed(undefined)))
        })
    ),
    (server) => {
      const address = server.address()
      return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
    }
  )

/** Counts the requests each vendor received, by `METHOD path`. */
export const counting = (seen: Array<Seen>, then: Fault = () => Effect.succeed(forward)): Fault => (request) =>
  Effect.suspend(() => {
    seen.push(request)
    return then(request)
  })

/** A fault for one vendor's requests of one method: the verdict for its n-th such request (from 0). */
export const on = (vendor: VendorKey, method: string, verdict: (n: number, request: Seen) => Verdict): Fault => {
  let n = 0
  return (request) =>
    Effect.sync(() => request.vendor === vendor && request.method === method ? verdict(n++, request) : forward)
}

/** Runs a program against the directory of a fresh organisation whose fakes sit behind the fault. */
export const withFaults = <A, E>(
  options: Fakes.Options,
  fault: Fault,
  program: (directory: Directory.DirectoryService, organisation: Fakes.Organisation) => Effect.Effect<A, E>,
  directoryOptions: Partial<Directory.Options> = {}
) =>
  Effect.gen(function*() {
    const organisation = yield* Fakes.make(options)
    return yield* Effect.flatMap(Directory.Directory, (directory) => program(directory, organisation)).pipe(
      Effect.provide(directoryWithFaults(organisation, (request) => fault(request), directoryOptions))
    )
  })
