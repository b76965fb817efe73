import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG } from './builtin/index.js';
import { definitionProblems } from './rules.js';

describe('the built-in catalog', () => {
  it.each(BUILTIN_CATALOG.map((definition) => [definition.code, definition] as const))('%s meets the catalog rules', (_code, definition) => {
    expect(definitionProblems(definition)).toEqual([]);
  });
});
