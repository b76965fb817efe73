import type { Keyring } from '../../crypto/index.js';

/**
 * Referral content is sealed with envelope encryption, bound (AAD) to its row: a sealed value
 * copied onto another referral, another patient or another sender does not open.
 */
export const REFERRAL_KEY_PURPOSE = 'referrals';

const aad = (...parts: string[]) => Buffer.from(['yixiang-referral/v1', ...parts].join('|'));

export const outboundAad = (referralId: string, patientId: string) => aad('outbound', referralId, patientId);
export const inboundAad = (referralId: string, institutionId: string) => aad('inbound', referralId, institutionId);
export const decisionAad = (referralId: string) => aad('decision', referralId);
export const attachmentAad = (referralId: string, position: number) => aad('attachment', referralId, String(position));

export async function seal(keyring: Keyring, value: unknown, bound: Buffer): Promise<string> {
  return (await keyring.encryptJson(REFERRAL_KEY_PURPOSE, value, bound)).toString('base64');
}

export function open<T>(keyring: Keyring, sealed: string, bound: Buffer): Promise<T> {
  return keyring.decryptJson<T>(sealed, bound);
}

export async function sealBytes(keyring: Keyring, bytes: Buffer, bound: Buffer): Promise<string> {
  return (await keyring.encrypt(REFERRAL_KEY_PURPOSE, bytes, bound)).toString('base64');
}

export function openBytes(keyring: Keyring, sealed: string, bound: Buffer): Promise<Buffer> {
  return keyring.decrypt(sealed, bound);
}
