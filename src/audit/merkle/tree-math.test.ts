import { describe, expect, it } from 'vitest';
import { assertTreeSize, completeSubtrees, isPowerOfTwo, largestPowerOfTwoBelow, nextPowerOfTwo } from './tree-math.js';

describe('power-of-two helpers', () => {
  it('splits like RFC 9162 §2.1.1, not at the midpoint', () => {
    const cases: [number, number][] = [[2, 1], [3, 2], [4, 2], [5, 4], [7, 4], [8, 4], [9, 8], [1000, 512], [2 ** 32 + 1, 2 ** 32], [2 ** 40, 2 ** 39], [Number.MAX_SAFE_INTEGER, 2 ** 52]];
    for (const [n, k] of cases) expect(largestPowerOfTwoBelow(n), `n = ${n}`).toBe(k);
    expect(() => largestPowerOfTwoBelow(1)).toThrow(RangeError);
  });

  it('recognises powers of two beyond 32 bits', () => {
    expect([0, 1, 2, 3, 4, 6, 2 ** 33, 2 ** 33 + 2].map(isPowerOfTwo)).toEqual([false, true, true, false, true, false, true, false]);
    expect([1, 2, 3, 5, 8, 2 ** 33 - 1].map(nextPowerOfTwo)).toEqual([1, 2, 4, 8, 8, 2 ** 33]);
  });

  it('accepts only non-negative safe integers as sizes', () => {
    expect(() => assertTreeSize('n', 0)).not.toThrow();
    expect(() => assertTreeSize('n', Number.MAX_SAFE_INTEGER)).not.toThrow();
    for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53]) expect(() => assertTreeSize('n', bad)).toThrow(RangeError);
  });
});

describe('completeSubtrees', () => {
  it('decomposes a range into complete subtrees, largest first', () => {
    expect(completeSubtrees(0, 0)).toEqual([]);
    expect(completeSubtrees(0, 1)).toEqual([{ level: 0, index: 0 }]);
    expect(completeSubtrees(0, 13)).toEqual([{ level: 3, index: 0 }, { level: 2, index: 2 }, { level: 0, index: 12 }]);
    expect(completeSubtrees(8, 5)).toEqual([{ level: 2, index: 2 }, { level: 0, index: 12 }]);
    expect(completeSubtrees(12, 4)).toEqual([{ level: 2, index: 3 }]);
    expect(completeSubtrees(2 ** 40, 2 ** 33 + 1)).toEqual([{ level: 33, index: 2 ** 7 }, { level: 0, index: 2 ** 40 + 2 ** 33 }]);
  });

  it('refuses ranges the RFC recursion never produces', () => {
    expect(() => completeSubtrees(4, 5)).toThrow(/not a subtree/);
    expect(() => completeSubtrees(1, 2)).toThrow(/not a subtree/);
    expect(() => completeSubtrees(-1, 1)).toThrow(RangeError);
  });
});
