import { useCallback, useEffect, useRef, useState, type DependencyList, type Dispatch, type SetStateAction } from 'react';

export interface Load {
  loading: boolean;
  error: unknown;
  setError: Dispatch<SetStateAction<unknown>>;
}

/**
 * Reads with `load` whenever `deps` change, handing the answer to `onLoaded`; the read in flight is cancelled
 * when the deps change again or the component goes, and a cancelled read leaves loading and error as they are.
 * `load` and `onLoaded` are taken from the render in which `deps` changed.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, onLoaded: (value: T) => void, deps: DependencyList): Load {
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    load(controller.signal)
      .then((value) => {
        onLoaded(value);
        setError(undefined);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
    // The caller names what the read depends on, as with useEffect.
  }, deps);

  return { loading, error, setError };
}

export interface LoadMore {
  loadingMore: boolean;
  /** Marks the list as replaced: "load more" answers still in flight for the old one are dropped. */
  restart: () => void;
  /** Fetches the next page and hands it to `apply`, unless the list was replaced meanwhile. */
  run: <P>(fetch: () => Promise<P>, apply: (page: P) => void) => Promise<void>;
}

/** "Load more" for a list read page by page; a failure is reported through `setError`. */
export function useLoadMore(setError: (error: unknown) => void): LoadMore {
  const [loadingMore, setLoadingMore] = useState(false);
  // The list a "load more" answer belongs to; answers for a list since replaced are dropped.
  const generation = useRef(0);

  const restart = useCallback(() => {
    generation.current += 1;
  }, []);

  const run = useCallback(
    async <P>(fetch: () => Promise<P>, apply: (page: P) => void) => {
      const requested = generation.current;
      setLoadingMore(true);
      try {
        const page = await fetch();
        if (requested !== generation.current) return;
        apply(page);
      } catch (err) {
        if (requested === generation.current) setError(err);
      } finally {
        setLoadingMore(false);
      }
    },
    [setError],
  );

  return { loadingMore, restart, run };
}
