import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, generateRecoveryCodes, hotp, newTotpSecret, normaliseRecoveryCode, otpauthUri, totpCode, totpStep, verifyTotp } from './totp.js';

const RFC6238_SEED = Buffer.from('12345678901234567890');
const RFC6238_SEED_BASE32 = base32Encode(RFC6238_SEED, { padding: false });

// RFC 6238 Appendix B, SHA-1 rows: time (seconds) → 8-digit TOTP.
const RFC6238_SHA1: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('base32 (RFC 4648)', () => {
  // RFC 4648 §10 test vectors.
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ];

  it.each(vectors)('encodes %j as %j and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('decodes without padding, in lower case, with spaces and dashes', () => {
    expect(base32Decode('mzxw 6ytb-oi').toString()).toBe('foobar');
    expect(base32Encode(Buffer.from('foobar'), { padding: false })).toBe('MZXW6YTBOI');
  });

  it('refuses characters outside the alphabet and impossible lengths', () => {
    expect(() => base32Decode('MZXW1===')).toThrow(/invalid character/);
    expect(() => base32Decode('M')).toThrow(/impossible length/);
  });

  it('round-trips random bytes of every length up to 40', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + length * 11) & 0xff));
      expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
    }
  });
});

describe('TOTP (RFC 6238, HMAC-SHA-1)', () => {
  it.each(RFC6238_SHA1)('at T=%i gives %s with 8 digits, and its last 6 digits with 6', (seconds, expected) => {
    const at = new Date(seconds * 1000);
    expect(hotp(RFC6238_SEED, totpStep(at), 8)).toBe(expected);
    expect(totpCode(RFC6238_SEED_BASE32, at)).toBe(expected.slice(-6));
  });

  it('counts 30-second steps from the epoch', () => {
    expect(totpStep(new Date(29_999))).toBe(0);
    expect(totpStep(new Date(30_000))).toBe(1);
    expect(totpStep(new Date(1111111109 * 1000))).toBe(0x23523ec);
  });

  it('accepts the current step and one either side, and says which step matched', () => {
    const at = new Date(1111111111 * 1000);
    const step = totpStep(at);
    const codeAt = (offset: number) => hotp(RFC6238_SEED, step + offset);
    expect(verifyTotp(RFC6238_SEED, codeAt(0), at)).toBe(step);
    expect(verifyTotp(RFC6238_SEED, codeAt(-1), at)).toBe(step - 1);
    expect(verifyTotp(RFC6238_SEED, codeAt(1), at)).toBe(step + 1);
    expect(verifyTotp(RFC6238_SEED, codeAt(-2), at)).toBeNull();
    expect(verifyTotp(RFC6238_SEED, codeAt(2), at)).toBeNull();
  });

  it('skips steps at or before the last one used, so a code works once', () => {
    const at = new Date(1234567890 * 1000);
    const step = totpStep(at);
    const code = hotp(RFC6238_SEED, step);
    expect(verifyTotp(RFC6238_SEED, code, at, { after: step - 1 })).toBe(step);
    expect(verifyTotp(RFC6238_SEED, code, at, { after: step })).toBeNull();
    expect(verifyTotp(RFC6238_SEED, hotp(RFC6238_SEED, step - 1), at, { after: step - 1 })).toBeNull();
    expect(verifyTotp(RFC6238_SEED, code, at, { after: null })).toBe(step);
  });

  it('refuses anything that is not six digits', () => {
    const at = new Date(59_000);
    expect(verifyTotp(RFC6238_SEED, '94287082', at)).toBeNull();
    expect(verifyTotp(RFC6238_SEED, '28708', at)).toBeNull();
    expect(verifyTotp(RFC6238_SEED, '28708x', at)).toBeNull();
    expect(verifyTotp(RFC6238_SEED, '287082', at)).toBe(1);
  });

  it('makes 160-bit secrets of 32 base32 characters', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('builds the otpauth URI with percent-encoded label and issuer', () => {
    expect(otpauthUri('Yixiang', 'dr.wang', 'JBSWY3DPEHPK3PXP')).toBe('otpauth://totp/Yixiang:dr.wang?secret=JBSWY3DPEHPK3PXP&issuer=Yixiang&algorithm=SHA1&digits=6&period=30');
    expect(otpauthUri('医享 Yixiang', 'a b', 'AAAA')).toBe('otpauth://totp/%E5%8C%BB%E4%BA%AB%20Yixiang:a%20b?secret=AAAA&issuer=%E5%8C%BB%E4%BA%AB%20Yixiang&algorithm=SHA1&digits=6&period=30');
  });
});

describe('recovery codes', () => {
  it('makes ten distinct xxxx-xxxx codes', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}$/);
  });

  it('stays distinct even when the random source repeats itself', () => {
    let call = 0;
    const stuttering = (size: number) => Buffer.alloc(size, Math.floor(call++ / 2));
    const codes = generateRecoveryCodes(3, stuttering);
    expect(codes).toEqual(['aaaa-aaaa', 'bbbb-bbbb', 'cccc-cccc']);
  });

  it('normalises codes as people type them', () => {
    expect(normaliseRecoveryCode('abcd-efgh')).toBe('abcd-efgh');
    expect(normaliseRecoveryCode(' ABCD EFGH ')).toBe('abcd-efgh');
    expect(normaliseRecoveryCode('abcdefgh')).toBe('abcd-efgh');
    expect(normaliseRecoveryCode('a0cd-ef1h')).toBe('aocd-eflh');
    expect(normaliseRecoveryCode('abcd-efg')).toBeNull();
    expect(normaliseRecoveryCode('abcd-efg9')).toBeNull();
    expect(normaliseRecoveryCode('')).toBeNull();
  });
});
