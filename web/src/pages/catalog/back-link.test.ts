import { describe, expect, it } from 'vitest';
import { catalogSearchOf } from './back-link';

describe('catalogSearchOf', () => {
  it('returns the list’s query string from router state', () => {
    expect(catalogSearchOf({ catalogSearch: '?level=5' })).toBe('?level=5');
  });

  it('ignores anything else', () => {
    expect(catalogSearchOf(null)).toBe('');
    expect(catalogSearchOf(undefined)).toBe('');
    expect(catalogSearchOf({ catalogSearch: 'https://elsewhere' })).toBe('');
    expect(catalogSearchOf({ catalogSearch: 5 })).toBe('');
  });
});
