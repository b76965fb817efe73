import type { CatalogResourceDefinition } from '../catalog/index.js';
import { SUPPORTED_FHIR_TYPES } from '../catalog/index.js';
import { factsOf, missingRequired, type FhirResource, type RecordFacts } from './fhir-facts.js';
import { routeToCatalog } from './routing.js';

/** One problem with one entry, in OperationOutcome terms. */
export interface IngestIssue {
  entry: number;
  code: 'structure' | 'required' | 'not-supported' | 'not-found' | 'invalid' | 'conflict';
  expression: string;
  message: string;
}

export interface PlannedRecord {
  entry: number;
  resource: FhirResource;
  facts: RecordFacts;
  catalog: CatalogResourceDefinition;
  /** `Type/id` as the sender named it (or the urn:uuid fullUrl), so references can be rewritten. */
  senderRefs: string[];
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * Checks each entry on its own — shape, supported type, required elements, business identifier,
 * a catalog resource to route it to — before anything touches the database.
 */
export function planEntries(entries: { fullUrl?: unknown; resource?: unknown }[], catalog: readonly CatalogResourceDefinition[]): { planned: PlannedRecord[]; issues: IngestIssue[] } {
  const planned: PlannedRecord[] = [];
  const issues: IngestIssue[] = [];
  entries.forEach((entry, index) => {
    const at = `Bundle.entry[${index}]`;
    const resource = entry?.resource as FhirResource | undefined;
    if (!resource || typeof resource !== 'object' || typeof resource.resourceType !== 'string') {
      issues.push({ entry: index, code: 'structure', expression: `${at}.resource`, message: 'entry has no resource with a resourceType' });
      return;
    }
    if (!(SUPPORTED_FHIR_TYPES as readonly string[]).includes(resource.resourceType)) {
      issues.push({ entry: index, code: 'not-supported', expression: `${at}.resource.resourceType`, message: `${resource.resourceType} is not a resource type the catalog knows` });
      return;
    }
    if (resource.id !== undefined && (typeof resource.id !== 'string' || !FHIR_ID.test(resource.id))) {
      issues.push({ entry: index, code: 'invalid', expression: `${at}.resource.id`, message: 'id must match [A-Za-z0-9-.]{1,64}' });
      return;
    }
    const missing = missingRequired(resource);
    if (missing.length > 0) {
      issues.push({ entry: index, code: 'required', expression: `${at}.resource.${missing[0]!.split('.').slice(1).join('.')}`, message: `missing required element(s): ${missing.join(', ')}` });
      return;
    }
    const facts = factsOf(resource);
    if (!facts.businessIdentifier) {
      issues.push({ entry: index, code: 'required', expression: `${at}.resource.identifier`, message: 'a business identifier (system and value) is required so that re-sending updates instead of duplicating' });
      return;
    }
    const definition = routeToCatalog(resource.resourceType, facts, catalog);
    if (!definition) {
      issues.push({ entry: index, code: 'not-supported', expression: `${at}.resource`, message: `no catalog resource accepts this ${resource.resourceType}; add one to the catalog first` });
      return;
    }
    const senderRefs = [typeof entry.fullUrl === 'string' ? entry.fullUrl : null, resource.id ? `${resource.resourceType}/${resource.id}` : null].filter((r): r is string => r !== null);
    planned.push({ entry: index, resource, facts, catalog: definition, senderRefs });
  });
  return { planned, issues };
}

/** Every `reference` string anywhere in a resource, with its path, for resolution and rewriting. */
export function referencesIn(value: unknown, path: string, out: { path: string; reference: string; holder: Record<string, unknown> }[] = []) {
  if (Array.isArray(value)) value.forEach((item, i) => referencesIn(item, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.reference === 'string') out.push({ path: `${path}.reference`, reference: object.reference, holder: object });
    for (const [key, child] of Object.entries(object)) if (key !== 'reference' && child && typeof child === 'object') referencesIn(child, `${path}.${key}`, out);
  }
  return out;
}
