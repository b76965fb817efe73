import { canonicalJson } from '../audit/index.js';
import type { CatalogResourceRow, CatalogResourceVersionRow } from './tables.js';
import type { CatalogResourceDefinition } from './types.js';

export type DefinitionBody = Omit<CatalogResourceDefinition, 'code'>;

/** Stored without the code (it is the key) and in canonical form, so versions compare byte for byte. */
export function storedDefinition(definition: DefinitionBody): string {
  return canonicalJson(definition);
}

export function rowFor(code: string, definition: DefinitionBody, version: number, createdAt: string, updatedAt: string): CatalogResourceRow {
  return {
    code,
    definition: storedDefinition(definition),
    version,
    status: definition.status,
    category: definition.category,
    gb_category: definition.gbCategory,
    share_type: definition.shareType,
    default_level: definition.defaultLevel,
    owner_department_code: definition.ownerDepartmentCode,
    name_zh: definition.name.zh,
    name_en: definition.name.en,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

export function definitionOf(row: Pick<CatalogResourceRow, 'definition'>): DefinitionBody {
  return JSON.parse(row.definition) as DefinitionBody;
}

export function presentResource(row: CatalogResourceRow) {
  return { code: row.code, version: row.version, ...definitionOf(row), createdAt: row.created_at, updatedAt: row.updated_at };
}

export function presentSummary(row: CatalogResourceRow) {
  const definition = definitionOf(row);
  return {
    code: row.code,
    version: row.version,
    name: definition.name,
    category: definition.category,
    gbCategory: definition.gbCategory,
    ownerDepartmentCode: definition.ownerDepartmentCode,
    shareType: definition.shareType,
    defaultLevel: definition.defaultLevel,
    specialCategory: definition.specialCategory,
    fhirResourceTypes: definition.fhirResourceTypes,
    status: definition.status,
    updatedAt: row.updated_at,
  };
}

export function presentVersion(row: CatalogResourceVersionRow) {
  return {
    version: row.version,
    changedAt: row.changed_at,
    changedBy: row.changed_by || row.changed_by_name ? { id: row.changed_by, name: row.changed_by_name } : null,
    changeNote: row.change_note,
    definition: definitionOf(row),
  };
}

export type ResourceView = ReturnType<typeof presentResource>;
