import type * as Undici from "undici"

/** Bytes buffered ahead of a streaming (or not yet started) reader before the socket is paused. */
const highWaterMark = 64 * 1024

/** The reason undici is given when a fiber is interrupted; it never reaches the caller. */
const interrupted = new Error("interrupted")

/**
 * One request and its response at undici's dispatch level: a handler that buffers the body until
 * a reader takes it, and pauses the socket when a reader that wants chunks falls behind. Callbacks
 * (`onHead`, `onBody`) wake the one effect waiting on the exchange; undici calls the handler on the
 * event loop, never concurrently.
 */
export class Exchange implements Undici.Dispatcher.DispatchHandler {
  controller: Undici.Dispatcher.DispatchController | undefined
  status = 0
  headers: Record<string, string | Array<string> | undefined> = {}
  chunks: Array<Buffer> = []
  buffered = 0
  /** Set by a reader that takes the whole body: no backpressure then. */
  collecting = false
  ended = false
  failure: Error | undefined
  cancelled = false
  /** The timer of a deadline the exchange was given (see {@link expireAfter}). */
  timer: ReturnType<typeof setTimeout> | undefined
  onHead: ((failure: Error | undefined) => void) | undefined
  onBody: (() => void) | undefined

  onRequestStart(controller: Undici.Dispatcher.DispatchController): void {
    this.controller = controller
    if (this.cancelled) controller.abort(interrupted)
    else if (this.failure !== undefined) controller.abort(this.failure)
  }

  onResponseStart(
    _controller: Undici.Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | Array<string> | undefined>
  ): void {
    this.status = statusCode
    this.headers = headers
    this.settleHead(undefined)
  }

  onResponseData(controller: Undici.Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (!this.collecting && this.buffered > highWaterMark) controller.pause()
    this.wake()
  }

  onResponseEnd(): void {
    this.ended = true
    clearTimeout(this.timer)
    this.wake()
  }

  onResponseError(_controller: Undici.Dispatcher.DispatchController, error: Error): void {
    this.fail(error)
  }

  /** Settles the exchange with a transport failure (before the head) or a body failure (after). */
  fail(error: Error): void {
    if (this.cancelled || this.failure !== undefined) return
    clearTimeout(this.timer)
    this.failure = error
    if (this.onHead !== undefined) this.settleHead(error)
    else this.wake()
  }

  /** Aborts the request and closes its socket, unless the response is already complete. */
  cancel(): void {
    if (this.cancelled || this.ended || this.failure !== undefined) return
    this.cancelled = true
    clearTimeout(this.timer)
    this.onHead = undefined
    this.onBody = undefined
    this.controller?.abort(interrupted)
  }

  /**
   * Past `millis` from now, unless the body has been read to its end (or the exchange has failed
   * or been cancelled) by then, the request is aborted and whatever waits on the exchange fails
   * with `reason`.
   */
  expireAfter(millis: number, reason: Error): void {
    this.timer = setTimeout(() => {
      if (this.cancelled || this.ended || this.failure !== undefined) return
      this.fail(reason)
      this.controller?.abort(reason)
    }, millis)
  }

  /** Calls `wake` at the next chunk, the end or a failure (after any reader already waiting). */
  waitBody(wake: () => void): void {
    const previous = this.onBody
    this.onBody = previous === undefined ? wake : () => {
      previous()
      wake()
    }
  }

  /** Takes what is buffered, resuming the socket if it was paused for this reader. */
  take(): Array<Buffer> {
    const chunks = this.chunks
    this.chunks = []
    this.buffered = 0
    if (this.controller?.paused === true) this.controller.resume()
    return chunks
  }

  private settleHead(failure: Error | undefined): void {
    const onHead = this.onHead
    this.onHead = undefined
    onHead?.(failure)
  }

  private wake(): void {
    const onBody = this.onBody
    this.onBody = undefined
    onBody?.()
  }
}
