import type { Keyring } from '../crypto/index.js';

/**
 * Envelope encryption for the channel's free text, files and anonymous identities. Each value is
 * bound (AAD) to what it is and to its row, so a sealed value copied onto another suggestion, or a
 * sealed submitter pasted over content, does not open.
 */
export const SUGGESTIONS_KEY_PURPOSE = 'suggestions';

/** What a sealed value is: the suggestion's text, its file, its anonymous submitter, or an event's text. */
export type SealedPart = 'content' | 'attachment' | 'submitter' | 'event';

export function sealAad(part: SealedPart, suggestionId: string, version = 0): Buffer {
  return Buffer.from(`yixiang-suggestion/v1|${part}|${suggestionId}|${version}`);
}

export async function sealJson(keyring: Keyring, part: SealedPart, suggestionId: string, value: unknown, version = 0): Promise<string> {
  return (await keyring.encryptJson(SUGGESTIONS_KEY_PURPOSE, value, sealAad(part, suggestionId, version))).toString('base64');
}

export function openJson<T>(keyring: Keyring, part: SealedPart, suggestionId: string, sealed: string, version = 0): Promise<T> {
  return keyring.decryptJson<T>(sealed, sealAad(part, suggestionId, version));
}

export async function sealBytes(keyring: Keyring, suggestionId: string, bytes: Buffer): Promise<string> {
  return (await keyring.encrypt(SUGGESTIONS_KEY_PURPOSE, bytes, sealAad('attachment', suggestionId))).toString('base64');
}

export function openBytes(keyring: Keyring, suggestionId: string, sealed: string): Promise<Buffer> {
  return keyring.decrypt(sealed, sealAad('attachment', suggestionId));
}

/** The blind-index kind under which anonymous submitters are found by their own user id. */
export const SUBMITTER_INDEX_KIND = 'suggestion-submitter';
