/**
 * A signed consent form as uploaded: one PDF, JPEG or PNG file (a scan or photo of the paper form)
 * sent as base64 in the JSON body, the way suggestion attachments come. The bytes must start like
 * the declared type, so nothing is stored that a browser could later run as something else.
 */
export const FORM_MAX_BYTES = 5 * 1024 * 1024;
export const FORM_NAME_MAX = 120;

const MAGIC = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
} as const;

export type FormMediaType = keyof typeof MAGIC;
export const FORM_MEDIA_TYPES = Object.keys(MAGIC) as FormMediaType[];

export interface FormUpload {
  name: string;
  mediaType: FormMediaType;
  contentBase64: string;
}

export type FormCheck =
  | { ok: true; name: string; mediaType: FormMediaType; content: Buffer }
  | { ok: false; problem: 'too-large' }
  | { ok: false; problem: 'wrong-type' }
  | { ok: false; problem: 'invalid'; path: string; message: string };

/** Characters a base64 body of `bytes` bytes takes, for the route's body limit. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Padded standard base64. A plain character class, not groups of four: a grouped pattern overflows the regex stack on a file of a few MB. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isBase64 = (text: string) => text.length % 4 === 0 && BASE64.test(text);

/** A file name safe to show and to put in a Content-Disposition header: no paths, no control characters. */
function cleanName(name: string): string | null {
  const clean = name.normalize('NFC').trim();
  if (clean.length === 0 || clean.length > FORM_NAME_MAX) return null;
  if (/[\u0000-\u001f\u007f/\\:*?"<>|]/.test(clean) || clean.startsWith('.')) return null;
  return clean;
}

export function checkForm(upload: FormUpload): FormCheck {
  const name = cleanName(upload.name);
  if (!name) return { ok: false, problem: 'invalid', path: 'body/name', message: `must be 1–${FORM_NAME_MAX} characters without path separators, control or reserved characters` };
  // Sized from the text alone, so an oversized file is refused before it is decoded.
  const text = upload.contentBase64;
  if (text.length > base64Length(FORM_MAX_BYTES)) return { ok: false, problem: 'too-large' };
  if (!isBase64(text)) return { ok: false, problem: 'invalid', path: 'body/contentBase64', message: 'must be standard base64 (RFC 4648, padded)' };
  if ((text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0) > FORM_MAX_BYTES) return { ok: false, problem: 'too-large' };
  const content = Buffer.from(text, 'base64');
  if (content.length === 0) return { ok: false, problem: 'invalid', path: 'body/contentBase64', message: 'must not be empty' };
  const magic = MAGIC[upload.mediaType];
  if (!magic.every((byte, i) => content[i] === byte)) return { ok: false, problem: 'wrong-type' };
  return { ok: true, name, mediaType: upload.mediaType, content };
}

/** RFC 6266 with an RFC 8187 UTF-8 name (Chinese file names) and an ASCII fallback for old clients. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
