import { useCallback, useRef, useState, type DependencyList, type Dispatch, type SetStateAction } from 'react';
import { appendPage } from './append-page';
import { useLoad, useLoadMore } from './use-load';

/** One page of a list read with a cursor; `nextCursor` is null on the last page. */
export interface CursorPage<T, C> {
  items: T[];
  nextCursor: C | null;
}

type ItemOf<P> = P extends CursorPage<infer T, unknown> ? T : never;
type CursorOf<P> = P extends CursorPage<unknown, infer C> ? C : never;

export interface CursorList<T, P> {
  items: T[];
  /** Changes shown items in place (after an action on one) without reading the list again. */
  setItems: Dispatch<SetStateAction<T[]>>;
  /** The page the shown list started with (what else the first read brought). */
  first: P | undefined;
  /** The latest page read into the shown list (running totals). */
  last: P | undefined;
  hasMore: boolean;
  loading: boolean;
  loadingMore: boolean;
  error: unknown;
  /** Reads the list again from its first page. */
  reload: () => void;
  /** Appends the next page; does nothing at the end of the list or while the first page is being read. */
  loadMore: () => Promise<void>;
}

/**
 * A list read page by page with "load more": the first page is read whenever `deps` change (or on
 * `reload`), as with `useLoad`; `fetchPage(undefined)` reads it, `fetchPage(cursor)` the ones after.
 * Pages whose cursor field has another name are mapped to `CursorPage` in `fetchPage`. Items are
 * told apart by `key`, so a page that repeats one already shown does not list it twice.
 */
export function useCursorList<P extends CursorPage<unknown, unknown>>(
  fetchPage: (cursor: CursorOf<P> | undefined, signal?: AbortSignal) => Promise<P>,
  key: (item: ItemOf<P>) => string | number,
  deps: DependencyList,
): CursorList<ItemOf<P>, P> {
  const [items, setItems] = useState<ItemOf<P>[]>([]);
  const [pages, setPages] = useState<{ first: P; last: P }>();
  const [reloadTick, setReloadTick] = useState(0);
  // The next pages belong to the query the shown list was read with, not to a later render's.
  const fetchShown = useRef(fetchPage);

  // What the last failed "load more" reported, so that a later one succeeding clears that and nothing else.
  const moreError = useRef<unknown>(undefined);

  const { loading, error, setError } = useLoad(
    (signal) => {
      more.restart();
      return fetchPage(undefined, signal);
    },
    (page) => {
      fetchShown.current = fetchPage;
      setItems(page.items as ItemOf<P>[]);
      setPages({ first: page, last: page });
    },
    [...deps, reloadTick],
  );
  const failMore = useCallback(
    (err: unknown) => {
      moreError.current = err;
      setError(err);
    },
    [setError],
  );
  const more = useLoadMore(failMore);
  const { run } = more;
  const nextCursor = pages ? (pages.last.nextCursor as CursorOf<P> | null) : null;

  const loadMore = useCallback(async () => {
    if (nextCursor === null || loading) return;
    const fetchNext = fetchShown.current;
    await run(
      () => fetchNext(nextCursor),
      (page) => {
        setItems((shown) => appendPage(shown, page.items as ItemOf<P>[], key));
        setPages((read) => read && { first: read.first, last: page });
        setError((current: unknown) => (current === moreError.current ? undefined : current));
      },
    );
  }, [nextCursor, loading, run, key, setError]);

  const reload = useCallback(() => setReloadTick((n) => n + 1), []);

  return {
    items,
    setItems,
    first: pages?.first,
    last: pages?.last,
    hasMore: nextCursor !== null,
    loading,
    loadingMore: more.loadingMore,
    error,
    reload,
    loadMore,
  };
}
