import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/** What {@link read} kept of a body. */
export interface Read {
  /** The body's first bytes, at most the limit, as the transport's chunks (never copied into one). */
  readonly chunks: ReadonlyArray<Uint8Array>
  /** `false` when the body had more bytes than the limit: the rest was never read. */
  readonly complete: boolean
}

interface Fold {
  readonly chunks: Array<Uint8Array>
  readonly kept: number
  readonly over: boolean
}

/**
 * Reads at most `limit` bytes of a response body, as the transport hands them over (after any
 * `Content-Encoding` was decoded, so the limit is on what lands in memory), then stops: the stream
 * is cancelled and the transport releases the connection. With `limit` 0 a body is not read at
 * all beyond its first chunk. A response with no body at all reads as empty.
 */
export const read = <E>(
  response: HttpClientResponse.HttpClientResponse,
  limit: number,
  onError: (error: HttpClientError.ResponseError) => E
): Effect.Effect<Read, E> => {
  const start: Fold = { chunks: [], kept: 0, over: false }
  // Mapped inside the stream: a stream's failure is also logged (at debug level) by the fiber that
  // runs it, and the platform's error renders the request's URL.
  const body = Stream.catchAll(
    response.stream,
    (error) => error.reason === "EmptyBody" ? Stream.empty : Stream.fail(onError(error))
  )
  return Stream.runFoldWhile(
    body,
    start,
    (fold) => !fold.over,
    (fold, chunk): Fold => {
      const room = limit - fold.kept
      if (chunk.length <= room) {
        fold.chunks.push(chunk)
        return { chunks: fold.chunks, kept: fold.kept + chunk.length, over: false }
      }
      if (room > 0) fold.chunks.push(chunk.subarray(0, room))
      return { chunks: fold.chunks, kept: limit, over: true }
    }
  ).pipe(
    Effect.map((fold): Read => ({ chunks: fold.chunks, complete: !fold.over }))
  )
}

/** The body as text (UTF-8; a sequence cut at the limit decodes as U+FFFD). */
export const text = (body: Read): string => {
  const decoder = new TextDecoder()
  let decoded = ""
  for (const chunk of body.chunks) decoded += decoder.decode(chunk, { stream: true })
  return decoded + decoder.decode()
}
