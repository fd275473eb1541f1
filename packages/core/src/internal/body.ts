import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/** What {@link read} kept of a body. */
export interface Read {
  /** The body's first bytes, at most the limit, as the transport's chunks (never copied into one). */
  readonly chunks: ReadonlyArray<Uint8Array>
  /** `false` when the body had more bytes than the limit: the rest was never read. */
  readonly complete: boolean
  /** The whole body as text, when the transport read it whole (see {@link read}); `chunks` is then empty. */
  readonly text?: string
}

// Chunks kept so far; `add` keeps what fits under the limit and says whether to read on.
class Kept {
  readonly chunks: Array<Uint8Array> = []
  size = 0
  over = false
  constructor(readonly limit: number) {}
  add(chunk: Uint8Array): boolean {
    const room = this.limit - this.size
    if (chunk.length <= room) {
      this.chunks.push(chunk)
      this.size += chunk.length
      return true
    }
    if (room > 0) this.chunks.push(chunk.subarray(0, room))
    this.size = this.limit
    this.over = true
    return false
  }
  get read(): Read {
    return { chunks: this.chunks, complete: !this.over }
  }
}

const empty: Read = { chunks: [], complete: true }

// The web `Response` under a response of `FetchHttpClient` (or of `HttpClientResponse.fromWeb`),
// when there is one: reading it with its own reader costs one promise per chunk, where the
// generic `Stream` costs about a millisecond per response in scheduling (measured: 40 µs
// against 900-2,000 µs for a small JSON body).
const webResponse = (response: HttpClientResponse.HttpClientResponse): Response | undefined => {
  const original: unknown = "original" in response ? response.original : response
  return typeof original === "object" && original !== null && "source" in original &&
      original.source instanceof Response
    ? original.source
    : undefined
}

// Read through `Effect.async` rather than `Effect.tryPromise` with a signal, which makes an
// AbortController (and its listener) per call; interruption cancels the reader all the same.
const readWeb = <E>(
  response: HttpClientResponse.HttpClientResponse,
  body: ReadableStream<Uint8Array>,
  limit: number,
  onError: (error: HttpClientError.ResponseError) => E
): Effect.Effect<Read, E> =>
  Effect.async<Read, E>((resume) => {
    const reader = body.getReader()
    const kept = new Kept(limit)
    let stopped = false
    const cancel = () => {
      stopped = true
      reader.cancel().catch(() => undefined)
    }
    const onChunk = (next: ReadableStreamReadResult<Uint8Array>): void => {
      if (stopped) return
      if (next.done) return resume(Effect.succeed(kept.read))
      if (!kept.add(next.value)) {
        cancel()
        return resume(Effect.succeed(kept.read))
      }
      reader.read().then(onChunk, onFailure)
    }
    const onFailure = (cause: unknown): void => {
      if (stopped) return
      stopped = true
      resume(Effect.fail(
        onError(new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause }))
      ))
    }
    reader.read().then(onChunk, onFailure)
    return Effect.sync(cancel)
  })

const readStream = <E>(
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  onError: (error: HttpClientError.ResponseError) => E
): Effect.Effect<Read, E> => {
  // Mapped inside the stream: a stream's failure is also logged (at debug level) by the fiber that
  // runs it, and the platform's error renders the request's URL.
  const body = Stream.catchAll(
    response.stream,
    (error) => error.reason === "EmptyBody" ? Stream.empty : Stream.fail(onError(error))
  )
  return Effect.suspend(() => {
    const kept = new Kept(limit)
    return Effect.as(Stream.runForEachWhile(body, (chunk) => Effect.succeed(kept.add(chunk))), kept)
  }).pipe(Effect.map((kept) => kept.read))
}

// The length of a body that cannot be longer than it says: declared in `content-length` and not
// content-encoded (so the bytes read are the bytes framed). An HTTP/1.1 parser (undici's, Node's)
// ends the body at that length; a server cannot send more into it.
const framedLength = (response: HttpClientResponse.HttpClientResponse): number | undefined => {
  const headers = response.headers
  const length = headers["content-length"]
  if (length === undefined || headers["content-encoding"] !== undefined || !/^\d{1,15}$/.test(length)) return undefined
  return Number(length)
}

/**
 * Reads at most `limit` bytes of a response body, as the transport hands them over (after any
 * `Content-Encoding` was decoded, so the limit is on what lands in memory), then stops: the body
 * is cancelled and the transport releases the connection. With `limit` 0 a body is not read
 * beyond its first chunk. A response with no body at all reads as empty. A body framed by its
 * `content-length` within the limit (and not content-encoded) is read whole through the
 * transport's own `text`, which for a lean transport costs no stream at all.
 */
export const read = <E>(
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  onError: (error: HttpClientError.ResponseError) => E
): Effect.Effect<Read, E> => {
  const web = webResponse(response)
  if (web === undefined) {
    const length = framedLength(response)
    return length !== undefined && length <= limit
      ? Effect.mapBoth(response.text, {
        onFailure: onError,
        onSuccess: (text): Read => ({ chunks: [], complete: true, text })
      })
      : readStream(response, limit, onError)
  }
  return web.body === null ? Effect.succeed(empty) : readWeb(response, web.body, limit, onError)
}

/** The body as text (UTF-8; a sequence cut at the limit decodes as U+FFFD). */
export const text = (body: Read): string => {
  if (body.text !== undefined) return body.text
  const decoder = new TextDecoder()
  let decoded = ""
  for (const chunk of body.chunks) decoded += decoder.decode(chunk, { stream: true })
  return decoded + decoder.decode()
}
