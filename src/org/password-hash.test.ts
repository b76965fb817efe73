import { describe, expect, it } from 'vitest';
import { PasswordHasher, PRODUCTION_SCRYPT_COST, storedCost, weakerThan } from './password-hash.js';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('PasswordHasher', () => {
  it('hashes at the production cost unless told otherwise', async () => {
    const stored = await new PasswordHasher().hash('Yixiang@2026');
    expect(stored.startsWith('scrypt$32768$8$3$')).toBe(true);
    expect(new PasswordHasher().cost).toEqual(PRODUCTION_SCRYPT_COST);
    expect(Object.isFrozen(PRODUCTION_SCRYPT_COST)).toBe(true);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hasher = new PasswordHasher(CHEAP);
    const stored = await hasher.hash('Yixiang@2026');
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await hasher.verify('Yixiang@2026', stored)).toBe(true);
    expect(await hasher.verify('Yixiang@2027', stored)).toBe(false);
  });

  it('verifies at the cost stored with the hash, not its own', async () => {
    const stored = await new PasswordHasher(CHEAP).hash('Yixiang@2026');
    expect(await new PasswordHasher({ N: 2048, r: 8, p: 2 }).verify('Yixiang@2026', stored)).toBe(true);
  });

  it('normalises the password (NFKC), so full-width input matches', async () => {
    const hasher = new PasswordHasher(CHEAP);
    expect(await hasher.verify('Ｙｉｘｉａｎｇ＠２０２６', await hasher.hash('Yixiang@2026'))).toBe(true);
  });

  it('salts every hash', async () => {
    const hasher = new PasswordHasher(CHEAP);
    expect(await hasher.hash('Yixiang@2026')).not.toBe(await hasher.hash('Yixiang@2026'));
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    const hasher = new PasswordHasher(CHEAP);
    for (const stored of ['md5$abc', 'scrypt$x$8$1$c2FsdA$aGFzaA', 'scrypt$0$8$1$c2FsdA$aGFzaA', 'scrypt$1000$8$1$c2FsdA$aGFzaA', 'scrypt$1$8$1$c2FsdA$aGFzaA', '']) expect(await hasher.verify('x', stored)).toBe(false);
  });

  it('burns a verification for an unknown user and still answers nothing', async () => {
    await expect(new PasswordHasher(CHEAP).burn('whatever')).resolves.toBeUndefined();
  });

  it('asks for a rehash only of hashes weaker than its own cost', async () => {
    const cheap = await new PasswordHasher(CHEAP).hash('Yixiang@2026');
    expect(new PasswordHasher().needsRehash(cheap)).toBe(true);
    expect(new PasswordHasher(CHEAP).needsRehash(cheap)).toBe(false);
    expect(new PasswordHasher(CHEAP).needsRehash('scrypt$32768$8$3$c2FsdA$aGFzaA')).toBe(false);
    expect(new PasswordHasher().needsRehash('md5$abc')).toBe(false);
  });
});

describe('storedCost and weakerThan', () => {
  it('read the parameters of a stored hash', () => {
    expect(storedCost('scrypt$32768$8$3$c2FsdA$aGFzaA')).toEqual({ N: 32768, r: 8, p: 3 });
    expect(storedCost('scrypt$32768$8$3$c2FsdA')).toBeNull();
    expect(storedCost('bcrypt$32768$8$3$c2FsdA$aGFzaA')).toBeNull();
    expect(storedCost('scrypt$-1$8$3$c2FsdA$aGFzaA')).toBeNull();
  });

  it('compare total work, so a larger N with a smaller p is not weaker', () => {
    expect(weakerThan('scrypt$131072$8$1$c2FsdA$aGFzaA', PRODUCTION_SCRYPT_COST)).toBe(false);
    expect(weakerThan('scrypt$16384$8$3$c2FsdA$aGFzaA', PRODUCTION_SCRYPT_COST)).toBe(true);
  });
});
