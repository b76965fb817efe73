/**
 * Field-level projection of FHIR R4 resources: given the catalog fields a grant opens, keep only the
 * elements those fields point at. Pure functions over plain JSON; nothing here reads a database or
 * mutates its input.
 *
 * Catalog fields locate their data with a small FHIRPath subset (see `CatalogField.fhirPath`):
 *
 *   path    := branch ( '|' branch )*
 *   branch  := Type ( '.' step )*
 *   step    := element [ '.ofType(' TypeName ')' ] | 'where(' key '=' "'" literal "'" ')'
 *
 * Anything else (indexers, other functions, operators, escapes in literals) is rejected when the
 * path is compiled, so that a catalog edit cannot silently turn a field into "nothing" or
 * "everything".
 */
import type { FhirResource } from '../records/fhir-facts.js';
import { capitalise, CHOICE_SUFFIXES, TYPE_BY_LOWER_NAME } from './choice-elements.js';
import { cloneJson, isJsonObject as isObject, type JsonObject } from './json.js';
import { buildTrie, projectWithTrie, rewriteWithTrie, type PathTrie } from './path-trie.js';

export { cloneJson };

/** JSON path of one node inside a resource: object keys and array indices, outermost first. */
export type Location = readonly (string | number)[];

export type PathStep =
  /**
   * A child element. `ofType` is set when the path narrowed a choice element (`value.ofType(Quantity)`),
   * and then only that JSON name (`valueQuantity`) matches.
   */
  | { readonly kind: 'element'; readonly name: string; readonly ofType: string | null }
  /** `where(key='literal')`: keeps the items whose `key` equals the literal. */
  | { readonly kind: 'where'; readonly key: string; readonly value: string };

export interface PathBranch {
  /** The resource type the branch starts from; the branch applies to resources of this type only. */
  readonly resourceType: string;
  readonly steps: readonly PathStep[];
}

export interface CompiledPath {
  readonly source: string;
  readonly branches: readonly PathBranch[];
}

export class FhirPathError extends Error {
  constructor(
    readonly path: string,
    readonly position: number,
    reason: string,
  ) {
    super(`Unsupported FHIRPath "${path}" at position ${position}: ${reason}`);
    this.name = 'FhirPathError';
  }
}

/** Elements every projection keeps: without them the result is not an identifiable FHIR resource. */
export const ALWAYS_KEPT = ['resourceType', 'id', 'meta'] as const;

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

class Scanner {
  position = 0;
  constructor(readonly source: string) {}

  fail(reason: string, at = this.position): never {
    throw new FhirPathError(this.source, at, reason);
  }
  skipSpaces(): void {
    while (this.position < this.source.length && /\s/.test(this.source.charAt(this.position))) this.position += 1;
  }
  atEnd(): boolean {
    return this.position >= this.source.length;
  }
  peek(): string {
    return this.source.charAt(this.position);
  }
  accept(text: string): boolean {
    if (!this.source.startsWith(text, this.position)) return false;
    this.position += text.length;
    return true;
  }
  expect(text: string, what: string): void {
    if (!this.accept(text)) this.fail(`expected ${what}`);
  }
  identifier(what: string): string {
    const match = /^[A-Za-z][A-Za-z0-9_]*/.exec(this.source.slice(this.position));
    if (!match) this.fail(`expected ${what}`);
    this.position += match[0].length;
    return match[0];
  }
  literal(): string {
    const start = this.position;
    this.expect("'", 'a quoted string literal');
    let value = '';
    for (;;) {
      if (this.atEnd()) this.fail('unterminated string literal', start);
      const char = this.peek();
      // Escapes would need FHIRPath's full unescaping rules; no catalog value needs them, so refuse
      // rather than compare against a half-decoded literal.
      if (char === '\\') this.fail('escape sequences in string literals are not supported');
      this.position += 1;
      if (char === "'") return value;
      value += char;
    }
  }
}

function parseWhere(scanner: Scanner): PathStep {
  scanner.skipSpaces();
  const key = scanner.identifier('an element name in where(…)');
  scanner.skipSpaces();
  if (!scanner.accept('=')) scanner.fail("where(…) supports only element='literal'");
  scanner.skipSpaces();
  const value = scanner.literal();
  scanner.skipSpaces();
  scanner.expect(')', "')' closing where(…); only one element='literal' condition is supported");
  return { kind: 'where', key, value };
}

function parseOfType(scanner: Scanner): string {
  const at = scanner.position;
  scanner.skipSpaces();
  // `FHIR.Quantity` is the namespaced spelling of the same type.
  scanner.accept('FHIR.');
  const name = scanner.identifier('a FHIR type name in ofType(…)');
  const type = TYPE_BY_LOWER_NAME.get(name.toLowerCase());
  if (!type || type !== name) scanner.fail(`ofType(${name}) is not a FHIR R4 data type a choice element can take`, at);
  scanner.skipSpaces();
  scanner.expect(')', "')' closing ofType(…)");
  return type;
}

function parseBranch(scanner: Scanner): PathBranch {
  scanner.skipSpaces();
  const typeAt = scanner.position;
  const resourceType = scanner.identifier('a resource type');
  if (!/^[A-Z]/.test(resourceType)) scanner.fail(`a branch must start with a resource type, not "${resourceType}"`, typeAt);
  const steps: PathStep[] = [];
  while (scanner.accept('.')) {
    const at = scanner.position;
    const name = scanner.identifier('an element name or where(…)/ofType(…)');
    if (!scanner.accept('(')) {
      if (!/^[a-z]/.test(name)) scanner.fail(`"${name}" is not an element name (element names start in lower case)`, at);
      steps.push({ kind: 'element', name, ofType: null });
      continue;
    }
    if (name === 'where') steps.push(parseWhere(scanner));
    else if (name === 'ofType') {
      // Only a choice element can be narrowed by type: JSON gives no type for anything else.
      const previous = steps[steps.length - 1];
      if (previous?.kind !== 'element' || previous.ofType !== null) scanner.fail('ofType(…) must directly follow an element name', at);
      steps[steps.length - 1] = { ...previous, ofType: parseOfType(scanner) };
    } else scanner.fail(`function ${name}() is not supported (only where and ofType are)`, at);
  }
  return { resourceType, steps };
}

function parse(source: string): CompiledPath {
  const scanner = new Scanner(source);
  const branches: PathBranch[] = [];
  for (;;) {
    branches.push(parseBranch(scanner));
    scanner.skipSpaces();
    if (scanner.atEnd()) break;
    if (!scanner.accept('|')) scanner.fail(`unexpected "${scanner.peek()}"`);
  }
  return Object.freeze({ source, branches: Object.freeze(branches.map((branch) => Object.freeze({ ...branch, steps: Object.freeze(branch.steps.map((step) => Object.freeze(step))) }))) });
}

// Catalog paths are few and reused on every record read, so compile once per string. The bound only
// guards against an unbounded stream of ad-hoc paths; dropping the whole cache is cheap to recover from.
const CACHE_LIMIT = 1000;
const cache = new Map<string, CompiledPath>();

/** Compiles a catalog FHIRPath; throws FhirPathError on syntax outside the supported subset. */
export function compilePath(path: string): CompiledPath {
  const cached = cache.get(path);
  if (cached) return cached;
  const compiled = parse(path);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(path, compiled);
  return compiled;
}

const compiledOf = (path: CompiledPath | string): CompiledPath => (typeof path === 'string' ? compilePath(path) : path);

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

/**
 * Calls `visit` with each JSON name an element step reaches in one object. A choice element never
 * appears under its bare name in JSON, so a bare key means the element is not a choice, and any
 * `nameXxx` sibling is some other element (e.g. EOB `preAuthRef` vs `preAuthRefPeriod`).
 */
function forEachKey(node: JsonObject, step: Extract<PathStep, { kind: 'element' }>, visit: (key: string) => void): void {
  if (step.ofType !== null) {
    const key = step.name + capitalise(step.ofType);
    if (key in node) visit(key);
    return;
  }
  if (step.name in node) {
    visit(step.name);
    return;
  }
  for (const key in node) {
    if (key.length > step.name.length && key.startsWith(step.name) && CHOICE_SUFFIXES.has(key.slice(step.name.length))) visit(key);
  }
}

interface Trace {
  matches: Location[];
  anchors: Location[];
}

/** A `where` filter passed on the way down: where the filtered object sits, and its discriminator key. */
interface PassedFilter {
  depth: number;
  key: string;
}

type Found = (location: readonly (string | number)[], filters: readonly PassedFilter[]) => void;

/**
 * Walks a path's branches for this resource type depth first, with one shared location stack, and
 * calls `found` at each match with the stack as it is (copy it to keep it). Catalog paths are
 * evaluated for every field of every record read, so the walk itself allocates next to nothing.
 * Depth first visits matches in the order a step-by-step expansion of the collection would.
 */
class PathWalk {
  private readonly location: (string | number)[] = [];
  private readonly filters: PassedFilter[] = [];

  constructor(private readonly found: Found) {}

  run(resource: FhirResource, compiled: CompiledPath): void {
    for (const branch of compiled.branches) if (branch.resourceType === resource.resourceType) this.walk(resource, branch.steps, 0);
  }

  private walk(node: unknown, steps: readonly PathStep[], index: number): void {
    if (index === steps.length) return this.found(this.location, this.filters);
    if (!isObject(node)) return;
    const step = steps[index]!;
    if (step.kind === 'where') {
      // Strict equality: the literal is a string, and FHIRPath `=` between a string and a number
      // or a collection is not true either.
      if (node[step.key] !== step.value) return;
      this.filters.push({ depth: this.location.length, key: step.key });
      this.walk(node, steps, index + 1);
      this.filters.pop();
      return;
    }
    forEachKey(node, step, (key) => {
      const value = node[key];
      this.location.push(key);
      // FHIRPath flattens collections at every step, so array items are visited one by one.
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i += 1) {
          const item: unknown = value[i];
          // Primitive arrays may hold null placeholders that pair with `_element` extensions.
          if (item === null || item === undefined) continue;
          this.location.push(i);
          this.walk(item, steps, index + 1);
          this.location.pop();
        }
      } else if (value !== null && value !== undefined) this.walk(value, steps, index + 1);
      this.location.pop();
    });
  }
}

const anchorOf = (location: readonly (string | number)[], filter: PassedFilter): (string | number)[] => [...location.slice(0, filter.depth), filter.key];

function trace(resource: FhirResource, compiled: CompiledPath): Trace {
  const result: Trace = { matches: [], anchors: [] };
  // Only several branches of one resource type can reach one location twice; anchors repeat
  // whenever several matches sit under one filtered object.
  const several = compiled.branches.filter((branch) => branch.resourceType === resource.resourceType).length > 1;
  const matchKeys = several ? new Set<string>() : null;
  let anchorKeys: Set<string> | null = null;
  new PathWalk((stack, filters) => {
    const location = stack.slice();
    let fresh = true;
    if (matchKeys) {
      const key = JSON.stringify(location);
      fresh = !matchKeys.has(key);
      matchKeys.add(key);
    }
    if (fresh) result.matches.push(location);
    for (const filter of filters) {
      const anchor = anchorOf(location, filter);
      const key = JSON.stringify(anchor);
      anchorKeys ??= new Set();
      if (anchorKeys.has(key)) continue;
      anchorKeys.add(key);
      result.anchors.push(anchor);
    }
  }).run(resource, compiled);
  return result;
}

/**
 * Where a path's matches sit in a resource, in document order of the branches' traversal. Branches
 * for other resource types contribute nothing; a path that matches nothing yields `[]`.
 */
export function locate(resource: FhirResource, path: CompiledPath | string): Location[] {
  return trace(resource, compiledOf(path)).matches;
}

/** The node at a location, or undefined if the location does not exist in this resource. */
export function valueAt(root: unknown, location: Location): unknown {
  let node = root;
  for (const key of location) {
    if (typeof key === 'number' ? !Array.isArray(node) : !isObject(node)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// Projection and rewriting
// ---------------------------------------------------------------------------------------------

// A read projects every record through the same few paths, so their trie is built once per list
// of paths or once per path. Lists are remembered by their content, not only by the caller's
// array: a single read over HTTP loads its grant afresh and so hands over a new array each time,
// and building the trie per request cost more than the rest of the projection (a sixth of a
// guarded read's CPU, and garbage for the collector).
const listTries = new WeakMap<readonly (CompiledPath | string)[], PathTrie>();
const contentTries = new Map<string, PathTrie>();
const pathTries = new WeakMap<CompiledPath, PathTrie>();

/** The trie of a list of paths (tries are never changed once built, so one serves every caller). */
export function trieOf(paths: readonly (CompiledPath | string)[]): PathTrie {
  let trie = listTries.get(paths);
  if (trie) return trie;
  const key = paths.map((path) => (typeof path === 'string' ? path : path.source)).join('\u0000');
  trie = contentTries.get(key);
  if (!trie) {
    trie = buildTrie(paths.map(compiledOf));
    // Grants and catalog entries name a bounded set of field lists; the bound guards against a stream of new ones.
    if (contentTries.size >= CACHE_LIMIT) contentTries.clear();
    contentTries.set(key, trie);
  }
  listTries.set(paths, trie);
  return trie;
}

function trieOfPath(path: CompiledPath): PathTrie {
  let trie = pathTries.get(path);
  if (!trie) {
    trie = buildTrie([path]);
    pathTries.set(path, trie);
  }
  return trie;
}

const keptSets = new Map<string, ReadonlySet<string>>();
function keptSet(always: readonly string[]): ReadonlySet<string> {
  const key = always.join('\u0000');
  let kept = keptSets.get(key);
  if (!kept) {
    kept = new Set([...ALWAYS_KEPT, ...always]);
    // Callers pass a handful of fixed lists; the bound only guards against a stream of new ones.
    if (keptSets.size >= CACHE_LIMIT) keptSets.clear();
    keptSets.set(key, kept);
  }
  return kept;
}

/**
 * A new resource holding only `resourceType`, `id`, `meta`, the top-level elements named in
 * `always`, and the nodes the paths match, with their ancestors. The `where` discriminators
 * (`system`, `url`) of matched items are kept too, because a bare `value` copied out of an
 * identifier or extension would no longer say what it is. Anything not matched, including the
 * narrative `text` and `_element` extension siblings, is left out: the catalog classified none of it.
 * Array items are kept in order without the unmatched ones: FHIR arrays carry no meaning in their
 * gaps, only in their order.
 */
export function project(resource: FhirResource, paths: readonly (CompiledPath | string)[], always: readonly string[] = []): FhirResource {
  return projectWithTrie(resource, trieOf(paths), keptSet(always));
}

/**
 * A copy of `resource` in which the node at each location is replaced by `replace(node, location)`;
 * `undefined` removes it. Arrays are compacted, and objects or arrays emptied by removals are
 * removed too, since FHIR JSON forbids empty elements. When locations nest, the outermost one wins
 * and the inner ones are never visited, so a node is never masked twice.
 */
export function rewrite(resource: FhirResource, locations: readonly Location[], replace: (node: unknown, location: Location) => unknown): FhirResource {
  if (locations.some((location) => location.length === 0)) throw new Error('rewrite: cannot replace the resource itself');
  const targets = new Set(locations.map((location) => JSON.stringify(location)));
  // Only ancestors of targets need walking; everything else is cloned wholesale.
  const ancestors = new Set<string>();
  for (const location of locations) for (let length = 0; length < location.length; length += 1) ancestors.add(JSON.stringify(location.slice(0, length)));

  const walk = (node: unknown, location: (string | number)[]): unknown => {
    const key = JSON.stringify(location);
    if (location.length > 0 && targets.has(key)) return replace(node, location);
    if (!ancestors.has(key)) return cloneJson(node);
    if (Array.isArray(node)) {
      const items = node.map((item, index) => walk(item, [...location, index])).filter((item) => item !== undefined);
      return items.length === 0 && node.length > 0 ? undefined : items;
    }
    if (!isObject(node)) return cloneJson(node);
    const out: JsonObject = {};
    for (const [childKey, child] of Object.entries(node)) {
      const value = walk(child, [...location, childKey]);
      if (value !== undefined) out[childKey] = value;
    }
    return Object.keys(out).length === 0 && Object.keys(node).length > 0 ? undefined : out;
  };
  // Removing every element would leave nothing; the type is what keeps it a resource.
  return (walk(resource, []) ?? { resourceType: resource.resourceType }) as FhirResource;
}

/**
 * `rewrite` of whatever `path` matches, without the copy, for a resource the caller owns (a fresh
 * projection): the same replacements, outermost first, compaction and removal of emptied
 * elements, done in place in one walk along the path. Returns the resource (or `{ resourceType }`
 * if nothing is left) and how many nodes were replaced.
 */
export function rewriteMatches(resource: FhirResource, path: CompiledPath | string, replace: (node: unknown) => unknown): { resource: FhirResource; replaced: number } {
  const result = rewriteWithTrie(resource, trieOfPath(compiledOf(path)), replace);
  return { resource: result.resource as FhirResource, replaced: result.replaced };
}
