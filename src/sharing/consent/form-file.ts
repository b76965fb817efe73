import { base64Length, cleanFileName, decodedLength, isBase64, startsLike, type BinaryMediaType } from '../../lib/uploads.js';

export { base64Length, contentDisposition } from '../../lib/uploads.js';

/**
 * A signed consent form as uploaded: one PDF, JPEG or PNG file (a scan or photo of the paper form)
 * sent as base64 in the JSON body, the way suggestion attachments come. The bytes must start like
 * the declared type, so nothing is stored that a browser could later run as something else.
 */
export const FORM_MAX_BYTES = 5 * 1024 * 1024;
export const FORM_NAME_MAX = 120;

export type FormMediaType = BinaryMediaType;
export const FORM_MEDIA_TYPES: FormMediaType[] = ['application/pdf', 'image/jpeg', 'image/png'];

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

export function checkForm(upload: FormUpload): FormCheck {
  const name = cleanFileName(upload.name, FORM_NAME_MAX);
  if (!name) return { ok: false, problem: 'invalid', path: 'body/name', message: `must be 1–${FORM_NAME_MAX} characters without path separators, control or reserved characters` };
  // Sized from the text alone, so an oversized file is refused before it is decoded.
  const text = upload.contentBase64;
  if (text.length > base64Length(FORM_MAX_BYTES)) return { ok: false, problem: 'too-large' };
  if (!isBase64(text)) return { ok: false, problem: 'invalid', path: 'body/contentBase64', message: 'must be standard base64 (RFC 4648, padded)' };
  if (decodedLength(text) > FORM_MAX_BYTES) return { ok: false, problem: 'too-large' };
  const content = Buffer.from(text, 'base64');
  if (content.length === 0) return { ok: false, problem: 'invalid', path: 'body/contentBase64', message: 'must not be empty' };
  if (!startsLike(upload.mediaType, content)) return { ok: false, problem: 'wrong-type' };
  return { ok: true, name, mediaType: upload.mediaType, content };
}
