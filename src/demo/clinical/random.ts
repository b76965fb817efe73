/**
 * Deterministic randomness for the synthetic hospital. Everything the generator emits is a pure
 * function of the seed, so the same options always give byte-identical output and re-ingesting a
 * data set updates records instead of duplicating them. Math.random is never used.
 */

/** Murmur3's 32-bit finaliser: a bijection on uint32 with good avalanche, the building block below. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Folds integers into one 32-bit hash; order matters, so (a, b) and (b, a) differ. */
export function hashInts(...values: number[]): number {
  let h = 0x2545f491;
  for (const value of values) h = mix32((h ^ Math.imul(value >>> 0, 0xcc9e2d51)) + 0x9e3779b9);
  return h;
}

/** FNV-1a over UTF-16 code units, then mixed; turns labels such as a username into hash input. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

const hex8 = (value: number): string => (value >>> 0).toString(16).padStart(8, '0');

const LANE_SALTS = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344] as const;
const LANE_STEPS = [0x9e3779b1, 0x7feb352d, 0x846ca68b, 0xc2b2ae35] as const;

/**
 * Mints resource ids for one scope (the reference data, or one patient). Each of the four 32-bit
 * lanes is a bijection of the counter for a fixed seed and scope, so ids never collide inside a
 * scope, and across scopes a collision needs all 128 bits to agree. The ids are shaped as RFC 9562
 * version-8 ("custom") UUIDs: they look like every other UUID in the platform without claiming to
 * be random (v4) or time-based (v7).
 */
export class IdMint {
  private counter = 0;
  private readonly prefixes: number[];

  constructor(seed: number, scope: number) {
    this.prefixes = LANE_SALTS.map((salt, lane) => mix32(mix32(salt ^ seed) ^ mix32(scope + LANE_STEPS[lane]!)));
  }

  /** How many ids this mint has handed out; also used to number business identifiers. */
  get count(): number {
    return this.counter;
  }

  next(): string {
    const n = this.counter++;
    const [a, b, c, d] = this.prefixes.map((prefix, lane) => mix32(prefix + Math.imul(n, LANE_STEPS[lane]!))) as [number, number, number, number];
    const hex = hex8(a) + hex8(b) + hex8(c) + hex8(d);
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** A weighted choice: the value and its relative weight. */
export type Weighted<T> = readonly [T, number];

/** mulberry32: tiny, fast and statistically adequate for synthetic data (not for anything secret). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly Weighted<T>[]): T {
    let total = 0;
    for (const [, weight] of items) total += weight;
    let roll = this.next() * total;
    for (const [value, weight] of items) {
      roll -= weight;
      if (roll < 0) return value;
    }
    const last = items[items.length - 1];
    if (!last) throw new RangeError('weighted pick from an empty list');
    return last[0];
  }

  /** Normally distributed (Box–Muller); used for vital signs and lab values that cluster. */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }
}
