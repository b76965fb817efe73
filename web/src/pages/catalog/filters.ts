import type { CatalogQuery } from '../../api/types';
import { isGbCategory, isLevel, isPolicyCategory, isResourceStatus, isShareType } from './display';

/** The filter keys, in the order they appear in the URL. */
export const CATALOG_FILTER_KEYS = ['category', 'gbCategory', 'shareType', 'level', 'owner', 'status', 'q'] as const satisfies readonly (keyof CatalogQuery)[];

const OWNER_CODE = /^[A-Z][A-Z0-9_-]{1,31}$/;
const MAX_Q = 64;

/**
 * The catalog filter lives in the address (`/catalog?level=5&q=…`), so the browser's back button
 * and a shared link both bring back the same list. Values the API would refuse are dropped here
 * rather than turning a hand-edited address into an error page.
 */
export function catalogQueryFromParams(params: URLSearchParams): CatalogQuery {
  const query: CatalogQuery = {};
  const category = params.get('category');
  if (isPolicyCategory(category)) query.category = category;
  const gbCategory = params.get('gbCategory');
  if (isGbCategory(gbCategory)) query.gbCategory = gbCategory;
  const shareType = params.get('shareType');
  if (isShareType(shareType)) query.shareType = shareType;
  const level = Number(params.get('level') ?? '');
  if (isLevel(level)) query.level = level;
  const owner = params.get('owner');
  if (owner && OWNER_CODE.test(owner)) query.owner = owner;
  const status = params.get('status');
  if (isResourceStatus(status)) query.status = status;
  const q = params.get('q')?.trim().slice(0, MAX_Q);
  if (q) query.q = q;
  return query;
}

/** The address form of a filter; empty values are left out. */
export function paramsFromCatalogQuery(query: CatalogQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of CATALOG_FILTER_KEYS) {
    const value = query[key];
    if (value === undefined || value === '') continue;
    const text = String(value).trim();
    if (text) params.set(key, text);
  }
  return params;
}

/** The filter with one value changed (or cleared with undefined). */
export function withFilter<K extends keyof CatalogQuery>(query: CatalogQuery, key: K, value: CatalogQuery[K] | undefined): CatalogQuery {
  const next: CatalogQuery = { ...query };
  if (value === undefined || value === '') delete next[key];
  else next[key] = value;
  return next;
}

export function hasFilter(query: CatalogQuery): boolean {
  return CATALOG_FILTER_KEYS.some((key) => query[key] !== undefined);
}

export const RESOURCE_TABS = ['fields', 'mapping', 'versions'] as const;
export type ResourceTab = (typeof RESOURCE_TABS)[number];

/** `?tab=versions` opens the versions tab (the edit page returns there after a save). */
export function resourceTab(value: string | null): ResourceTab {
  return (RESOURCE_TABS as readonly (string | null)[]).includes(value) ? (value as ResourceTab) : 'fields';
}
