import { fieldPath, type FieldError } from '../../api/problem';
import {
  SUPPORTED_FHIR_TYPES,
  type CatalogChangeInput,
  type CatalogDefinition,
  type CatalogField,
  type CatalogResource,
  type FieldType,
  type GbCategory,
  type IdentifierKind,
  type LocalizedName,
  type NewCatalogResourceInput,
  type PolicyCategory,
  type RecordMatch,
  type ResourceStatus,
  type SensitivityLevel,
  type ShareType,
  type SpecialCategory,
  type UpdateFrequency,
} from '../../api/types';

// The server's schema for a definition (src/catalog/schemas.ts), for checks the form makes as you type.
export const RESOURCE_CODE_PATTERN = /^[A-Z][A-Z0-9_]{2,63}$/;
export const FIELD_NAME_PATTERN = /^[a-z][A-Za-z0-9]{0,63}$/;
export const FHIR_PATH_PATTERN = /^[A-Z][A-Za-z]+(\.|$)/;
export const LIMITS = {
  name: 100,
  description: 2000,
  shareText: 1000,
  label: 100,
  fhirPath: 300,
  format: 100,
  changeNote: 500,
  fields: 200,
  fhirResourceTypes: 10,
} as const;

export type Language = keyof LocalizedName;
export const TEXT_LANGUAGES: readonly Language[] = ['zh', 'en'];

/** One row of the field dictionary as the form holds it. */
export interface FieldRow {
  name: string;
  label: LocalizedName;
  type: FieldType;
  level: SensitivityLevel;
  identifierKind: IdentifierKind;
  fhirPath: string;
  /** Not edited in the form, but kept with its field so saving does not drop it. */
  description?: LocalizedName | undefined;
}

/**
 * Everything the edit form holds. Both share texts are always present (empty when unused) so that
 * switching the share type back and forth keeps what was typed; only the one the share type needs
 * is sent.
 */
export interface ResourceFormValues {
  code: string;
  name: LocalizedName;
  description: LocalizedName;
  category: PolicyCategory;
  gbCategory: GbCategory;
  ownerDepartmentCode: string | undefined;
  shareType: ShareType;
  shareCondition: LocalizedName;
  legalBasis: LocalizedName;
  defaultLevel: SensitivityLevel;
  specialCategory: SpecialCategory | undefined;
  fhirResourceTypes: string[];
  updateFrequency: UpdateFrequency;
  format: string;
  status: ResourceStatus;
  fields: FieldRow[];
  changeNote: string;
}

const EMPTY_TEXT: LocalizedName = { zh: '', en: '' };

function copyText(text: LocalizedName | null | undefined): LocalizedName {
  return text ? { zh: text.zh, en: text.en } : { ...EMPTY_TEXT };
}

export function valuesFromResource(resource: CatalogResource): ResourceFormValues {
  return {
    code: resource.code,
    name: copyText(resource.name),
    description: copyText(resource.description),
    category: resource.category,
    gbCategory: resource.gbCategory,
    ownerDepartmentCode: resource.ownerDepartmentCode ?? undefined,
    shareType: resource.shareType,
    shareCondition: copyText(resource.shareCondition),
    legalBasis: copyText(resource.legalBasis),
    defaultLevel: resource.defaultLevel,
    specialCategory: resource.specialCategory ?? undefined,
    fhirResourceTypes: [...resource.fhirResourceTypes],
    updateFrequency: resource.updateFrequency,
    format: resource.format,
    status: resource.status,
    fields: resource.fields.map((field) => ({
      name: field.name,
      label: copyText(field.label),
      type: field.type,
      level: field.level,
      identifierKind: field.identifierKind,
      fhirPath: field.fhirPath,
      ...(field.description && { description: copyText(field.description) }),
    })),
    changeNote: '',
  };
}

/** A new row: the least sensitive settings, for the editor to raise. */
export function newFieldRow(): FieldRow {
  return { name: '', label: { ...EMPTY_TEXT }, type: 'string', level: 1, identifierKind: 'none', fhirPath: '' };
}

/** A new resource starts as a draft, owned by the creator's department when they are a department head. */
export function blankValues(ownerDepartmentCode?: string): ResourceFormValues {
  return {
    code: '',
    name: { ...EMPTY_TEXT },
    description: { ...EMPTY_TEXT },
    category: 'clinical',
    gbCategory: 'health_status',
    ownerDepartmentCode,
    shareType: 'conditional',
    shareCondition: { ...EMPTY_TEXT },
    legalBasis: { ...EMPTY_TEXT },
    defaultLevel: 3,
    specialCategory: undefined,
    fhirResourceTypes: [],
    updateFrequency: 'realtime',
    format: 'FHIR R4 JSON',
    status: 'draft',
    fields: [newFieldRow()],
    changeNote: '',
  };
}

function trimText(text: LocalizedName | undefined): LocalizedName {
  return { zh: text?.zh?.trim() ?? '', en: text?.en?.trim() ?? '' };
}

function isBlankText(text: LocalizedName | undefined): boolean {
  return !text?.zh?.trim() && !text?.en?.trim();
}

function fieldFromRow(row: FieldRow): CatalogField {
  const field: CatalogField = {
    name: row.name?.trim() ?? '',
    label: trimText(row.label),
    type: row.type,
    level: row.level,
    identifierKind: row.identifierKind,
    fhirPath: row.fhirPath?.trim() ?? '',
  };
  if (row.description && !isBlankText(row.description)) field.description = trimText(row.description);
  return field;
}

/**
 * The definition the form describes, trimmed. The share condition goes only with conditional
 * sharing and the legal basis only with "not shareable", as the server requires; a text the share
 * type needs is sent even when blank, so the check below (and the server) can point at it.
 * `matches` (routing rules) are not edited here and travel unchanged.
 */
export function definitionFromValues(values: ResourceFormValues, matches: readonly RecordMatch[]): CatalogDefinition {
  const owner = values.ownerDepartmentCode?.trim();
  return {
    name: trimText(values.name),
    description: trimText(values.description),
    category: values.category,
    gbCategory: values.gbCategory,
    ownerDepartmentCode: owner ? owner : null,
    shareType: values.shareType,
    shareCondition: values.shareType === 'conditional' ? trimText(values.shareCondition) : null,
    legalBasis: values.shareType === 'not_shareable' ? trimText(values.legalBasis) : null,
    defaultLevel: values.defaultLevel,
    specialCategory: values.specialCategory ?? null,
    fhirResourceTypes: [...(values.fhirResourceTypes ?? [])],
    matches: structuredClone([...matches]),
    fields: (values.fields ?? []).map(fieldFromRow),
    updateFrequency: values.updateFrequency,
    format: values.format?.trim() ?? '',
    status: values.status,
  };
}

function withNote<T extends object>(body: T, note: string | undefined): T & { changeNote?: string } {
  const changeNote = note?.trim();
  return changeNote ? { ...body, changeNote } : body;
}

/** The PUT body: the whole definition plus the change note, if one was written. */
export function changeInput(values: ResourceFormValues, matches: readonly RecordMatch[]): CatalogChangeInput {
  return withNote(definitionFromValues(values, matches), values.changeNote);
}

/** The POST body of a new resource; it has no routing rules until an administrator adds them. */
export function newResourceInput(values: ResourceFormValues): NewCatalogResourceInput {
  return withNote({ code: values.code.trim(), ...definitionFromValues(values, []) }, values.changeNote);
}

export type FormPath = (string | number)[];

/** Each rule's message is `resourceForm.problem.<code>` in the translation files. */
export const PROBLEM_CODES = [
  'conditionRequired',
  'legalBasisRequired',
  'duplicateFieldName',
  'fhirPathType',
  'unsupportedType',
  'matchTypeMissing',
  'specialLevel',
  'levelBelowField',
  'fieldsRequired',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface FormProblem {
  /** Where in the form the message belongs. */
  path: FormPath;
  code: ProblemCode;
  values?: Record<string, string | number>;
}

/**
 * The catalog's rules for a definition, as the server applies them (src/catalog/rules.ts), checked
 * before sending so the editor sees each message under the input it concerns.
 */
export function definitionProblems(definition: CatalogDefinition): FormProblem[] {
  const problems: FormProblem[] = [];
  if (definition.shareType === 'conditional') {
    for (const lang of TEXT_LANGUAGES) {
      if (!definition.shareCondition?.[lang]?.trim()) problems.push({ path: ['shareCondition', lang], code: 'conditionRequired' });
    }
  }
  if (definition.shareType === 'not_shareable') {
    for (const lang of TEXT_LANGUAGES) {
      if (!definition.legalBasis?.[lang]?.trim()) problems.push({ path: ['legalBasis', lang], code: 'legalBasisRequired' });
    }
  }
  if (definition.fields.length === 0) problems.push({ path: ['fields'], code: 'fieldsRequired' });
  const seen = new Set<string>();
  definition.fields.forEach((field, index) => {
    if (field.name && seen.has(field.name)) problems.push({ path: ['fields', index, 'name'], code: 'duplicateFieldName', values: { name: field.name } });
    seen.add(field.name);
    // The first branch names the type, as the server reads it (a union's later branches are not checked).
    const type = field.fhirPath.split('.')[0];
    if (type && !definition.fhirResourceTypes.includes(type)) {
      problems.push({ path: ['fields', index, 'fhirPath'], code: 'fhirPathType', values: { types: definition.fhirResourceTypes.join(', ') || '—' } });
    }
  });
  for (const type of definition.fhirResourceTypes) {
    if (!(SUPPORTED_FHIR_TYPES as readonly string[]).includes(type)) problems.push({ path: ['fhirResourceTypes'], code: 'unsupportedType', values: { type } });
  }
  const missing = [...new Set(definition.matches.map((match) => match.resourceType).filter((type) => !definition.fhirResourceTypes.includes(type)))];
  for (const type of missing) problems.push({ path: ['fhirResourceTypes'], code: 'matchTypeMissing', values: { type } });
  if (definition.specialCategory && definition.defaultLevel !== 5) problems.push({ path: ['defaultLevel'], code: 'specialLevel' });
  const maxFieldLevel = Math.max(0, ...definition.fields.map((field) => field.level));
  if (maxFieldLevel > definition.defaultLevel && !definition.specialCategory) {
    problems.push({ path: ['defaultLevel'], code: 'levelBelowField', values: { level: definition.defaultLevel, max: maxFieldLevel } });
  }
  return problems;
}

const TEXT_KEYS = new Set(['name', 'description', 'shareCondition', 'legalBasis']);
const PLAIN_KEYS = new Set(['category', 'gbCategory', 'ownerDepartmentCode', 'shareType', 'defaultLevel', 'specialCategory', 'updateFrequency', 'format', 'status', 'changeNote']);
const FIELD_KEYS = new Set(['name', 'type', 'level', 'identifierKind', 'fhirPath']);

function isLanguage(value: string | undefined): value is Language {
  return value === 'zh' || value === 'en';
}

/** For a message about a whole bilingual text, the input that is empty (else the Chinese one). */
function textInput(text: LocalizedName | undefined, named: string | undefined): Language {
  if (isLanguage(named)) return named;
  return TEXT_LANGUAGES.find((lang) => !text?.[lang]?.trim()) ?? 'zh';
}

/**
 * The form input a server error belongs under: `body/shareCondition` → the condition's empty
 * language, `body/fields/2/name` → the third row's name. Undefined for anything the form does not
 * show (routing rules, a text hidden by the current share type), which stays in the alert.
 */
export function formPathForServerError(path: string, values: ResourceFormValues, options: { creating: boolean }): FormPath | undefined {
  const [head, ...rest] = fieldPath(path);
  if (!head) return undefined;
  if (head === 'code') return options.creating ? ['code'] : undefined;
  if (head === 'shareCondition' && values.shareType !== 'conditional') return undefined;
  if (head === 'legalBasis' && values.shareType !== 'not_shareable') return undefined;
  if (TEXT_KEYS.has(head)) return [head, textInput(values[head as keyof ResourceFormValues] as LocalizedName, rest[0])];
  if (PLAIN_KEYS.has(head)) return [head];
  if (head === 'fhirResourceTypes') return ['fhirResourceTypes'];
  if (head === 'fields') {
    const index = Number(rest[0]);
    const rows = values.fields ?? [];
    if (rest.length === 0 || !Number.isInteger(index) || index < 0 || index >= rows.length) return ['fields'];
    const key = rest[1];
    if (key === 'label') return ['fields', index, 'label', textInput(rows[index]?.label, rest[2])];
    if (key && FIELD_KEYS.has(key)) return ['fields', index, key];
    // The row as a whole, or its description (not editable here): the row's name input.
    return ['fields', index, 'name'];
  }
  return undefined;
}

export interface ErrorPlacement {
  placed: { name: FormPath; errors: string[] }[];
  unplaced: FieldError[];
}

/** Splits server field errors into those shown under inputs and those left for the alert. */
export function placeServerErrors(errors: readonly FieldError[], values: ResourceFormValues, options: { creating: boolean }): ErrorPlacement {
  const byPath = new Map<string, { name: FormPath; errors: string[] }>();
  const unplaced: FieldError[] = [];
  for (const error of errors) {
    const name = formPathForServerError(error.path, values, options);
    if (!name) {
      unplaced.push(error);
      continue;
    }
    const key = name.join('.');
    const entry = byPath.get(key) ?? { name, errors: [] };
    entry.errors.push(error.message);
    byPath.set(key, entry);
  }
  return { placed: [...byPath.values()], unplaced };
}

/** Whether the share type needs the text in question (for the required mark on its inputs). */
export function shareTextNeeded(shareType: ShareType | undefined, text: 'shareCondition' | 'legalBasis'): boolean {
  return text === 'shareCondition' ? shareType === 'conditional' : shareType === 'not_shareable';
}
