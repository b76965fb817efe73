import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) as every authenticator app computes
 * them: HMAC-SHA-1, 6 digits, 30-second steps, the secret shown as RFC 4648 base32. Pure: time is
 * an argument, and randomness is injectable.
 */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** 160 bits, RFC 4226's recommended key length; 32 base32 characters without padding. */
export const TOTP_SECRET_BYTES = 20;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32, upper case, with `=` padding unless `padding: false`. */
export function base32Encode(data: Uint8Array, options: { padding?: boolean } = {}): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  if (options.padding === false) return out;
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

/**
 * Decodes base32 as people type it from a screen: any case, spaces and dashes ignored, padding
 * optional. Throws on any other character or an impossible length.
 */
export function base32Decode(text: string): Buffer {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if ([1, 3, 6].includes(clean.length % 8)) throw new Error('base32: impossible length');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) throw new Error('base32: invalid character');
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP: HMAC-SHA-1 over the 8-byte big-endian counter, dynamic truncation, `digits` digits. */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step `at` falls in (T0 = 0). */
export function totpStep(at: Date, periodSeconds = TOTP_PERIOD_SECONDS): number {
  return Math.floor(at.getTime() / 1000 / periodSeconds);
}

/** The 6-digit code an authenticator app shows at `at` for a base32 secret. */
export function totpCode(secretBase32: string, at: Date): string {
  return hotp(base32Decode(secretBase32), totpStep(at));
}

/**
 * Checks a code against the steps around `at` (±`window`, default 1: a code typed as it changes,
 * or with a clock half a minute off, still works). Returns the step that matched, or null. Steps at
 * or before `after` are skipped: the caller passes the last step this user already signed in with,
 * so a code seen over someone's shoulder or in a log cannot be used again (RFC 6238 §5.2).
 */
export function verifyTotp(key: Uint8Array, code: string, at: Date, options: { window?: number; after?: number | null } = {}): number | null {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const window = options.window ?? 1;
  const current = totpStep(at);
  const offered = Buffer.from(code);
  let matched: number | null = null;
  // Every candidate is computed and compared, so the time taken does not tell which one matched.
  for (let step = current - window; step <= current + window; step++) {
    const same = timingSafeEqual(Buffer.from(hotp(key, step)), offered);
    if (same && matched === null && (options.after === undefined || options.after === null || step > options.after)) matched = step;
  }
  return matched;
}

/** A new random TOTP secret in base32 (32 characters). */
export function newTotpSecret(random: (size: number) => Buffer = randomBytes): string {
  return base32Encode(random(TOTP_SECRET_BYTES), { padding: false });
}

/**
 * The `otpauth://` URI authenticator apps read from a QR code (the Key Uri Format of Google
 * Authenticator, which the others follow). Label and issuer are percent-encoded.
 */
export function otpauthUri(issuer: string, account: string, secretBase32: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secretBase32}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`;
}

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = BASE32_ALPHABET.toLowerCase();

/**
 * Single-use recovery codes, `xxxx-xxxx` from the lower-case base32 alphabet (40 bits each, no 0,
 * 1, 8 or 9 to confuse with letters). Distinct within a set.
 */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT, random: (size: number) => Buffer = randomBytes): string[] {
  const codes = new Set<string>();
  while (codes.size < count) {
    const bytes = random(8);
    const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte & 31]).join('');
    codes.add(`${chars.slice(0, 4)}-${chars.slice(4, 8)}`);
  }
  return [...codes];
}

/**
 * A recovery code as typed (any case, spaces, with or without the dash; 0 and 1 read as o and l)
 * in the form codes are stored under, or null when it cannot be one.
 */
export function normaliseRecoveryCode(input: string): string | null {
  const clean = input.toLowerCase().replace(/[\s-]/g, '').replaceAll('0', 'o').replaceAll('1', 'l');
  if (!/^[a-z2-7]{8}$/.test(clean)) return null;
  return `${clean.slice(0, 4)}-${clean.slice(4)}`;
}
