/**
 * Paginated listings as lazy `Stream`s: a page is fetched only when the consumer needs its items,
 * so taking five users from a thousand-page listing makes one request.
 *
 * A listing never loops and is never cut short without a word: a server that hands back a cursor
 * already followed, the same page twice, a page from the wrong offset, a total that changes or
 * fewer items than it announced fails the stream with a {@link PaginationError}, after a bounded
 * number of requests. Only a listing the server declares complete ends the stream.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Equal from "effect/Equal"
import * as HashSet from "effect/HashSet"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as Utils from "effect/Utils"

/**
 * Why a listing was abandoned.
 *
 * - `RepeatedCursor`: the server handed back a cursor the stream had already followed (a cycle).
 * - `RepeatedPage`: a page held exactly the items of the page before it.
 * - `WrongOffset`: a page reported another offset than the one requested.
 * - `TotalChanged`: a page reported another total than the first page did.
 * - `MissingItems`: an empty page came before the first page's total was reached.
 * - `TooManyPages`: the listing went on past `maxPages`.
 *
 * @since 0.2.0
 * @category models
 */
export type Reason =
  | "RepeatedCursor"
  | "RepeatedPage"
  | "WrongOffset"
  | "TotalChanged"
  | "MissingItems"
  | "TooManyPages"

const explanations: Record<Reason, string> = {
  RepeatedCursor: "the server returned a cursor already followed",
  RepeatedPage: "the server returned the same page twice",
  WrongOffset: "the server returned a page from another offset than requested",
  TotalChanged: "the total changed while paging",
  MissingItems: "the server ended the listing before its announced total",
  TooManyPages: "the listing exceeded its page limit"
}

/**
 * A listing the stream could not complete faithfully. Cursors are not kept: they are opaque
 * server state and may encode what the caller filtered on.
 *
 * @since 0.2.0
 * @category errors
 */
export class PaginationError extends Data.TaggedError("PaginationError")<{
  readonly reason: Reason
  /** The vendor, e.g. `"Authress"`. */
  readonly vendor: string
  /** The listing operation, e.g. `"getUsers"`. */
  readonly operation: string
  /** The pages received before the stream gave up (the offending one included). */
  readonly pages: number
}> {
  override get message(): string {
    return `${this.vendor} ${this.operation}: ${explanations[this.reason]} (after ${this.pages} pages)`
  }
}

/**
 * What names a listing in its failures, and how far it may go.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly vendor: string
  readonly operation: string
  /**
   * The most pages to fetch; one more page is a `TooManyPages` failure, never a silent end.
   * Default: no limit (the checks above bound every loop a server can make by repeating itself).
   */
  readonly maxPages?: number | undefined
}

// Structural comparison of plain decoded values: a server replaying a page sends equal JSON.
const samePage = <A>(previous: ReadonlyArray<A> | undefined, items: ReadonlyArray<A>): boolean =>
  previous !== undefined && items.length > 0 && previous.length === items.length &&
  Utils.structuralRegion(() => items.every((item, i) => Equal.equals(item, previous[i])))

type Step<S> =
  | { readonly _tag: "Fetch"; readonly state: S }
  | { readonly _tag: "Fail"; readonly error: PaginationError }

// What a page turns into: its items, and what the next pull does (nothing: the listing is done).
type Pull<S, A> = readonly [Chunk.Chunk<A>, Option.Option<Step<S>>]

const emit = <S, A>(items: ReadonlyArray<A>, next: Step<S> | undefined): Pull<S, A> => [
  Chunk.fromIterable(items),
  Option.fromNullable(next)
]

// Drives a listing one page per pull. A failure decided on a page is held until the consumer pulls
// past that page's items, so a consumer that takes fewer items never sees it.
const paginate = <S, A, E, R>(
  first: S,
  fetch: (state: S, pages: number) => Effect.Effect<Pull<S, A>, E | PaginationError, R>
): Stream.Stream<A, E | PaginationError, R> =>
  Stream.paginateChunkEffect<readonly [Step<S>, number], A, E | PaginationError, R>(
    [{ _tag: "Fetch", state: first }, 0],
    ([step, pages]) =>
      step._tag === "Fail"
        ? Effect.fail(step.error)
        : Effect.map(
          fetch(step.state, pages + 1),
          ([items, next]): readonly [Chunk.Chunk<A>, Option.Option<readonly [Step<S>, number]>] => [
            items,
            Option.map(next, (n) => [n, pages + 1])
          ]
        )
  )

const failure = (options: Options, reason: Reason, pages: number) =>
  new PaginationError({ reason, vendor: options.vendor, operation: options.operation, pages })

const beyondLimit = (options: Options, pages: number): boolean =>
  options.maxPages !== undefined && pages > options.maxPages

/**
 * A page of a cursor-paginated listing.
 *
 * @since 0.1.0
 * @category models
 */
export interface CursorPage<A> {
  readonly items: ReadonlyArray<A>
  /** The cursor of the next page; absent or `""` on the last page. */
  readonly next: string | undefined
}

/**
 * Follows a cursor from the first page (cursor `undefined`) to the last.
 *
 * The stream **ends** after emitting the items of a page whose `next` is absent or `""`.
 * It **fails** with a {@link PaginationError}:
 * - `RepeatedCursor` when it would fetch a cursor it has already followed (every cursor is
 *   remembered, so a cycle A→B→A fails on the third page's `next`); the items of every page
 *   received are emitted first;
 * - `RepeatedPage` when a page holds exactly the items of the previous one (a server issuing a
 *   fresh cursor for the same page), before emitting them again;
 * - `TooManyPages` when it would fetch page `maxPages + 1`, after emitting the items of the
 *   pages before.
 * A failure of `fetchPage` fails the stream as it is.
 *
 * @since 0.1.0
 * @category constructors
 */
export const cursor = <A, E, R>(
  options: Options,
  fetchPage: (cursor: string | undefined) => Effect.Effect<CursorPage<A>, E, R>
): Stream.Stream<A, E | PaginationError, R> => {
  interface State {
    readonly cursor: string | undefined
    /** Every cursor followed so far, the current one included. */
    readonly seen: HashSet.HashSet<string>
    readonly previous: ReadonlyArray<A> | undefined
  }
  return paginate<State, A, E, R>(
    { cursor: undefined, seen: HashSet.empty(), previous: undefined },
    (state, pages) =>
      Effect.flatMap(fetchPage(state.cursor), (page): Effect.Effect<Pull<State, A>, PaginationError> => {
        if (samePage(state.previous, page.items)) return Effect.fail(failure(options, "RepeatedPage", pages))
        const next = page.next
        if (next === undefined || next === "") return Effect.succeed(emit(page.items, undefined))
        return Effect.succeed(emit<State, A>(
          page.items,
          HashSet.has(state.seen, next)
            ? { _tag: "Fail", error: failure(options, "RepeatedCursor", pages) }
            : beyondLimit(options, pages + 1)
            ? { _tag: "Fail", error: failure(options, "TooManyPages", pages) }
            : { _tag: "Fetch", state: { cursor: next, seen: HashSet.add(state.seen, next), previous: page.items } }
        ))
      })
  )
}

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
  /** The offset the server says this page starts at, where it reports one. */
  readonly offset?: number | undefined
}

/**
 * Walks an offset-paginated listing `limit` items at a time, from `start` (default 0), each page
 * starting where the items received so far end.
 *
 * The **total is the first page's**: the stream **ends** after emitting the items that reach it
 * (at once if the first page is empty and its total is reached).
 * It **fails** with a {@link PaginationError}, without emitting the offending page:
 * - `WrongOffset` when a page reports an offset other than the one requested (a server ignoring
 *   `offset`);
 * - `RepeatedPage` when a page holds exactly the items of the previous one;
 * - `TotalChanged` when a page reports another total than the first (a listing that changes while
 *   it is paged may skip or repeat items: the caller should start again);
 * - `MissingItems` when a page is empty before the total is reached (the listing would be short);
 * - `TooManyPages` when it would fetch page `maxPages + 1`.
 * A failure of `fetchPage` fails the stream as it is.
 *
 * @since 0.1.0
 * @category constructors
 */
export const offset = <A, E, R>(
  options: Options & { readonly limit: number; readonly start?: number | undefined },
  fetchPage: (offset: number, limit: number) => Effect.Effect<OffsetPage<A>, E, R>
): Stream.Stream<A, E | PaginationError, R> => {
  interface State {
    readonly offset: number
    /** The first page's total, once it is known. */
    readonly total: number | undefined
    readonly previous: ReadonlyArray<A> | undefined
  }
  return paginate<State, A, E, R>(
    { offset: options.start ?? 0, total: undefined, previous: undefined },
    (state, pages) =>
      Effect.flatMap(fetchPage(state.offset, options.limit), (page): Effect.Effect<Pull<State, A>, PaginationError> => {
        const reason: Reason | undefined = page.offset !== undefined && page.offset !== state.offset
          ? "WrongOffset"
          : state.total !== undefined && page.total !== state.total
          ? "TotalChanged"
          : samePage(state.previous, page.items)
          ? "RepeatedPage"
          : undefined
        if (reason !== undefined) return Effect.fail(failure(options, reason, pages))
        const total = state.total ?? page.total
        const next = state.offset + page.items.length
        if (next >= total) return Effect.succeed(emit(page.items, undefined))
        return Effect.succeed(emit<State, A>(
          page.items,
          page.items.length === 0
            ? { _tag: "Fail", error: failure(options, "MissingItems", pages) }
            : beyondLimit(options, pages + 1)
            ? { _tag: "Fail", error: failure(options, "TooManyPages", pages) }
            : { _tag: "Fetch", state: { offset: next, total, previous: page.items } }
        ))
      })
  )
}
