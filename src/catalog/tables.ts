/** Row shapes of the catalog (migration 0004-catalog). */
export interface CatalogResourceRow {
  code: string;
  /** The current version's definition as canonical JSON; the versions table keeps every earlier one. */
  definition: string;
  version: number;
  status: string;
  category: string;
  gb_category: string;
  share_type: string;
  default_level: number;
  owner_department_code: string | null;
  name_zh: string;
  name_en: string;
  created_at: string;
  updated_at: string;
}

export interface CatalogResourceVersionRow {
  code: string;
  version: number;
  definition: string;
  changed_by: string | null;
  changed_by_name: string | null;
  changed_at: string;
  change_note: string | null;
}

export interface CatalogTables {
  catalog_resources: CatalogResourceRow;
  catalog_resource_versions: CatalogResourceVersionRow;
}
