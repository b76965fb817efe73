/**
 * Catalog paths merged into one trie per resource type, and the two walks every guarded read runs
 * with them: copying out what the paths match (projection) and replacing what one path matches
 * (masking). Both follow the trie down the resource once, so a read costs one walk over the matched
 * parts rather than one walk per path plus a tree of the locations found; the results are exactly
 * those of evaluating each path on its own (see projection.ts for the path language).
 */
import { capitalise, CHOICE_SUFFIXES } from './choice-elements.js';
import { cloneJson, isJsonObject, type JsonObject } from './json.js';
import type { CompiledPath, PathStep } from './projection.js';

/** Where the walk stands in one or more paths after the steps that led to a node. */
interface PathNode {
  /** Some path ends here: the node itself is matched. */
  whole: boolean;
  /** JSON key → the nodes it leads to, whatever else the object holds. */
  readonly keys: Map<string, PathNode[]>;
  /** `nameType` → the nodes it leads to when the object has no bare `name` (a choice element). */
  readonly choices: Map<string, { bare: string; node: PathNode }[]>;
  /** `where(key='value')` filters on the object at this node. */
  readonly filters: { key: string; value: string; node: PathNode }[];
  readonly edges: Map<string, PathNode>;
}

const emptyNode = (): PathNode => ({ whole: false, keys: new Map(), choices: new Map(), filters: [], edges: new Map() });

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function follow(node: PathNode, step: PathStep): PathNode {
  const edge = step.kind === 'where' ? `where ${step.key}=${step.value}` : `element ${step.name} ${step.ofType ?? ''}`;
  const known = node.edges.get(edge);
  if (known) return known;
  const next = emptyNode();
  node.edges.set(edge, next);
  if (step.kind === 'where') node.filters.push({ key: step.key, value: step.value, node: next });
  else if (step.ofType !== null) push(node.keys, step.name + capitalise(step.ofType), next);
  else {
    push(node.keys, step.name, next);
    // A choice element never appears under its bare name in JSON, so a bare key rules the choice out.
    for (const suffix of CHOICE_SUFFIXES) push(node.choices, step.name + suffix, { bare: step.name, node: next });
  }
  return next;
}

/** The merged paths, one root per resource type. */
export type PathTrie = ReadonlyMap<string, PathNode>;

export function buildTrie(paths: readonly CompiledPath[]): PathTrie {
  const roots = new Map<string, PathNode>();
  for (const path of paths) {
    for (const branch of path.branches) {
      let node = roots.get(branch.resourceType);
      if (!node) {
        node = emptyNode();
        roots.set(branch.resourceType, node);
      }
      for (const step of branch.steps) node = follow(node, step);
      node.whole = true;
    }
  }
  return roots;
}

/** The nodes an object's key leads to from the given nodes, or null. */
function childNodes(object: JsonObject, key: string, nodes: readonly PathNode[]): PathNode[] | null {
  let found: PathNode[] | null = null;
  for (const node of nodes) {
    const direct = node.keys.get(key);
    if (direct) found = found ? found.concat(direct) : direct;
    const choices = node.choices.get(key);
    if (!choices) continue;
    for (const choice of choices) {
      if (choice.bare in object) continue;
      found = found ? [...found, choice.node] : [choice.node];
    }
  }
  return found;
}

/** The nodes plus those whose `where` filter this object passes (filters may chain). */
function passFilters(object: JsonObject, nodes: readonly PathNode[], passed?: (key: string, node: PathNode) => void): readonly PathNode[] {
  let active = nodes;
  for (let i = 0; i < active.length; i += 1) {
    for (const filter of active[i]!.filters) {
      // Strict equality: the literal is a string, and FHIRPath `=` between a string and a number
      // or a collection is not true either.
      if (object[filter.key] !== filter.value) continue;
      if (active === nodes) active = [...nodes];
      (active as PathNode[]).push(filter.node);
      passed?.(filter.key, filter.node);
    }
  }
  return active;
}

const anyWhole = (nodes: readonly PathNode[]): boolean => nodes.some((node) => node.whole);

/** Whether any path below these nodes matches something in the value. */
function matchesBelow(value: unknown, nodes: readonly PathNode[]): boolean {
  if (anyWhole(nodes)) return true;
  if (!isJsonObject(value)) return false;
  const active = passFilters(value, nodes);
  if (anyWhole(active)) return true;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const children = childNodes(value, key, active);
    if (!children) continue;
    const child = value[key];
    if (Array.isArray(child)) {
      for (const item of child) if (item !== null && item !== undefined && matchesBelow(item, children)) return true;
    } else if (child !== null && child !== undefined && matchesBelow(child, children)) return true;
  }
  return false;
}

/**
 * A copy of what the nodes match in one element value; undefined when they match nothing. FHIRPath
 * flattens collections, so array items are matched one by one and the copy keeps the matched ones
 * in order (null placeholders of primitive arrays never match).
 */
function copyElement(value: unknown, nodes: readonly PathNode[]): unknown {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) return copyMatched(value, nodes);
  const items: unknown[] = [];
  for (const item of value) {
    if (item === null || item === undefined) continue;
    const copied = copyMatched(item, nodes);
    if (copied !== undefined) items.push(copied);
  }
  return items.length > 0 ? items : undefined;
}

function copyMatched(value: unknown, nodes: readonly PathNode[], always?: ReadonlySet<string>): unknown {
  if (anyWhole(nodes)) return cloneJson(value);
  if (!isJsonObject(value)) return undefined;
  // A filter's discriminator (`system`, `url`) is kept with what it discriminates, and only then:
  // a bare `value` copied out of an identifier would no longer say what it is.
  let discriminators = null as Set<string> | null;
  const active = passFilters(value, nodes, (key, node) => {
    if (matchesBelow(value, [node])) (discriminators ??= new Set()).add(key);
  });
  if (active !== nodes && anyWhole(active)) return cloneJson(value);
  const out: JsonObject = {};
  let kept = false;
  // The source's key order is kept, as FHIR JSON writers keep element order.
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    let copied: unknown;
    if (always?.has(key) || discriminators?.has(key)) copied = cloneJson(value[key]);
    else {
      const children = childNodes(value, key, active);
      if (!children) continue;
      copied = copyElement(value[key], children);
    }
    if (copied === undefined) continue;
    out[key] = copied;
    kept = true;
  }
  return kept ? out : undefined;
}

/**
 * A new resource holding the elements named in `always`, and the nodes the trie's paths match with
 * their ancestors (and the discriminators of the `where` filters they passed). Shares nothing with
 * the input.
 */
export function projectWithTrie<T extends { resourceType: string }>(resource: T, trie: PathTrie, always: ReadonlySet<string>): T {
  const root = trie.get(resource.resourceType);
  return (copyMatched(resource, root ? [root] : [], always) ?? {}) as T;
}

/**
 * Replaces in place each node one path matches, outermost first (a replacement is never walked
 * again); `undefined` removes the node, compacting its array and removing objects and arrays it
 * empties, as FHIR JSON forbids empty elements. Returns the number of replaced nodes.
 */
export function rewriteWithTrie(resource: JsonObject & { resourceType: string }, trie: PathTrie, replace: (node: unknown) => unknown): { resource: JsonObject; replaced: number } {
  const root = trie.get(resource.resourceType);
  if (!root) return { resource, replaced: 0 };
  if (root.whole || passFilters(resource, [root]).some((node) => node.whole)) throw new Error('rewrite: cannot replace the resource itself');
  const counter = { replaced: 0, replace };
  const result = rewriteObject(resource, [root], counter);
  return { resource: (result ?? { resourceType: resource.resourceType }) as JsonObject, replaced: counter.replaced };
}

interface Rewriting {
  replaced: number;
  replace: (node: unknown) => unknown;
}

function rewriteValue(value: unknown, nodes: readonly PathNode[], rewriting: Rewriting): unknown {
  if (anyWhole(nodes)) {
    rewriting.replaced += 1;
    return rewriting.replace(value);
  }
  return isJsonObject(value) ? rewriteObject(value, nodes, rewriting) : value;
}

function rewriteObject(object: JsonObject, nodes: readonly PathNode[], rewriting: Rewriting): JsonObject | undefined {
  const active = passFilters(object, nodes);
  if (active !== nodes && anyWhole(active)) {
    // Reached only below the root: a filtered item matched as a whole is replaced like any node.
    rewriting.replaced += 1;
    return rewriting.replace(object) as JsonObject | undefined;
  }
  let removed = false;
  const only = active.length === 1 ? active[0]! : null;
  if (only && only.choices.size === 0) {
    // One path position without choice elements names its keys outright: visit just those.
    for (const [key, children] of only.keys) if (Object.prototype.hasOwnProperty.call(object, key) && rewriteKey(object, key, children, rewriting)) removed = true;
  } else {
    for (const key in object) {
      if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
      const children = childNodes(object, key, active);
      if (children && rewriteKey(object, key, children, rewriting)) removed = true;
    }
  }
  return removed && isEmpty(object) ? undefined : object;
}

function isEmpty(object: JsonObject): boolean {
  for (const key in object) if (Object.prototype.hasOwnProperty.call(object, key)) return false;
  return true;
}

/** Rewrites one key's value in place; true when the key was removed. */
function rewriteKey(object: JsonObject, key: string, children: readonly PathNode[], rewriting: Rewriting): boolean {
  const child = object[key];
  if (child === null || child === undefined) return false;
  const value = Array.isArray(child) ? rewriteArray(child, children, rewriting) : rewriteValue(child, children, rewriting);
  if (value !== undefined) {
    object[key] = value;
    return false;
  }
  delete object[key];
  return true;
}

function rewriteArray(items: unknown[], nodes: readonly PathNode[], rewriting: Rewriting): unknown[] | undefined {
  const length = items.length;
  let kept = 0;
  for (let index = 0; index < length; index += 1) {
    const item = items[index];
    const value = item === null || item === undefined ? item : rewriteValue(item, nodes, rewriting);
    if (value !== undefined) items[kept++] = value;
  }
  items.length = kept;
  return kept === 0 && length > 0 ? undefined : items;
}
