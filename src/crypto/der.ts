/**
 * The few DER structures the SM2 code needs (SPKI, PKCS#8, ECDSA-Sig-Value). Node parses keys
 * for us everywhere else, but it reports SM2 keys as an unknown type and cannot export their
 * scalar, so SM2 key material is read and written here.
 */

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_OID = 0x06;
export const TAG_SEQUENCE = 0x30;

export interface Tlv {
  tag: number;
  value: Buffer;
  /** Offset just past this element in the buffer it was read from. */
  end: number;
}

export class DerError extends Error {}

export function readTlv(buf: Buffer, offset: number): Tlv {
  const tag = buf[offset];
  let lengthByte = buf[offset + 1];
  if (tag === undefined || lengthByte === undefined) throw new DerError('truncated DER');
  let pos = offset + 2;
  let length: number;
  if (lengthByte < 0x80) {
    length = lengthByte;
  } else {
    const count = lengthByte & 0x7f;
    if (count === 0 || count > 2) throw new DerError('unsupported DER length');
    length = 0;
    for (let i = 0; i < count; i++) {
      lengthByte = buf[pos++];
      if (lengthByte === undefined) throw new DerError('truncated DER');
      length = length * 256 + lengthByte;
    }
    // DER demands the shortest length form; accepting others would let two encodings verify.
    if (length < 0x80 || (count === 2 && length < 0x100)) throw new DerError('non-minimal DER length');
  }
  const end = pos + length;
  if (end > buf.length) throw new DerError('truncated DER');
  return { tag, value: buf.subarray(pos, end), end };
}

/** Reads the elements of a constructed value, requiring it to be consumed exactly. */
export function readChildren(value: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < value.length) {
    const tlv = readTlv(value, offset);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Buffer {
  if (!tlv || tlv.tag !== tag) throw new DerError(`expected ${what}`);
  return tlv.value;
}

export function encodeTlv(tag: number, value: Uint8Array): Buffer {
  const len = value.length;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else if (len < 0x100) header = [tag, 0x81, len];
  else if (len < 0x10000) header = [tag, 0x82, len >> 8, len & 0xff];
  else throw new DerError('DER value too long');
  return Buffer.concat([Buffer.from(header), value]);
}

/** Unsigned big-endian integer as a minimal DER INTEGER. */
export function encodeUnsignedInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return encodeTlv(TAG_INTEGER, bytes);
}

export function decodeUnsignedInteger(value: Buffer): bigint {
  const first = value[0];
  if (first === undefined) throw new DerError('empty INTEGER');
  if (first & 0x80) throw new DerError('negative INTEGER');
  if (first === 0 && value.length > 1 && ((value[1] ?? 0) & 0x80) === 0) throw new DerError('non-minimal INTEGER');
  return BigInt(`0x${value.toString('hex')}`);
}

export function pemToDer(pem: string, label: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (!match?.[1]) throw new DerError(`expected a PEM "${label}" block`);
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

export function derToPem(der: Buffer, label: string): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
