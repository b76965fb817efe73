import { wellFormed } from './well-formed.js';

// RFC 8141 lets a URN's NSS hold unreserved and sub-delim characters plus ':' '@' '/'; anything
// else (spaces, '%', non-ASCII) is percent-encoded so the result is always a valid uri.
const NOT_URN_SAFE = /[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu;

/** Makes free text (an object type, an access basis) safe to embed in a `urn:yixiang:` URI. */
export function urnPart(text: string): string {
  return wellFormed(text).replace(NOT_URN_SAFE, (char) => encodeURIComponent(char));
}
