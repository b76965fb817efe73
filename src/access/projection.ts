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

/**
 * FHIR R4 data types a choice element (`value[x]`, `effective[x]`, `onset[x]`…) can take. JSON spells
 * a choice as base name + type name with its first letter upper-cased (`effectiveDateTime`). Matching
 * against this list, rather than "any upper-case letter after the base name", keeps `Encounter.class`
 * from picking up `classHistory`, which is a different element.
 */
const CHOICE_TYPES = [
  'base64Binary', 'boolean', 'canonical', 'code', 'date', 'dateTime', 'decimal', 'id', 'instant', 'integer', 'markdown', 'oid',
  'positiveInt', 'string', 'time', 'unsignedInt', 'uri', 'url', 'uuid',
  'Address', 'Age', 'Annotation', 'Attachment', 'CodeableConcept', 'Coding', 'ContactPoint', 'Count', 'Distance', 'Duration',
  'HumanName', 'Identifier', 'Money', 'Period', 'Quantity', 'Range', 'Ratio', 'Reference', 'SampledData', 'Signature', 'Timing',
  'ContactDetail', 'Contributor', 'DataRequirement', 'Expression', 'ParameterDefinition', 'RelatedArtifact', 'TriggerDefinition',
  'UsageContext', 'Dosage', 'Meta',
] as const;

const capitalise = (type: string): string => type.charAt(0).toUpperCase() + type.slice(1);
const CHOICE_SUFFIXES: ReadonlySet<string> = new Set(CHOICE_TYPES.map(capitalise));
const TYPE_BY_LOWER_NAME: ReadonlyMap<string, string> = new Map(CHOICE_TYPES.map((type) => [type.toLowerCase(), type]));

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

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A deep copy of parsed JSON (objects, arrays, strings, numbers, booleans, null). For these the
 * result equals structuredClone's, at a fraction of its cost on the many small nodes of a resource.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = cloneJson(value[i]);
    return out as T;
  }
  // Anything that is not a plain object (a Date, a Buffer) keeps structuredClone's semantics.
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const out: JsonObject = {};
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) out[key] = cloneJson((value as JsonObject)[key]);
  return out as T;
}

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

interface Selection {
  whole: boolean;
  children: Map<string | number, Selection>;
}

const emptySelection = (): Selection => ({ whole: false, children: new Map() });

function select(root: Selection, location: Location): void {
  let selection = root;
  for (const key of location) {
    let child = selection.children.get(key);
    if (!child) {
      child = emptySelection();
      selection.children.set(key, child);
    }
    selection = child;
  }
  selection.whole = true;
}

function copySelected(source: unknown, selection: Selection): unknown {
  if (selection.whole) return cloneJson(source);
  if (Array.isArray(source)) {
    // Indices are re-numbered: the projection is a new resource, and FHIR arrays carry no meaning in
    // their gaps, only in their order.
    return source.flatMap((item, index) => {
      const child = selection.children.get(index);
      return child ? [copySelected(item, child)] : [];
    });
  }
  if (!isObject(source)) return cloneJson(source);
  const out: JsonObject = {};
  // Walk the source's keys rather than the selection's so the output keeps the source's element order.
  for (const key of Object.keys(source)) {
    const child = selection.children.get(key);
    if (child) out[key] = copySelected(source[key], child);
  }
  return out;
}

/**
 * A new resource holding only `resourceType`, `id`, `meta`, the top-level elements named in
 * `always`, and the nodes the paths match, with their ancestors. The `where` discriminators
 * (`system`, `url`) of matched items are kept too, because a bare `value` copied out of an
 * identifier or extension would no longer say what it is. Anything not matched, including the
 * narrative `text` and `_element` extension siblings, is left out: the catalog classified none of it.
 */
export function project(resource: FhirResource, paths: readonly (CompiledPath | string)[], always: readonly string[] = []): FhirResource {
  const root = emptySelection();
  for (const key of [...ALWAYS_KEPT, ...always]) if (key in resource) select(root, [key]);
  // Matches go straight into the selection tree, which merges repeats by itself.
  const walk = new PathWalk((location, filters) => {
    select(root, location);
    for (const filter of filters) select(root, anchorOf(location, filter));
  });
  for (const path of paths) walk.run(resource, compiledOf(path));
  return copySelected(resource, root) as FhirResource;
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

interface Mark {
  target: boolean;
  children: Map<string | number, Mark>;
}

/** The locations as a tree, so a walk visits only the paths that lead to them. */
function markLocations(locations: readonly Location[]): Mark {
  const root: Mark = { target: false, children: new Map() };
  for (const location of locations) {
    let mark = root;
    for (const key of location) {
      let child = mark.children.get(key);
      if (!child) {
        child = { target: false, children: new Map() };
        mark.children.set(key, child);
      }
      mark = child;
    }
    mark.target = true;
  }
  return root;
}

function rewriteMarked(node: unknown, mark: Mark, location: (string | number)[], replace: (node: unknown, location: Location) => unknown): unknown {
  const visit = (key: string | number, child: Mark, value: unknown): unknown => {
    const at = [...location, key];
    // The outermost target wins: its replacement is never walked again.
    return child.target ? replace(value, at) : rewriteMarked(value, child, at, replace);
  };
  if (Array.isArray(node)) {
    const length = node.length;
    let kept = 0;
    for (let index = 0; index < length; index += 1) {
      const child = mark.children.get(index);
      const value = child ? visit(index, child, node[index]) : node[index];
      if (value !== undefined) node[kept++] = value;
    }
    node.length = kept;
    return kept === 0 && length > 0 ? undefined : node;
  }
  if (!isObject(node)) return node;
  const keys = Object.keys(node).length;
  let removed = 0;
  for (const [key, child] of mark.children) {
    if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(node, key)) continue;
    const value = visit(key, child, node[key]);
    if (value === undefined) {
      delete node[key];
      removed += 1;
    } else node[key] = value;
  }
  return keys > 0 && removed === keys ? undefined : node;
}

/**
 * `rewrite` without the copy, for a resource the caller owns (a fresh projection): the same
 * replacements, compaction and removal of emptied elements, done in place in one walk over the
 * paths to the locations. Returns the resource (or `{ resourceType }` if nothing is left).
 */
export function rewriteInPlace(resource: FhirResource, locations: readonly Location[], replace: (node: unknown, location: Location) => unknown): FhirResource {
  if (locations.some((location) => location.length === 0)) throw new Error('rewrite: cannot replace the resource itself');
  if (locations.length === 0) return resource;
  const result = rewriteMarked(resource, markLocations(locations), [], replace);
  return (result ?? { resourceType: resource.resourceType }) as FhirResource;
}
