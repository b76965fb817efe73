/**
 * CSV rendering of released records: one row per record, one column per released field, RFC 4180
 * quoting. FHIR values are flattened to text for the simple data types (codes, quantities,
 * references, periods…); anything else becomes compact JSON rather than being silently lost.
 */
type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);

function codingText(coding: JsonObject): string | undefined {
  const code = str(coding.code);
  if (code === undefined) return str(coding.display);
  return typeof coding.system === 'string' ? `${coding.system}|${code}` : code;
}

/** One FHIR value as text, choosing by shape since JSON carries no type names. */
export function flattenValue(value: unknown): string {
  const simple = str(value);
  if (simple !== undefined) return simple;
  if (Array.isArray(value)) return value.map(flattenValue).filter((part) => part !== '').join('; ');
  if (!isObject(value)) return '';
  if (typeof value.reference === 'string') return value.reference;
  if (Array.isArray(value.coding)) return value.coding.filter(isObject).map(codingText).filter((t): t is string => t !== undefined).join('; ') || (str(value.text) ?? '');
  if ('value' in value && str(value.value) !== undefined) {
    // Quantity (value + unit) and Identifier / ContactPoint (value + system); a Quantity also has
    // `code`, so this must come before the Coding test.
    const unit = str(value.unit) ?? (typeof value.system === 'string' && typeof value.code === 'string' ? value.code : undefined);
    return unit ? `${str(value.value)} ${unit}` : str(value.value)!;
  }
  if ('code' in value && ('system' in value || 'display' in value)) return codingText(value) ?? '';
  if ('start' in value || 'end' in value) return `${str(value.start) ?? ''}/${str(value.end) ?? ''}`;
  if (typeof value.text === 'string') return value.text;
  return JSON.stringify(value);
}

/** Spreadsheet formula injection: a text cell starting with = + - @ would run as a formula when opened. */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export function csvCell(text: string): string {
  const safe = FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Excel reads UTF-8 CSV as the local code page unless it starts with a byte order mark; Chinese text needs it. */
export const CSV_BOM = '\uFEFF';
