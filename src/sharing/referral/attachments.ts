import { createHash } from 'node:crypto';

/**
 * Documents a partner sends with a referral: inline base64 only (a URL would have us fetch from
 * wherever a partner points), PDF, JPEG, PNG or UTF-8 text, whose bytes must start like the type
 * they claim, so nothing is stored that a browser could later run as something else.
 */
export const ATTACHMENT_LIMITS = { eachBytes: 4 * 1024 * 1024, totalBytes: 10 * 1024 * 1024, count: 5 } as const;

const MAGIC = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
} as const;

export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'text/plain'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The media type a `contentType` names, or null when it is not one we take (text only as UTF-8). */
export function attachmentType(contentType: string): AttachmentType | null {
  const [base, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(base ?? '')) return null;
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && (base !== 'text/plain' || (charset !== 'utf-8' && charset !== 'utf8'))) return null;
  return base as AttachmentType;
}

/** Characters a base64 text of `bytes` bytes takes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Bytes a padded base64 text decodes to, from its length alone. */
export function decodedLength(text: string): number {
  return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
}

/** Padded standard base64; a plain character class, not groups of four, which overflow the regex stack on MBs. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const isBase64 = (text: string): boolean => text.length % 4 === 0 && BASE64.test(text);

/** Plain text: valid UTF-8 with no control characters but tab, line feed, form feed and carriage return. */
function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

export function contentMatches(type: AttachmentType, bytes: Buffer): boolean {
  if (type === 'text/plain') return isPlainText(bytes);
  return MAGIC[type].every((byte, i) => bytes[i] === byte);
}

/** FHIR `Attachment.hash`: base64 of the SHA-1 of the data. */
export function fhirHash(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
