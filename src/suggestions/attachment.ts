/**
 * Attachments to a suggestion: one small file (a screenshot, a scanned page, a text excerpt) sent
 * as base64 in the JSON body. Only a few types are accepted and the bytes must look like the
 * declared type, so nothing is stored that a browser could later run as something else.
 */
export const ATTACHMENT_MAX_BYTES = 1024 * 1024;
export const ATTACHMENT_NAME_MAX = 120;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];

const startsWith = (bytes: Buffer, magic: readonly number[]) => magic.every((byte, i) => bytes[i] === byte);

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
  'image/png': (bytes: Buffer) => startsWith(bytes, PNG),
  'image/jpeg': (bytes: Buffer) => startsWith(bytes, JPEG),
  'application/pdf': (bytes: Buffer) => startsWith(bytes, PDF),
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

/** Characters a base64 body of `bytes` bytes takes, for the route's body limit. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decoded size from the text alone, so an oversized file is refused before it is decoded. */
function decodedSize(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length / 4) * 3 - padding;
}

/** A file name safe to show and to put in a Content-Disposition header: no paths, no control characters. */
export function cleanFileName(name: string): string | null {
  const clean = name.normalize('NFC').trim();
  if (clean.length === 0 || clean.length > ATTACHMENT_NAME_MAX) return null;
  if (/[\u0000-\u001f\u007f/\\:*?"<>|]/.test(clean) || clean.startsWith('.')) return null;
  return clean;
}

export function checkAttachment(input: AttachmentInput): AttachmentCheck {
  const fail = (path: string, message: string, code: string): AttachmentCheck => ({ ok: false, tooLarge: false, path: `body/attachment/${path}`, message, code });
  const name = cleanFileName(input.name);
  if (!name) return fail('name', `must be 1–${ATTACHMENT_NAME_MAX} characters without path separators, control or reserved characters`, 'attachment-name');
  if (!BASE64.test(input.contentBase64)) return fail('contentBase64', 'must be standard base64 (RFC 4648, padded)', 'attachment-encoding');
  if (decodedSize(input.contentBase64) > ATTACHMENT_MAX_BYTES) return { ok: false, tooLarge: true };
  const content = Buffer.from(input.contentBase64, 'base64');
  if (content.length === 0) return fail('contentBase64', 'must not be empty', 'attachment-empty');
  if (!SNIFFERS[input.mediaType](content)) return fail('contentBase64', `content is not ${input.mediaType}`, 'attachment-type-mismatch');
  return { ok: true, attachment: { name, mediaType: input.mediaType, content } };
}

/** RFC 6266 with an RFC 8187 UTF-8 name (Chinese file names) and an ASCII fallback for old clients. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
