import { createHash } from 'node:crypto';
import { startsLike } from '../../lib/uploads.js';

export { base64Length, decodedLength, isBase64 } from '../../lib/uploads.js';

/**
 * Documents a partner sends with a referral: inline base64 only (a URL would have us fetch from
 * wherever a partner points), PDF, JPEG, PNG or UTF-8 text, whose bytes must start like the type
 * they claim, so nothing is stored that a browser could later run as something else.
 */
export const ATTACHMENT_LIMITS = { eachBytes: 4 * 1024 * 1024, totalBytes: 10 * 1024 * 1024, count: 5 } as const;

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
  return startsLike(type, bytes);
}

/** FHIR `Attachment.hash`: base64 of the SHA-1 of the data. */
export function fhirHash(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64');
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
