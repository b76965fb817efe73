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

/** Tells an issue from a planned or prepared record (both of which carry other fields). */
export function isIssue(outcome: object): outcome is IngestIssue {
  return 'expression' in outcome && 'message' in outcome;
}

/**
 * Checks each entry on its own — shape, supported type, required elements, business identifier,
 * a catalog resource to route it to — before anything touches the database.
 */
export function planEntries(entries: { fullUrl?: unknown; resource?: unknown }[], catalog: readonly CatalogResourceDefinition[]): { planned: PlannedRecord[]; issues: IngestIssue[] } {
  const planned: PlannedRecord[] = [];
  const issues: IngestIssue[] = [];
  entries.forEach((entry, index) => {
    const outcome = planEntry(entry, index, catalog);
    if (isIssue(outcome)) issues.push(outcome);
    else planned.push(outcome);
  });
  return { planned, issues };
}

/** The checks of `planEntries` for one entry: its plan, or the first problem found. */
export function planEntry(entry: { fullUrl?: unknown; resource?: unknown }, index: number, catalog: readonly CatalogResourceDefinition[]): PlannedRecord | IngestIssue {
  const at = `Bundle.entry[${index}]`;
  const resource = entry?.resource as FhirResource | undefined;
  if (!resource || typeof resource !== 'object' || typeof resource.resourceType !== 'string') {
    return { entry: index, code: 'structure', expression: `${at}.resource`, message: 'entry has no resource with a resourceType' };
  }
  if (!(SUPPORTED_FHIR_TYPES as readonly string[]).includes(resource.resourceType)) {
    return { entry: index, code: 'not-supported', expression: `${at}.resource.resourceType`, message: `${resource.resourceType} is not a resource type the catalog knows` };
  }
  if (resource.id !== undefined && (typeof resource.id !== 'string' || !FHIR_ID.test(resource.id))) {
    return { entry: index, code: 'invalid', expression: `${at}.resource.id`, message: 'id must match [A-Za-z0-9-.]{1,64}' };
  }
  const missing = missingRequired(resource);
  if (missing.length > 0) {
    return { entry: index, code: 'required', expression: `${at}.resource.${missing[0]!.split('.').slice(1).join('.')}`, message: `missing required element(s): ${missing.join(', ')}` };
  }
  const facts = factsOf(resource);
  if (!facts.businessIdentifier) {
    return { entry: index, code: 'required', expression: `${at}.resource.identifier`, message: 'a business identifier (system and value) is required so that re-sending updates instead of duplicating' };
  }
  const definition = routeToCatalog(resource.resourceType, facts, catalog);
  if (!definition) {
    return { entry: index, code: 'not-supported', expression: `${at}.resource`, message: `no catalog resource accepts this ${resource.resourceType}; add one to the catalog first` };
  }
  const senderRefs = [typeof entry.fullUrl === 'string' ? entry.fullUrl : null, resource.id ? `${resource.resourceType}/${resource.id}` : null].filter((r): r is string => r !== null);
  return { entry: index, resource, facts, catalog: definition, senderRefs };
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

/**
 * The distinct `reference` strings of a resource, in the order they first appear: what ingest
 * checks and rewrites. Where each sits is only needed to point at a bad one, and is found again
 * then (`referencesIn`), so no path text is built for the references that are fine.
 */
export function distinctReferences(value: object): string[] {
  const out: string[] = [];
  walkReferences(value, [], (holder) => {
    const reference = holder.reference as string;
    if (!out.includes(reference)) out.push(reference);
  });
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
