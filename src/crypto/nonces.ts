import { randomFillSync } from 'node:crypto';

/**
 * Random nonces drawn from a buffer of CSPRNG output filled a few kilobytes at a time. A separate
 * `randomBytes(12)` per sealed record cost about 3 µs of a bulk import's preparing thread — more
 * than the small cipher calls around it — while slicing costs a twentieth of that. Each nonce is a
 * distinct slice, and an exhausted buffer is replaced, never refilled, so a nonce already handed
 * out is never overwritten. Nonces are public (they travel in the envelope); only their
 * uniqueness and unpredictability matter, and both come from the same generator as before.
 */
const POOL_BYTES = 4096;

let pool = Buffer.alloc(0);
let offset = 0;

export function freshNonce(length: number): Buffer {
  if (length > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(length));
  if (offset + length > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(POOL_BYTES));
    offset = 0;
  }
  const nonce = pool.subarray(offset, offset + length);
  offset += length;
  return nonce;
}
