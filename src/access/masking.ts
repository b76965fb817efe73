/**
 * Masking of identifying values a caller may see only in masked form, following the display
 * conventions common in China (the examples of GB/T 35273 and everyday practice: 张*, 138****5678,
 * 110***********1234). Pure functions over plain JSON; pseudonymisation is delegated to a function
 * the caller passes in, so that keys never reach this module.
 *
 * Every strategy fails closed: a value a strategy cannot interpret is redacted or dropped, never
 * passed through.
 */
import { MASKING_STRATEGIES, POLICY_SETTINGS } from '../policy/settings.js';
import type { CatalogField, FieldType, IdentifierKind } from '../catalog/types.js';
import { cloneJson } from './projection.js';

export { MASKING_STRATEGIES };
export type MaskingStrategy = (typeof MASKING_STRATEGIES)[number];

export function isMaskingStrategy(value: unknown): value is MaskingStrategy {
  return typeof value === 'string' && (MASKING_STRATEGIES as readonly string[]).includes(value);
}

export interface MaskingContext {
  /**
   * Deterministic, keyed one-way function (e.g. an HMAC) that replaces an identifier by a stable
   * pseudonym, so that masked records of one patient still link to each other. For references it
   * receives the whole reference (`Patient/123`), so the same id under two types never collides.
   */
  pseudonymise: (value: string) => string;
}

const STAR = '*';
const REDACTED = '***';

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const onlyKeys = (value: JsonObject, allowed: ReadonlySet<string>): boolean => Object.keys(value).every((key) => allowed.has(key));

// Code points, not UTF-16 units: a rare CJK character outside the BMP (𠮷) is one character of a
// name and must become one star, not two halves of a surrogate pair.
const chars = (value: string): string[] => Array.from(value);
const stars = (count: number): string => STAR.repeat(Math.max(0, count));

/**
 * Keeps `tail` characters at the end, and `head` at the start, starring the middle with the same
 * length. If that would show at least as many characters as it hides, everything is starred: the
 * convention was designed for long numbers, and on a short one it would disclose most of the value.
 */
function keepEnds(value: string, head: number, tail: number): string {
  const all = chars(value);
  if (all.length < 2 * (head + tail)) return stars(all.length);
  return all.slice(0, head).join('') + stars(all.length - head - tail) + all.slice(all.length - tail).join('');
}

/** 张三 → 张*, 欧阳娜娜 → 欧***. A one-character value is starred entirely, since keeping "the first character" would keep all of it. */
export function maskName(value: string): string {
  const all = chars(value.trim());
  if (all.length <= 1) return stars(all.length);
  return (all[0] ?? '') + stars(all.length - 1);
}

/** Stars except the last 4 (record numbers, visit numbers). */
export function maskKeepLast4(value: string): string {
  return keepEnds(value, 0, 4);
}

/**
 * 110101199003071234 → 110***********1234. Resident ID numbers (15 or 18 characters) keep the region
 * prefix and the last four; shorter documents (passports, permits) fall back to the last four only,
 * as the region prefix would leave too little hidden.
 */
export function maskIdNumber(value: string): string {
  return chars(value).length >= 14 ? keepEnds(value, 3, 4) : maskKeepLast4(value);
}

/** 13812345678 → 138****5678: mainland mobile numbers keep the carrier prefix; other numbers keep only the last four. */
export function maskPhone(value: string): string {
  const all = chars(value);
  if (all.length === 11) return all.slice(0, 3).join('') + stars(4) + all.slice(7).join('');
  return maskKeepLast4(value);
}

/**
 * 广东省广州市天河区体育西路1号 → 广东省广州市天河区: generalises a Chinese address to its county-level
 * unit (区/县/旗), else to its city (市), else to its province. A unit counts only if it comes before
 * anything street-level, because a 区 found after a street is a residential compound (小区), which is
 * more precise than the street, not less. 自治区 is a province, not a district, and is skipped as a cut.
 * An address with no recognisable unit is redacted.
 */
export function maskAddressText(value: string): string {
  const text = value.trim();
  if (text === '') return '';
  const streetLevel = /[路街道巷弄号村镇乡栋楼室]/.exec(text);
  const limit = streetLevel ? streetLevel.index : text.length;
  const head = text.slice(0, limit);
  const cutAfter = (pattern: RegExp): string | null => {
    for (const match of head.matchAll(pattern)) {
      if (match[0] === '区' && head.slice(0, match.index + 1).endsWith('自治区')) continue;
      return text.slice(0, match.index + match[0].length);
    }
    return null;
  };
  return cutAfter(/[区县旗]/g) ?? cutAfter(/市|地区|自治州|盟/g) ?? cutAfter(/省|自治区|特别行政区/g) ?? REDACTED;
}

/** Any FHIR date, dateTime or instant → its year (`1990`), itself a valid FHIR date; anything else is redacted. */
export function maskToYear(value: string): string {
  if (value.trim() === '') return '';
  const match = /^(\d{4})(?:-|$)/.exec(value.trim());
  return match?.[1] ?? REDACTED;
}

const REFERENCE_TARGET = /^(?:.*\/)?([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Patient/123 → Patient/<pseudonym>. The resource type is kept so the result is still a relative
 * reference a client can type-check. The pseudonymiser sees `Type/id` without base URL or version, so
 * relative, absolute and versioned references to one patient get one pseudonym and keep linking.
 * Contained references (`#x`) point inside the same resource and identify nobody, so they stay.
 */
export function pseudonymiseReference(value: string, context: MaskingContext): string {
  if (value.startsWith('#')) return value;
  const match = REFERENCE_TARGET.exec(value);
  if (!match) return context.pseudonymise(value);
  const target = `${match[1]}/${match[2]}`;
  return `${match[1]}/${context.pseudonymise(target)}`;
}

function maskString(strategy: MaskingStrategy, value: string, context: MaskingContext): string {
  // An empty string discloses nothing; keep it empty rather than invent a masked value. Redaction is
  // the exception so that "was there a value" is not revealed by the output's shape.
  if (value === '') return strategy === 'redact' ? REDACTED : '';
  switch (strategy) {
    case 'name':
      return maskName(value);
    case 'id-number':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'address':
      return maskAddressText(value);
    case 'birth-year':
      return maskToYear(value);
    case 'keep-last-4':
      return maskKeepLast4(value);
    case 'redact':
      return REDACTED;
    case 'pseudonym':
      return pseudonymiseReference(value, context);
  }
}

// Element sets of the R4 data types handled by shape (id and extension are common to all of them).
const REFERENCE_KEYS = new Set(['id', 'extension', 'reference', 'type', 'identifier', 'display']);
const IDENTIFIER_KEYS = new Set(['id', 'extension', 'use', 'type', 'system', 'value', 'period', 'assigner', 'rank']);
const HUMAN_NAME_KEYS = new Set(['id', 'extension', 'use', 'text', 'family', 'given', 'prefix', 'suffix', 'period']);
const ADDRESS_KEYS = new Set(['id', 'extension', 'use', 'type', 'text', 'line', 'city', 'district', 'state', 'postalCode', 'country', 'period']);
const PERIOD_KEYS = new Set(['id', 'extension', 'start', 'end']);

const isReference = (value: JsonObject): boolean =>
  onlyKeys(value, REFERENCE_KEYS) && (typeof value.reference === 'string' || isObject(value.identifier) || typeof value.display === 'string');
const isIdentifierOrContactPoint = (value: JsonObject): boolean => onlyKeys(value, IDENTIFIER_KEYS) && typeof value.value === 'string';
const isHumanName = (value: JsonObject): boolean => onlyKeys(value, HUMAN_NAME_KEYS);
const isAddress = (value: JsonObject): boolean => onlyKeys(value, ADDRESS_KEYS);
const isPeriod = (value: JsonObject): boolean => onlyKeys(value, PERIOD_KEYS) && (typeof value.start === 'string' || typeof value.end === 'string');

/** Copies the listed keys that are present, so that everything not listed is dropped by default. */
function pick(value: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = cloneJson(value[key]);
  return out;
}

/**
 * Identifier and ContactPoint: `value` is the identifying part, masked with the strategy; `system`,
 * `use`, `type` and `rank` are kept so the masked value still says what it is. `period`, `assigner`
 * and extensions are dropped: no rule classified them.
 */
function maskIdentifierLike(strategy: MaskingStrategy, value: JsonObject, context: MaskingContext): JsonObject {
  return { ...pick(value, ['use', 'type', 'system']), value: maskString(strategy, String(value.value), context), ...pick(value, ['rank']) };
}

/**
 * Reference: the target id is pseudonymised whatever the strategy, because a starred or shortened id
 * neither hides the patient reliably nor links records; the display is a person's or place's name.
 */
function maskReference(value: JsonObject, context: MaskingContext): JsonObject | undefined {
  const out = pick(value, ['type']);
  if (typeof value.reference === 'string') out.reference = pseudonymiseReference(value.reference, context);
  if (isObject(value.identifier) && typeof value.identifier.value === 'string') out.identifier = maskIdentifierLike('pseudonym', value.identifier, context);
  if (typeof value.display === 'string') out.display = maskName(value.display);
  return out.reference !== undefined || out.identifier !== undefined || out.display !== undefined ? out : undefined;
}

/**
 * HumanName: the surname's first character stays (张三 → family 张, given *), as in the plain-text
 * convention, so structured and text forms of one name mask alike. Prefix and suffix (Dr., 先生) are
 * titles, not identity, and stay; `period` and extensions are dropped.
 */
function maskHumanName(value: JsonObject): JsonObject | undefined {
  const out = pick(value, ['use']);
  if (typeof value.text === 'string') out.text = maskName(value.text);
  if (typeof value.family === 'string') {
    const family = chars(value.family.trim());
    out.family = (family[0] ?? '') + stars(family.length - 1);
  }
  const given = Array.isArray(value.given) ? value.given.filter((part): part is string => typeof part === 'string') : [];
  // Given names carry no convention of a kept initial: the kept surname character is the only hint.
  if (given.length > 0) out.given = given.map((part) => stars(chars(part.trim()).length));
  Object.assign(out, pick(value, ['prefix', 'suffix']));
  return out.text !== undefined || out.family !== undefined || out.given !== undefined ? out : undefined;
}

/**
 * Address: generalised to the county-level unit. `line` and `postalCode` locate a household and are
 * dropped, as are `period` and extensions (which may carry geolocation); `text` is rebuilt from the
 * kept parts so it cannot disclose more than they do.
 */
function maskAddress(value: JsonObject): JsonObject | undefined {
  const out = pick(value, ['use', 'type']);
  const parts: string[] = [];
  for (const key of ['state', 'city', 'district'] as const) {
    const part = value[key];
    if (typeof part !== 'string' || part === '') continue;
    out[key] = part;
    // Municipalities repeat themselves (state 北京市, city 北京市); say it once.
    if (parts[parts.length - 1] !== part) parts.push(part);
  }
  if (parts.length > 0) out.text = parts.join('');
  else if (typeof value.text === 'string') out.text = maskAddressText(value.text);
  if (typeof value.country === 'string') out.country = value.country;
  return out.text !== undefined || out.country !== undefined ? out : undefined;
}

/** Period under birth-year: each bound becomes its year, which is still a valid FHIR dateTime. */
function maskPeriod(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (typeof value.start === 'string') out.start = maskToYear(value.start);
  if (typeof value.end === 'string') out.end = maskToYear(value.end);
  return out;
}

/**
 * Masks one JSON node with a strategy. Returns the masked node (a new value; the input is never
 * modified) or undefined when the node should be dropped. Strings are masked directly; FHIR
 * Identifier, ContactPoint and Reference objects have their identifying part masked; HumanName
 * (strategy `name`), Address (`address`) and Period (`birth-year`) are masked by shape. Arrays are
 * masked item by item. Numbers, booleans and any other object cannot be masked meaningfully and are
 * dropped; `redact` drops every non-string.
 */
export function maskValue(strategy: MaskingStrategy, value: unknown, context: MaskingContext): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => maskValue(strategy, item, context)).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof value === 'string') return maskString(strategy, value, context);
  if (!isObject(value) || strategy === 'redact') return undefined;
  if (isReference(value)) return maskReference(value, context);
  if (isIdentifierOrContactPoint(value)) return maskIdentifierLike(strategy, value, context);
  if (strategy === 'name' && isHumanName(value)) return maskHumanName(value);
  if (strategy === 'address' && isAddress(value)) return maskAddress(value);
  if (strategy === 'birth-year' && isPeriod(value)) return maskPeriod(value);
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Rules: which strategy a catalog field gets
// ---------------------------------------------------------------------------------------------

/**
 * One rule of the masking policy. Every condition given must hold; an empty `match` matches every
 * field. Plain data, so the list can be stored and edited as a policy setting.
 */
export interface MaskingRule {
  match: {
    fieldName?: string;
    fieldType?: FieldType;
    identifierKind?: Exclude<IdentifierKind, 'none'>;
  };
  strategy: MaskingStrategy;
}

export const DEFAULT_MASKING_RULES: readonly MaskingRule[] = POLICY_SETTINGS['access.masking'].defaultValue;

/** The strategy of the first rule matching the field, or undefined when no rule applies. */
export function strategyFor(field: Pick<CatalogField, 'name' | 'type' | 'identifierKind'>, rules: readonly MaskingRule[] = DEFAULT_MASKING_RULES): MaskingStrategy | undefined {
  const rule = rules.find(
    ({ match }) =>
      (match.fieldName === undefined || match.fieldName === field.name) &&
      (match.fieldType === undefined || match.fieldType === field.type) &&
      (match.identifierKind === undefined || match.identifierKind === field.identifierKind),
  );
  return rule?.strategy;
}
