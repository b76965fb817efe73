import { describe, expect, it } from 'vitest';
import { negotiateLanguage } from './language.js';

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'zh'],
    ['en-US', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.5,zh-CN;q=0.8', 'zh'],
    ['fr-FR', 'zh'],
    ['fr-FR,en;q=0.3', 'en'],
    ['en;q=0', 'zh'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
