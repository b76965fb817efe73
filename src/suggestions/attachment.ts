import { cleanFileName, decodedLength, isBase64, startsLike } from '../lib/uploads.js';

export { base64Length, contentDisposition } from '../lib/uploads.js';

/**
 * Attachments to a suggestion: one small file (a screenshot, a scanned page, a text excerpt) sent
 * as base64 in the JSON body. Only a few types are accepted and the bytes must look like the
 * declared type, so nothing is stored that a browser could later run as something else.
 */
export const ATTACHMENT_MAX_BYTES = 1024 * 1024;
export const ATTACHMENT_NAME_MAX = 120;

function isPlainText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const SNIFFERS = {
  'image/png': (bytes: Buffer) => startsLike('image/png', bytes),
  'image/jpeg': (bytes: Buffer) => startsLike('image/jpeg', bytes),
  'application/pdf': (bytes: Buffer) => startsLike('application/pdf', bytes),
  'text/plain': isPlainText,
} as const;

export type AttachmentMediaType = keyof typeof SNIFFERS;
export const ATTACHMENT_MEDIA_TYPES = Object.keys(SNIFFERS) as AttachmentMediaType[];

export interface AttachmentInput {
  name: string;
  mediaType: AttachmentMediaType;
  contentBase64: string;
}

export interface Attachment {
  name: string;
  mediaType: AttachmentMediaType;
  content: Buffer;
}

export type AttachmentCheck = { ok: true; attachment: Attachment } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false; path: string; message: string; code: string };

export function checkAttachment(input: AttachmentInput): AttachmentCheck {
  const fail = (path: string, message: string, code: string): AttachmentCheck => ({ ok: false, tooLarge: false, path: `body/attachment/${path}`, message, code });
  const name = cleanFileName(input.name, ATTACHMENT_NAME_MAX);
  if (!name) return fail('name', `must be 1–${ATTACHMENT_NAME_MAX} characters without path separators, control or reserved characters`, 'attachment-name');
  if (!isBase64(input.contentBase64)) return fail('contentBase64', 'must be standard base64 (RFC 4648, padded)', 'attachment-encoding');
  if (decodedLength(input.contentBase64) > ATTACHMENT_MAX_BYTES) return { ok: false, tooLarge: true };
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) return fail('contentBase64', 'must not be empty', 'attachment-empty');
  if (!SNIFFERS[input.mediaType](content)) return fail('contentBase64', `content is not ${input.mediaType}`, 'attachment-type-mismatch');
  return { ok: true, attachment: { name, mediaType: input.mediaType, content } };
}
