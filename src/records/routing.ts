import type { CatalogResourceDefinition, CodingMatch } from '../catalog/index.js';
import type { Coding, RecordFacts } from './fhir-facts.js';

const sameCoding = (a: Coding, b: CodingMatch) => a.code === b.code && (a.system === undefined || a.system === b.system);

/**
 * The catalog resource a record belongs to: of the definitions whose `matches` fit the record
 * (resource type, any listed category, any listed code), the highest priority wins — so an HIV
 * result lands in the level-5 resource, not in ordinary laboratory reports.
 */
export function routeToCatalog(resourceType: string, facts: Pick<RecordFacts, 'codes' | 'categories'>, catalog: readonly CatalogResourceDefinition[]): CatalogResourceDefinition | null {
  let best: { definition: CatalogResourceDefinition; priority: number } | null = null;
  for (const definition of catalog) {
    if (definition.status === 'retired') continue;
    for (const match of definition.matches) {
      if (match.resourceType !== resourceType) continue;
      if (match.categories?.length && !facts.categories.some((c) => match.categories!.some((m) => sameCoding(c, m)))) continue;
      if (match.codes?.length && !facts.codes.some((c) => match.codes!.some((m) => sameCoding(c, m)))) continue;
      if (!best || match.priority > best.priority) best = { definition, priority: match.priority };
    }
  }
  return best?.definition ?? null;
}
