import type { Keyring } from '../../crypto/index.js';
import { newSecret } from '../../lib/ids.js';

/** SMART recommends five minutes and no more; a policy may shorten it, never lengthen it. */
export const ACCESS_TOKEN_SECONDS = 300;

const PREFIX = 'yxp_';
const TOKEN = /^yxp_[\w-]{43}$/;

/** 256 random bits, prefixed so a partner token is told from a staff session token at a glance (and in leaked logs). */
export function newAccessToken(): string {
  return newSecret(PREFIX);
}

export function looksLikeAccessToken(token: string): boolean {
  return TOKEN.test(token);
}

/** What the database keeps instead of the token: its hash under the crypto profile (SHA-256 or SM3). */
export function accessTokenHash(keyring: Keyring, token: string): string {
  return keyring.hash(token).toString('hex');
}
