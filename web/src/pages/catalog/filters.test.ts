import { describe, expect, it } from 'vitest';
import { catalogQueryFromParams, hasFilter, paramsFromCatalogQuery, resourceTab, withFilter } from './filters';

describe('catalogQueryFromParams', () => {
  it('reads every filter the API knows', () => {
    const params = new URLSearchParams('category=clinical&gbCategory=health_status&shareType=conditional&level=5&owner=JYK&status=published&q=%20HIV%20');
    expect(catalogQueryFromParams(params)).toEqual({
      category: 'clinical',
      gbCategory: 'health_status',
      shareType: 'conditional',
      level: 5,
      owner: 'JYK',
      status: 'published',
      q: 'HIV',
    });
  });

  it('drops values the API would refuse', () => {
    const params = new URLSearchParams('category=secret&level=9&shareType=&owner=jyk&status=gone&q=%20%20');
    expect(catalogQueryFromParams(params)).toEqual({});
    expect(catalogQueryFromParams(new URLSearchParams('level=2.5'))).toEqual({});
    expect(catalogQueryFromParams(new URLSearchParams('level=0'))).toEqual({});
  });

  it('keeps the search text within the API limit', () => {
    expect(catalogQueryFromParams(new URLSearchParams(`q=${'a'.repeat(100)}`)).q).toHaveLength(64);
  });
});

describe('paramsFromCatalogQuery', () => {
  it('writes the filters in a stable order and skips blanks', () => {
    expect(paramsFromCatalogQuery({ q: 'lab', level: 4, category: 'clinical' }).toString()).toBe('category=clinical&level=4&q=lab');
    expect(paramsFromCatalogQuery({ q: '  ' }).toString()).toBe('');
  });

  it('round-trips through the address', () => {
    const query = { shareType: 'not_shareable', level: 5, owner: 'JYK' } as const;
    expect(catalogQueryFromParams(paramsFromCatalogQuery(query))).toEqual(query);
  });
});

describe('withFilter and hasFilter', () => {
  it('sets and clears one value without touching the others', () => {
    const query = withFilter({ level: 5 }, 'category', 'clinical');
    expect(query).toEqual({ level: 5, category: 'clinical' });
    expect(withFilter(query, 'level', undefined)).toEqual({ category: 'clinical' });
    expect(withFilter(query, 'q', '')).toEqual(query);
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ q: 'x' })).toBe(true);
  });
});

describe('resourceTab', () => {
  it('opens the named tab and the field dictionary otherwise', () => {
    expect(resourceTab('versions')).toBe('versions');
    expect(resourceTab('mapping')).toBe('mapping');
    expect(resourceTab(null)).toBe('fields');
    expect(resourceTab('other')).toBe('fields');
  });
});
