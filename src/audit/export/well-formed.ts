const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A JavaScript string may hold half of a surrogate pair, which no UTF-8 encoder can write and
 * encodeURIComponent rejects; it becomes U+FFFD, as a UTF-8 decoder would render it.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}
