/**
 * The attachment of a suggestion, checked in the browser against the limits the server announces
 * (GET /suggestions/categories), so a file it would refuse is refused before it is read and sent.
 * The server still sniffs the bytes against the type: these checks only spare a round trip.
 */
export interface AttachmentLimits {
  maxBytes: number;
  mediaTypes: readonly string[];
}

/** A file read and ready to send, with its size for the form to show. */
export interface PickedAttachment {
  name: string;
  mediaType: string;
  contentBase64: string;
  bytes: number;
}

export const ATTACHMENT_PROBLEMS = ['fileTooLarge', 'fileType', 'fileEmpty'] as const;
export type AttachmentProblem = (typeof ATTACHMENT_PROBLEMS)[number];

const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  pdf: 'application/pdf',
  txt: 'text/plain',
};

/** The accepted type of a file: the browser's own when accepted, else by extension (browsers leave some types blank). */
export function attachmentMediaType(name: string, browserType: string, accepted: readonly string[]): string | null {
  const declared = browserType.split(';')[0]!.trim().toLowerCase();
  if (accepted.includes(declared)) return declared;
  const extension = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  const byName = extension ? EXTENSION_TYPES[extension] : undefined;
  return byName && accepted.includes(byName) ? byName : null;
}

export function attachmentProblem(file: { name: string; size: number; type: string }, limits: AttachmentLimits): AttachmentProblem | null {
  if (attachmentMediaType(file.name, file.type, limits.mediaTypes) === null) return 'fileType';
  if (file.size === 0) return 'fileEmpty';
  return file.size > limits.maxBytes ? 'fileTooLarge' : null;
}

/** The file picker's `accept`: the types and their extensions. */
export function acceptList(mediaTypes: readonly string[]): string {
  const extensions = Object.entries(EXTENSION_TYPES)
    .filter(([, type]) => mediaTypes.includes(type))
    .map(([extension]) => `.${extension}`);
  return [...extensions, ...mediaTypes].join(',');
}

/** Standard padded base64 (RFC 4648), as the API takes it; in slices, as one huge argument list overflows the stack. */
export function toBase64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let start = 0; start < bytes.length; start += SLICE) binary += String.fromCharCode(...bytes.subarray(start, start + SLICE));
  return btoa(binary);
}
