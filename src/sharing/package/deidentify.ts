import { maskValue, pseudonymiseReference, type MaskingContext, type MaskingStrategy } from '../../access/masking.js';
import type { Location } from '../../access/projection.js';
import type { FhirResource } from '../../records/index.js';
import type { IdentificationLevel } from '../types.js';
import { shiftDate } from './dates.js';
import { PSEUDONYM_PATTERN } from './pseudonyms.js';

/**
 * De-identification of one released resource: a single pass over the JSON that
 *
 *  - drops or masks the nodes an action names (fields outside the grant, and the level's field
 *    treatments when the package is stricter than the grant), using the access layer's masking;
 *  - for pseudonymised and de-identified packages, replaces every resource id, reference target and
 *    identifier value by a keyed pseudonym, drops reference display texts (they name the target),
 *    keeps only the coded parts of `meta`, and shifts every day-precision date by the patient's
 *    offset.
 *
 * It works in place: the resource must be the caller's own copy (access presents every record as a
 * fresh projection), and a second copy per record was most of the cost of a large export.
 */

export type FieldAction = { kind: 'drop' } | { kind: 'mask'; strategy: MaskingStrategy };

/** Actions by location, as a trie so the walk finds them by key without re-encoding paths. */
export interface ActionNode {
  action?: FieldAction;
  children?: Map<string | number, ActionNode>;
}

export function actionTree(entries: readonly { location: Location; action: FieldAction }[]): ActionNode | null {
  if (entries.length === 0) return null;
  const root: ActionNode = {};
  for (const { location, action } of entries) {
    if (location.length === 0) throw new Error('an action cannot replace the whole resource');
    let node = root;
    for (const key of location) {
      node.children ??= new Map();
      let child = node.children.get(key);
      if (!child) {
        child = {};
        node.children.set(key, child);
      }
      node = child;
    }
    // When locations nest the outermost wins, as in projection's rewrite: a node is treated once.
    node.action ??= action;
  }
  return root;
}

export interface DeidentifyContext {
  level: IdentificationLevel;
  /** Keyed pseudonym of an identifier or of a `Type/id` reference target. */
  pseudonymise: (value: string) => string;
  /** The same function for a value met once (the record's own id); defaults to `pseudonymise`. */
  pseudonymiseOnce?: (value: string) => string;
  /** This patient's offset in days; 0 leaves dates alone. */
  shiftDays: number;
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const REFERENCE_KEYS = new Set(['id', 'extension', 'reference', 'type', 'identifier', 'display']);
const IDENTIFIER_ELEMENTS = new Set(['identifier', 'masterIdentifier']);
/** Strings under these keys are codes, URIs or ids, never dates to shift. */
const NOT_DATES = new Set(['id', 'reference', 'system', 'url', 'code', 'version', 'div', 'contentType', 'language']);
const META_KEPT = ['profile', 'security'] as const;

// The walk visits every node of every released record: these checks loop over keys in place
// rather than allocate key and entry arrays per object, which showed up as collector time.
function isReference(value: JsonObject): boolean {
  if (typeof value.reference !== 'string' && !isObject(value.identifier)) return false;
  for (const key in value) if (!REFERENCE_KEYS.has(key)) return false;
  return true;
}

const isPseudonymised = (id: string): boolean => PSEUDONYM_PATTERN.test(id);

/** Masked values (`****1234`) are left as masked: hashing them would give unrelated people one pseudonym. */
const isMasked = (value: string): boolean => value.includes('*');

interface Walk {
  ctx: DeidentifyContext;
  generic: boolean;
  masking: MaskingContext;
}

function pseudonymReference(reference: string, walk: Walk): string {
  const target = /\/([^/]+)$/.exec(reference)?.[1];
  if (reference.startsWith('#') || (target !== undefined && isPseudonymised(target))) return reference;
  return pseudonymiseReference(reference, walk.masking);
}

function transformString(value: string, key: string | number, walk: Walk): string {
  if (!walk.generic || walk.ctx.shiftDays === 0 || (typeof key === 'string' && NOT_DATES.has(key))) return value;
  return shiftDate(value, walk.ctx.shiftDays) ?? value;
}

function transformIdentifier(node: JsonObject, walk: Walk): void {
  const value = node.value as string;
  if (isMasked(value) || isPseudonymised(value)) return;
  node.value = walk.ctx.pseudonymise(`${typeof node.system === 'string' ? node.system : ''}|${value}`);
}

function walkObject(node: JsonObject, tree: ActionNode | undefined, key: string | number, walk: Walk): JsonObject | undefined {
  const reference = walk.generic && isReference(node);
  // The identifier's own value is pseudonymised here, so the walk below leaves it alone (a string
  // under `value` is no date).
  if (walk.generic && IDENTIFIER_ELEMENTS.has(String(key)) && typeof node.value === 'string') transformIdentifier(node, walk);
  let kept = false;
  const children = tree?.children;
  for (const childKey in node) {
    if (!Object.prototype.hasOwnProperty.call(node, childKey)) continue;
    const child = node[childKey];
    let value: unknown;
    if (reference && childKey === 'display') value = undefined;
    else if (reference && childKey === 'reference' && typeof child === 'string') value = pseudonymReference(child, walk);
    else value = walkNode(child, children?.get(childKey), childKey, walk);
    if (value === undefined) delete node[childKey];
    else {
      node[childKey] = value;
      kept = true;
    }
  }
  // FHIR JSON forbids empty elements; an object emptied by removals goes too.
  return kept ? node : undefined;
}

function walkNode(node: unknown, tree: ActionNode | undefined, key: string | number, walk: Walk): unknown {
  let current = node;
  let actions = tree;
  if (actions?.action) {
    if (actions.action.kind === 'drop') return undefined;
    current = maskValue(actions.action.strategy, current, walk.masking);
    if (current === undefined) return undefined;
    // The masked node is new data; its locations no longer correspond to any action.
    actions = undefined;
  }
  if (Array.isArray(current)) {
    const children = actions?.children;
    let kept = 0;
    for (let index = 0; index < current.length; index += 1) {
      const value = walkNode(current[index], children?.get(index), key, walk);
      if (value !== undefined) current[kept++] = value;
    }
    current.length = kept;
    return kept > 0 ? current : undefined;
  }
  if (typeof current === 'string') return transformString(current, key, walk);
  if (!isObject(current)) return current;
  return walkObject(current, actions, key, walk);
}

/** Applies the actions and, below the identified level, pseudonymisation and date shifting, in place. */
export function deidentifyResource(resource: FhirResource, actions: ActionNode | null, ctx: DeidentifyContext): FhirResource {
  const generic = ctx.level !== 'identified';
  const walk: Walk = { ctx, generic, masking: { pseudonymise: ctx.pseudonymise } };
  const { resourceType, id } = resource;
  const out: JsonObject = walkObject(resource, actions ?? undefined, '', walk) ?? {};
  out.resourceType = resourceType;
  if (!generic) return out as FhirResource;
  if (typeof id === 'string') out.id = isPseudonymised(id) ? id : (ctx.pseudonymiseOnce ?? ctx.pseudonymise)(`${resourceType}/${id}`);
  // meta.lastUpdated and versionId are the platform's own bookkeeping and would re-link the record.
  if (isObject(out.meta)) {
    const meta: JsonObject = {};
    for (const key of META_KEPT) if (out.meta[key] !== undefined) meta[key] = out.meta[key];
    if (Object.keys(meta).length > 0) out.meta = meta;
    else delete out.meta;
  }
  return out as FhirResource;
}

const PATIENT_LINKS = ['subject', 'patient', 'beneficiary'] as const;

/**
 * The key that groups a record with its patient's other records: the patient reference as access
 * returned it (a per-grant pseudonym unless the grant is identified), or the Patient's own id. A
 * record that names no patient is its own group, so its dates still move, just not in step.
 */
export function patientKeyOf(resource: FhirResource): string {
  if (resource.resourceType === 'Patient' && typeof resource.id === 'string') return `Patient/${resource.id}`;
  for (const link of PATIENT_LINKS) {
    const value = resource[link];
    if (isObject(value) && typeof value.reference === 'string' && /(^|\/)Patient\/[^/]+$/.test(value.reference)) {
      return value.reference.slice(value.reference.lastIndexOf('Patient/'));
    }
  }
  return `${resource.resourceType}/${resource.id ?? ''}`;
}
