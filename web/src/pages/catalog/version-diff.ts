import type { CatalogDefinition, CatalogField, CatalogVersion } from '../../api/types';

/** Top-level keys in the order a reader of the resource page meets them. */
const KEY_ORDER: readonly string[] = [
  'name',
  'description',
  'category',
  'gbCategory',
  'ownerDepartmentCode',
  'shareType',
  'shareCondition',
  'legalBasis',
  'defaultLevel',
  'specialCategory',
  'status',
  'updateFrequency',
  'format',
  'fhirResourceTypes',
  'matches',
  'fields',
];

export interface FieldChange {
  name: string;
  /** The field's own keys that differ (label, level, fhirPath…). */
  keys: string[];
}

export interface DefinitionDiff {
  /** The first version: there is nothing to compare it with. */
  initial: boolean;
  /** Top-level keys whose value differs, `fields` included when anything in the list changed. */
  changedKeys: string[];
  fieldsAdded: string[];
  fieldsRemoved: string[];
  fieldsChanged: FieldChange[];
  /** The same fields, unchanged, in a different order. */
  fieldsReordered: boolean;
}

/** Structural equality of JSON values; object key order does not matter, array order does. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  // A key that is absent and a key that is undefined mean the same in JSON.
  for (const key of keys) if (!sameJson(ao[key], bo[key])) return false;
  return true;
}

function orderKeys(keys: Iterable<string>): string[] {
  const rank = (key: string) => {
    const i = KEY_ORDER.indexOf(key);
    return i < 0 ? KEY_ORDER.length : i;
  };
  return [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function changedFieldKeys(before: CatalogField, after: CatalogField): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const fieldOrder = ['name', 'label', 'type', 'level', 'identifierKind', 'fhirPath', 'description'];
  const rank = (key: string) => (fieldOrder.includes(key) ? fieldOrder.indexOf(key) : fieldOrder.length);
  return [...keys]
    .filter((key) => !sameJson((before as unknown as Record<string, unknown>)[key], (after as unknown as Record<string, unknown>)[key]))
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

/**
 * What one version changed against the one before it: which top-level parts of the definition, and
 * for the field dictionary which fields (matched by their machine name) were added, removed or edited.
 */
export function diffDefinitions(previous: CatalogDefinition | undefined, next: CatalogDefinition): DefinitionDiff {
  if (!previous) return { initial: true, changedKeys: [], fieldsAdded: [], fieldsRemoved: [], fieldsChanged: [], fieldsReordered: false };
  const before = previous as unknown as Record<string, unknown>;
  const after = next as unknown as Record<string, unknown>;
  const changedKeys = orderKeys(new Set([...Object.keys(before), ...Object.keys(after)].filter((key) => !sameJson(before[key], after[key]))));

  const oldFields = new Map((previous.fields ?? []).map((field) => [field.name, field]));
  const newFields = new Map((next.fields ?? []).map((field) => [field.name, field]));
  const fieldsAdded = [...newFields.keys()].filter((name) => !oldFields.has(name));
  const fieldsRemoved = [...oldFields.keys()].filter((name) => !newFields.has(name));
  const fieldsChanged: FieldChange[] = [];
  for (const [name, field] of newFields) {
    const old = oldFields.get(name);
    if (!old) continue;
    const keys = changedFieldKeys(old, field);
    if (keys.length > 0) fieldsChanged.push({ name, keys });
  }
  const common = (fields: readonly CatalogField[], other: Map<string, CatalogField>) => fields.map((f) => f.name).filter((name) => other.has(name));
  const oldOrder = common(previous.fields ?? [], newFields);
  const newOrder = common(next.fields ?? [], oldFields);
  const fieldsReordered = oldOrder.some((name, i) => newOrder[i] !== name);
  return { initial: false, changedKeys, fieldsAdded, fieldsRemoved, fieldsChanged, fieldsReordered };
}

export function isUnchanged(diff: DefinitionDiff): boolean {
  return !diff.initial && diff.changedKeys.length === 0;
}

/**
 * Each version's diff against the next older version in the list (which is newest first, as the
 * server sends it). The oldest version has nothing before it and is marked initial.
 */
export function versionDiffs(versions: readonly CatalogVersion[]): Map<number, DefinitionDiff> {
  const diffs = new Map<number, DefinitionDiff>();
  versions.forEach((version, i) => {
    const older = versions[i + 1];
    diffs.set(version.version, diffDefinitions(older?.definition, version.definition));
  });
  return diffs;
}
