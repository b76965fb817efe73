import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt's work factors: CPU/memory cost N (a power of two), block size r and parallelism p. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

// OWASP's scrypt alternative (N=2^15, r=8, p=3): ~32 MiB and a few hundred milliseconds per hash.
// Parameters are stored with each hash, so they can be raised later without breaking old ones.
export const PRODUCTION_SCRYPT_COST: ScryptCost = Object.freeze({ N: 2 ** 15, r: 8, p: 3 });
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r * 2 };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** The cost a stored `scrypt$N$r$p$salt$hash` was made with, or null when it is not one. */
export function storedCost(stored: string): ScryptCost | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // scrypt needs N a power of two above 1; anything else would throw rather than mismatch.
  const valid = [N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) && N > 1 && (N & (N - 1)) === 0;
  return valid ? { N, r, p } : null;
}

/** True when a stored hash costs an attacker less than `cost` does: it should be remade at the next sign-in. */
export function weakerThan(stored: string, cost: ScryptCost): boolean {
  const made = storedCost(stored);
  return made !== null && made.N * made.r * made.p < cost.N * cost.r * cost.p;
}

/**
 * Hashes and checks passwords at one scrypt cost. The server and the CLI always use the production
 * cost; only code can choose another (the test platform does, to keep sign-ins cheap), never a
 * setting, so an installation cannot be configured into weak hashes.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  constructor(readonly cost: ScryptCost = PRODUCTION_SCRYPT_COST) {}

  /** Returns `scrypt$N$r$p$salt$hash` (base64url parts). */
  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, this.cost);
    const { N, r, p } = this.cost;
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /** Checks at the cost the hash was made with, whatever this hasher's own. */
  async verify(password: string, stored: string): Promise<boolean> {
    const cost = storedCost(stored);
    if (!cost) return false;
    const [salt, expected] = stored.split('$').slice(4) as [string, string];
    const expectedKey = Buffer.from(expected, 'base64url');
    const key = await scrypt(password, Buffer.from(salt, 'base64url'), cost);
    return key.length === expectedKey.length && timingSafeEqual(key, expectedKey);
  }

  /**
   * Spends the same time as a real verification when the username does not exist, so response
   * time does not reveal which usernames are valid.
   */
  async burn(password: string): Promise<void> {
    this.dummyHash ??= this.hash('not-a-real-password-Qx9!');
    await this.verify(password, await this.dummyHash);
  }

  /** True when a stored hash was made at a lower cost than this hasher's and should be remade. */
  needsRehash(stored: string): boolean {
    return weakerThan(stored, this.cost);
  }
}
