import { BUILTIN_CATALOG } from '../catalog/builtin/index.js';
import type { CatalogService } from '../catalog/index.js';

/** Adds any built-in catalog resource the database lacks (new installs, and new built-ins after upgrades). */
export function ensureBuiltinCatalog(catalog: CatalogService): Promise<string[]> {
  return catalog.seed(BUILTIN_CATALOG);
}
