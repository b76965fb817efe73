/**
 * Checks shared by every file the platform takes as base64 in a JSON body (suggestion attachments,
 * signed consent forms, documents sent with a referral): the bytes must start like the type they
 * claim, so nothing is stored that a browser could later run as something else; sizes are judged
 * from the text before it is decoded; names are safe to show and to put in a header.
 */
const MAGIC = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
} as const;

export type BinaryMediaType = keyof typeof MAGIC;

/** Whether the bytes start with the signature of a PDF, JPEG or PNG file. */
export function startsLike(mediaType: BinaryMediaType, bytes: Uint8Array): boolean {
  return MAGIC[mediaType].every((byte, i) => bytes[i] === byte);
}

/** Characters a base64 text of `bytes` bytes takes (for a route's body limit). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Bytes a padded base64 text decodes to, from its length alone. */
export function decodedLength(text: string): number {
  return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
}

/** Padded standard base64. A plain character class, not groups of four: a grouped pattern overflows the regex stack on a file of a few MB. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
export const isBase64 = (text: string): boolean => text.length % 4 === 0 && BASE64.test(text);

/** A file name safe to show and to put in a Content-Disposition header: no paths, no control characters. */
export function cleanFileName(name: string, maxLength: number): string | null {
  const clean = name.normalize('NFC').trim();
  if (clean.length === 0 || clean.length > maxLength) return null;
  if (/[\u0000-\u001f\u007f/\\:*?"<>|]/.test(clean) || clean.startsWith('.')) return null;
  return clean;
}

/** RFC 6266 with an RFC 8187 UTF-8 name (Chinese file names) and an ASCII fallback for old clients. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
