/**
 * Index arithmetic for RFC 9162 trees. Sizes are plain numbers rather than bigint so that the hot
 * paths stay fast; every helper is written with division and remainder instead of bitwise
 * operators, which would silently truncate sizes above 2^32.
 */

/** A complete subtree: covers leaves [index·2^level, (index+1)·2^level). */
export interface NodeRef {
  readonly level: number;
  readonly index: number;
}

export function assertTreeSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

/** The split point k of RFC 9162 §2.1.1: the largest power of two strictly below n (n ≥ 2). */
export function largestPowerOfTwoBelow(n: number): number {
  if (!(n >= 2)) throw new RangeError(`no power of two lies below ${n} in a split`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** The smallest power of two that is ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * The complete subtrees, largest first, whose leaves are exactly [start, start + size). Folding
 * their hashes from the right yields the RFC hash of that range, which holds only for ranges the
 * RFC recursion can produce: those starting on a multiple of the next power of two ≥ size. Any
 * other range is refused because its hash would silently be something the RFC never defines.
 */
export function completeSubtrees(start: number, size: number): NodeRef[] {
  assertTreeSize('start', start);
  assertTreeSize('size', size);
  if (size === 0) return [];
  if (start % nextPowerOfTwo(size) !== 0) {
    throw new RangeError(`[${start}, ${start + size}) is not a subtree of any RFC 9162 tree`);
  }
  let level = 0;
  let width = 1;
  while (width * 2 <= size) {
    width *= 2;
    level += 1;
  }
  const refs: NodeRef[] = [];
  let offset = start;
  let remaining = size;
  for (; width >= 1; width /= 2, level -= 1) {
    if (remaining >= width) {
      refs.push({ level, index: offset / width });
      offset += width;
      remaining -= width;
    }
  }
  return refs;
}
