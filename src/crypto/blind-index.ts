import { CryptoError } from './errors.js';
import { type MacAlgorithm, hmacWith } from './profiles.js';

/**
 * Blind indexes let the database find a row by an encrypted identifier (ID card, phone, MRN)
 * without holding the identifier: the index is a keyed MAC of the normalised value. Equal inputs
 * must normalise identically or lookups silently miss, so the rules live here, in one place.
 */

const KIND_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

export function assertIndexKind(kind: string): void {
  if (!KIND_PATTERN.test(kind)) {
    throw new CryptoError('CRYPTO_INVALID_INPUT', `blind index kind must match ${KIND_PATTERN} (got "${kind}")`);
  }
}

/** NFKC folds full-width digits and letters (１１０１０５…, ｘ) that Chinese input methods produce. */
function base(value: string): string {
  return value.normalize('NFKC').trim();
}

function normaliseIdCard(value: string): string {
  // Resident ID numbers are printed and typed with spaces; the check character X is case-blind.
  return base(value).replace(/[\s-]+/g, '').toUpperCase();
}

function normalisePhone(value: string): string {
  const compact = base(value).replace(/[\s\-().]+/g, '');
  // +86 / 0086 prefixes on a mainland mobile number denote the same subscriber.
  const mobile = /^(?:\+86|0086)(1\d{10})$/.exec(compact);
  return mobile?.[1] ?? compact;
}

function normaliseCode(value: string): string {
  return base(value).replace(/\s+/g, '').toUpperCase();
}

function normaliseText(value: string): string {
  return base(value).replace(/\s+/g, ' ');
}

const NORMALISERS: Readonly<Record<string, (value: string) => string>> = {
  'id-card': normaliseIdCard,
  passport: normaliseCode,
  phone: normalisePhone,
  mrn: normaliseCode,
  'insurance-card': normaliseCode,
};

/**
 * Known kinds get their own rules; any other kind gets NFKC, trimming and whitespace collapsing
 * but keeps its case, since free text (e.g. names) is not safely case-foldable.
 */
export function normaliseForIndex(kind: string, value: string): string {
  assertIndexKind(kind);
  const normalise = NORMALISERS[kind] ?? normaliseText;
  const out = normalise(value);
  if (out === '') throw new CryptoError('CRYPTO_INVALID_INPUT', `blind index value for "${kind}" is empty after normalisation`);
  return out;
}

/** base64url of MAC(key, "yixiang/blind-index/v1" ‖ 0 ‖ kind ‖ 0 ‖ value); the kind separates domains. */
export function computeBlindIndex(algorithm: MacAlgorithm, key: Buffer, kind: string, value: string): string {
  const normalised = normaliseForIndex(kind, value);
  const input = Buffer.from(`yixiang/blind-index/v1\0${kind}\0${normalised}`, 'utf8');
  return hmacWith(algorithm, key, input).toString('base64url');
}
