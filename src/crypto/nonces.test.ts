import { describe, expect, it } from 'vitest';
import { freshNonce } from './nonces.js';

describe('freshNonce', () => {
  it('hands out nonces of the asked length that never repeat across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) seen.add(freshNonce(12).toString('hex'));
    for (let i = 0; i < 2_000; i++) seen.add(freshNonce(16).toString('hex'));
    expect(seen.size).toBe(7_000);
    expect(freshNonce(12)).toHaveLength(12);
    expect(freshNonce(16)).toHaveLength(16);
  });

  it('never changes a nonce already handed out when its pool is used up and replaced', () => {
    const first = freshNonce(12);
    const copy = Buffer.from(first);
    for (let i = 0; i < 1_000; i++) freshNonce(16);
    expect(first.equals(copy)).toBe(true);
  });

  it('serves lengths beyond the pool from the generator directly', () => {
    const large = freshNonce(8192);
    expect(large).toHaveLength(8192);
    expect(large.equals(Buffer.alloc(8192))).toBe(false);
  });
});
