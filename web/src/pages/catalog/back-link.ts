/**
 * The catalog list's filter travels in router state from the list to a resource and its edit page,
 * so "back to the catalog" returns to the same filtered list.
 */
export interface CatalogNavState {
  catalogSearch?: string;
}

export function catalogSearchOf(state: unknown): string {
  const search = (state as CatalogNavState | null | undefined)?.catalogSearch;
  return typeof search === 'string' && (search === '' || search.startsWith('?')) ? search : '';
}
