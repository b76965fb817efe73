import { wellFormed } from './well-formed.js';

/** RFC 5424 NILVALUE: "this field has no value", distinct from an empty string. */
export const NILVALUE = '-';

// C0 and C1 controls, DEL and the Unicode line/paragraph separators. RFC 5424 §6.4 lets a sender
// alter control characters; here they become spaces, because one audit entry must stay one line
// for newline-framed transports (RFC 6587) and for people reading the file.
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;
const NOT_PRINTUSASCII = /[^\x21-\x7E]/g;
// RFC 5424 §6.3.3: inside PARAM-VALUE exactly these three must be escaped with a backslash.
const SD_SPECIALS = /["\\\]]/g;

/**
 * A header field (HOSTNAME, APP-NAME, PROCID, MSGID): PRINTUSASCII only and at most `maxLength`
 * characters (RFC 5424 §6.2). Anything else is dropped rather than escaped, because the header has
 * no escape syntax; an empty result is NILVALUE.
 */
export function headerField(value: string | null | undefined, maxLength: number): string {
  if (value === null || value === undefined) return NILVALUE;
  const printable = value.replace(NOT_PRINTUSASCII, '').slice(0, maxLength);
  return printable === '' ? NILVALUE : printable;
}

/** Free text on a single line, valid UTF-8: for MSG and, before escaping, PARAM-VALUE. */
export function singleLine(text: string): string {
  return wellFormed(text).replace(CONTROLS, ' ');
}

/** A PARAM-VALUE body (without the surrounding quotes); UTF-8, so Chinese stays as it is. */
export function escapeParamValue(value: string): string {
  return singleLine(value).replace(SD_SPECIALS, (char) => `\\${char}`);
}

/** SD-NAME (RFC 5424 §6.3.2): 1–32 PRINTUSASCII except '=', space, ']' and '"'. */
export const SD_NAME = /^[\x21-\x7E]{1,32}$/;
const SD_NAME_FORBIDDEN = /[= \]"]/;

export function isSdName(name: string): boolean {
  return SD_NAME.test(name) && !SD_NAME_FORBIDDEN.test(name);
}

/** One SD-PARAM; absent values (null/undefined) are left out rather than sent as "". */
export type SdParam = readonly [name: string, value: string | null | undefined];

/**
 * One SD-ELEMENT. Names are ours and constant, so an invalid one is a programming error and
 * throws instead of producing a line collectors would reject.
 */
export function sdElement(id: string, params: readonly SdParam[]): string {
  for (const name of [id, ...params.map(([paramName]) => paramName)]) {
    if (!isSdName(name)) throw new Error(`invalid RFC 5424 SD-NAME: ${JSON.stringify(name)}`);
  }
  const body = params
    .filter((param): param is readonly [string, string] => param[1] !== null && param[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeParamValue(value)}"`)
    .join('');
  return `[${id}${body}]`;
}
