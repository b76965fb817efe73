import type { CatalogResourceDefinition } from '../catalog/index.js';
// From the rules file rather than the catalog's index: a bulk-import worker thread loads this
// module, and the index would pull in the catalog's HTTP routes and everything behind them.
import { SUPPORTED_FHIR_TYPES } from '../catalog/rules.js';
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

export interface FoundReference {
  /** Where it sits, e.g. `resource.subject.reference`, for the OperationOutcome that points at it. */
  path: string;
  reference: string;
}

/**
 * Every `reference` string anywhere in a resource, in document order. The path so far is kept as
 * a stack of segments and only turned into text where a reference is found: building a path
 * string for every nested element cost more than the walk.
 */
export function referencesIn(value: object, root: string): FoundReference[] {
  const out: FoundReference[] = [];
  walkReferences(value, [], (holder, trail) => out.push({ path: `${pathText(root, trail)}.reference`, reference: holder.reference as string }));
  return out;
}

/** The objects holding those references, in the same order, for rewriting them in place. */
export function referenceHolders(value: object): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  walkReferences(value, [], (holder) => out.push(holder));
  return out;
}

type Visit = (holder: Record<string, unknown>, trail: readonly (string | number)[]) => void;

function walkReferences(value: object, trail: (string | number)[], visit: Visit): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (!item || typeof item !== 'object') continue;
      trail.push(i);
      walkReferences(item, trail, visit);
      trail.pop();
    }
    return;
  }
  const object = value as Record<string, unknown>;
  if (typeof object.reference === 'string') visit(object, trail);
  // for…in rather than Object.keys: parsed JSON has no inherited keys, and no key array is allocated per object.
  for (const key in object) {
    const child = object[key];
    if (key === 'reference' || !child || typeof child !== 'object') continue;
    trail.push(key);
    walkReferences(child, trail, visit);
    trail.pop();
  }
}

function pathText(root: string, trail: readonly (string | number)[]): string {
  let text = root;
  for (const segment of trail) text += typeof segment === 'number' ? `[${segment}]` : `.${segment}`;
  return text;
}
