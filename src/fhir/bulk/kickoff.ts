/**
 * The Bulk Data kick-off request (FHIR Bulk Data Access STU2, `GET [base]/Group/[id]/$export`),
 * checked at the edge. Pure: headers and query in, what to export out, or a KickoffError naming
 * what is wrong. Anything this server does not do is refused rather than ignored, so a client never
 * believes a filter narrowed an export when it did not — except under `Prefer: handling=lenient`,
 * where the spec lets a server skip the optional parameters it does not implement, and those are
 * named back to the client.
 */
export const OUTPUT_FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'] as const;

/** Parameters this server implements. */
export const KICKOFF_PARAMETERS = ['_type', '_since', '_outputFormat'] as const;

/** Optional parameters of the spec this server does not implement (refused unless lenient). */
export const UNIMPLEMENTED_PARAMETERS = ['_elements', '_typeFilter', 'patient', 'includeAssociatedData', 'organizeOutputBy', 'allowPartialManifests'] as const;

export class KickoffError extends Error {
  constructor(
    /** The header or parameter at fault, e.g. `Prefer` or `_type`. */
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'KickoffError';
  }
}

export interface KickoffRequest {
  /** The types asked for, in the order given, without duplicates; null: every type the group opens. */
  types: string[] | null;
  /** `_since` as ISO-8601 UTC, or null. */
  since: string | null;
  /** Unimplemented parameters skipped under `Prefer: handling=lenient`. */
  ignored: string[];
}

export type QueryValues = Record<string, string | string[] | undefined>;
export interface KickoffHeaders {
  accept?: string | string[];
  prefer?: string | string[];
}

/** FHIR `instant`: a date and time to the second at least, with a zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const TYPE_NAME = /^[A-Z][A-Za-z]{1,40}$/;

function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((item) => item.split(','));
}

function single(query: QueryValues, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) throw new KickoffError(name, `give ${name} once`);
  return value;
}

/** Preference tokens of all Prefer headers, e.g. `respond-async`, `handling=lenient` (RFC 7240). */
export function preferences(prefer: string | string[] | undefined): Set<string> {
  return new Set(listOf(prefer).map((token) => token.trim().toLowerCase().replace(/\s*=\s*/, '=')).filter((token) => token !== ''));
}

function checkHeaders(headers: KickoffHeaders): Set<string> {
  const accepted = listOf(headers.accept).map((range) => range.split(';')[0]!.trim().toLowerCase());
  if (!accepted.includes('application/fhir+json')) throw new KickoffError('Accept', 'a bulk export kick-off needs the header Accept: application/fhir+json');
  const prefer = preferences(headers.prefer);
  if (!prefer.has('respond-async')) throw new KickoffError('Prefer', 'a bulk export runs asynchronously: send the header Prefer: respond-async');
  return prefer;
}

function typesOf(query: QueryValues, servedTypes: readonly string[]): string[] | null {
  if (query._type === undefined) return null;
  const names = listOf(query._type).map((name) => name.trim());
  if (names.some((name) => name === '')) throw new KickoffError('_type', '_type is a comma-separated list of resource types, with no empty entries');
  for (const name of names) {
    if (!TYPE_NAME.test(name) || !servedTypes.includes(name)) throw new KickoffError('_type', `${name.slice(0, 60)} is not a resource type this server exports (it exports ${servedTypes.join(', ')})`);
  }
  return [...new Set(names)];
}

function sinceOf(query: QueryValues): string | null {
  const since = single(query, '_since');
  if (since === undefined) return null;
  // A `+` in an unencoded query string arrives as a space.
  const instant = since.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  if (!INSTANT.test(instant) || Number.isNaN(Date.parse(instant))) throw new KickoffError('_since', '_since must be a FHIR instant with a time zone, e.g. 2026-11-01T00:00:00Z');
  return new Date(instant).toISOString();
}

function checkOutputFormat(query: QueryValues): void {
  const format = single(query, '_outputFormat');
  if (format === undefined) return;
  // `application/fhir+ndjson` sent without encoding its `+` arrives as `application/fhir ndjson`.
  const normalised = format.trim().toLowerCase().replace(' ', '+');
  if (!(OUTPUT_FORMATS as readonly string[]).includes(normalised)) throw new KickoffError('_outputFormat', `only NDJSON is produced: _outputFormat may be ${OUTPUT_FORMATS.join(', ')}`);
}

/**
 * Checks a kick-off's headers and query: `Accept: application/fhir+json` and `Prefer: respond-async`
 * are required; `_type` (types this server serves), `_since` (an instant) and `_outputFormat`
 * (NDJSON) are understood; any other parameter is refused, except the spec's optional ones under
 * `Prefer: handling=lenient`, which are skipped and reported.
 */
export function parseKickoff(headers: KickoffHeaders, query: QueryValues, servedTypes: readonly string[]): KickoffRequest {
  const prefer = checkHeaders(headers);
  const lenient = prefer.has('handling=lenient');
  const ignored: string[] = [];
  for (const name of Object.keys(query)) {
    if ((KICKOFF_PARAMETERS as readonly string[]).includes(name)) continue;
    if (lenient && (UNIMPLEMENTED_PARAMETERS as readonly string[]).includes(name)) {
      ignored.push(name);
      continue;
    }
    const known = (UNIMPLEMENTED_PARAMETERS as readonly string[]).includes(name);
    throw new KickoffError(name.slice(0, 60), known ? `${name} is not supported by this server (send Prefer: handling=lenient to have it ignored)` : `unknown parameter ${name.slice(0, 60)}; a bulk export takes ${KICKOFF_PARAMETERS.join(', ')}`);
  }
  checkOutputFormat(query);
  return { types: typesOf(query, servedTypes), since: sinceOf(query), ignored };
}

export interface TypePlan {
  /** What the export writes, in the group's order when not asked for, else in the order asked. */
  types: string[];
  /** Types asked for that the group's grant does not open: nothing to write, said in the error file. */
  notInGroup: string[];
  /** Types asked for (or, when none were, every type the group opens) that the token's scopes do not allow. */
  denied: string[];
}

/**
 * The types an export writes. Without `_type`, every type the group opens that the token's scopes
 * allow (the spec: "all supported resources within the scope of the client authorization"); with
 * it, those asked for, each of which the scopes must allow.
 */
export function planTypes(requested: readonly string[] | null, groupTypes: readonly string[], allowed: (type: string) => boolean): TypePlan {
  if (requested === null) {
    const types = groupTypes.filter(allowed);
    return { types, notInGroup: [], denied: types.length ? [] : [...groupTypes] };
  }
  return { types: requested.filter((type) => groupTypes.includes(type)), notInGroup: requested.filter((type) => !groupTypes.includes(type)), denied: requested.filter((type) => !allowed(type)) };
}
