import { describe, expect, it } from 'vitest';
import { urnPart } from './urn-part.js';

describe('urnPart', () => {
  it('keeps URN-safe text and percent-encodes the rest, including broken surrogates', () => {
    expect(urnPart('grant:g-1')).toBe('grant:g-1');
    expect(urnPart('care team 科室%')).toBe('care%20team%20%E7%A7%91%E5%AE%A4%25');
    expect(urnPart('x\uD800y')).toBe('x%EF%BF%BDy');
  });
});
