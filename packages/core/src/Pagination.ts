/**
 * Paginated listings as lazy `Stream`s: a page is fetched only when the consumer needs its items,
 * so taking five users from a thousand-page listing makes one request.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/**
 * A page of a cursor-paginated listing.
 *
 * @since 0.1.0
 * @category models
 */
export interface CursorPage<A> {
  readonly items: ReadonlyArray<A>
  /** The cursor of the next page; absent on the last page. */
  readonly next: string | undefined
}

/**
 * Follows a cursor from the first page (cursor `undefined`) to the last. A server that hands back
 * the cursor it was given would loop forever; the stream ends there instead.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cursor = <A, E, R>(
  fetchPage: (cursor: string | undefined) => Effect.Effect<CursorPage<A>, E, R>
): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect<string | undefined, A, E, R>(
    undefined,
    (current) =>
      Effect.map(fetchPage(current), (page) => [
        Chunk.fromIterable(page.items),
        page.next === undefined || page.next === current ? Option.none() : Option.some(page.next)
      ])
  )

/**
 * A page of an offset-paginated listing.
 *
 * @since 0.1.0
 * @category models
 */
export interface OffsetPage<A> {
  readonly items: ReadonlyArray<A>
  /** How many items the whole listing holds. */
  readonly total: number
}

/**
 * Walks an offset-paginated listing `limit` items at a time until `total` is reached. An empty
 * page ends the stream too, so a server whose total overstates its items cannot loop it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const offset = <A, E, R>(
  options: { readonly limit: number; readonly start?: number | undefined },
  fetchPage: (offset: number, limit: number) => Effect.Effect<OffsetPage<A>, E, R>
): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect<number, A, E, R>(
    options.start ?? 0,
    (current) =>
      Effect.map(fetchPage(current, options.limit), (page) => {
        const next = current + page.items.length
        return [
          Chunk.fromIterable(page.items),
          page.items.length === 0 || next >= page.total ? Option.none() : Option.some(next)
        ]
      })
  )
