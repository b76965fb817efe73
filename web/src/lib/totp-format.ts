/** Display and input rules for TOTP secrets, one-time codes and recovery codes. */

/** The base32 secret in groups of four, the way people copy it into an authenticator app by hand. */
export function groupSecret(secret: string): string {
  const compact = secret.replace(/[\s=]/g, '').toUpperCase();
  return compact.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** A typed or pasted one-time code without the spaces and dashes apps show inside it (`123 456`). */
export function normalizeOtp(value: string): string {
  return value.replace(/[\s-]/g, '');
}

/** RFC 6238 codes here are exactly six digits. */
export function isOtp(value: string): boolean {
  return /^\d{6}$/.test(normalizeOtp(value));
}

/** Recovery codes are issued lowercase as `xxxx-xxxx`; accept them typed in capitals or with stray spaces. */
export function normalizeRecoveryCode(value: string): string {
  return value.replace(/\s/g, '').toLowerCase();
}

/** The codes as a plain text file: one per line, headed with the account and when they were issued. */
export function recoveryCodesText(codes: readonly string[], account: string, issuedAt: string): string {
  return [`Yixiang recovery codes / 医享恢复码`, `${account} · ${issuedAt}`, '', ...codes, ''].join('\n');
}
