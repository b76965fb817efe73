/**
 * The shown list with the next page after it; an item already shown (a repeated "load more", or one a
 * concurrent write moved across the page boundary) is not listed twice.
 */
export function appendPage<T>(shown: readonly T[], page: readonly T[], key: (item: T) => string | number): T[] {
  const seen = new Set(shown.map(key));
  return [...shown, ...page.filter((item) => !seen.has(key(item)))];
}

/** The key of items that have an id, for `appendPage` and `useCursorList`. */
export function byId(item: { id: string }): string {
  return item.id;
}
