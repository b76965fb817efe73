/**
 * FHIR R4 search parameters the read API supports, parsed into the repository's plain-column
 * filters. Pure functions; anything outside this list is refused rather than ignored, so a client
 * never believes a filter narrowed its results when it did not.
 */
export const READABLE_TYPES = [
  'Patient',
  'Encounter',
  'Condition',
  'Observation',
  'DiagnosticReport',
  'ImagingStudy',
  'Procedure',
  'MedicationRequest',
  'MedicationDispense',
  'AllergyIntolerance',
  'DocumentReference',
  'Claim',
  'ExplanationOfBenefit',
  'ChargeItem',
  'Invoice',
] as const;

export const SEARCH_PARAMETERS = ['_id', 'patient', 'subject', 'date', 'code', 'category', 'status', '_count', '_lastUpdated', '_cursor'] as const;

export class SearchParamError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ParsedSearch {
  ids?: string[];
  patientId?: string;
  /** [from, to) in UTC ISO text. */
  from?: string;
  to?: string;
  /** `system|code` pairs, or bare codes to match in any system. */
  codes: { system: string | null; code: string }[];
  category?: string;
  status?: string;
  updatedSince?: string;
  count: number;
  cursor?: string;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

/** `Patient/123`, `123` or an absolute URL ending in `Patient/123` → `123`. */
export function patientIdOf(value: string, parameter: string): string {
  const match = /^(?:.*\/)?(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(value);
  if (!match || (value.includes('/') && !/(?:^|\/)Patient\/[^/]+$/.test(value))) throw new SearchParamError(parameter, `${parameter} must reference a Patient (Patient/<id>)`);
  return match[1]!;
}

/**
 * A FHIR date search value with its prefix as a half-open UTC range. A partial date means the
 * whole period (`2026-11` is all of November), which is how the specification defines equality.
 */
export function dateRange(raw: string): { from?: string; to?: string } {
  const match = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(raw);
  if (!match) throw new SearchParamError('date', `date "${raw.slice(0, 40)}" is not a FHIR date (e.g. ge2026-01-01)`);
  const [, prefix = 'eq', year, month, day, hour, minute, second, zone] = match;
  if (['ne', 'ap'].includes(prefix)) throw new SearchParamError('date', `date prefix ${prefix} is not supported`);
  const offset = zone && zone !== 'Z' ? zone : hour ? 'Z' : '+08:00';
  // Calendar arithmetic on the local wall-clock fields (as if UTC), then the offset is applied: adding
  // a month to an instant would carry 31 October into December.
  const local = Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0));
  const wall = new Date(local);
  if (wall.getUTCMonth() !== Number(month ?? 1) - 1 || wall.getUTCDate() !== Number(day ?? 1) || Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) {
    throw new SearchParamError('date', `date "${raw.slice(0, 40)}" is not a valid date`);
  }
  const endWall = new Date(local);
  if (second) endWall.setUTCSeconds(endWall.getUTCSeconds() + 1);
  else if (minute) endWall.setUTCMinutes(endWall.getUTCMinutes() + 1);
  else if (day) endWall.setUTCDate(endWall.getUTCDate() + 1);
  else if (month) endWall.setUTCMonth(endWall.getUTCMonth() + 1);
  else endWall.setUTCFullYear(endWall.getUTCFullYear() + 1);
  const offsetMs = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  const start = new Date(local - offsetMs);
  const end = new Date(endWall.getTime() - offsetMs);
  const from = start.toISOString();
  const to = end.toISOString();
  switch (prefix) {
    case 'gt':
    case 'sa':
      return { from: to };
    case 'ge':
      return { from };
    case 'lt':
    case 'eb':
      return { to: from };
    case 'le':
      return { to };
    default:
      return { from, to };
  }
}

function one(query: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) {
    if (name === 'date') return undefined;
    throw new SearchParamError(name, `${name} may be given once`);
  }
  return value;
}

function intersect(a: { from?: string; to?: string }, b: { from?: string; to?: string }) {
  return { from: [a.from, b.from].filter(Boolean).sort().pop(), to: [a.to, b.to].filter(Boolean).sort()[0] };
}

export function parseSearch(resourceType: string, query: Record<string, string | string[] | undefined>, maxCount: number): ParsedSearch {
  for (const name of Object.keys(query)) {
    if (!(SEARCH_PARAMETERS as readonly string[]).includes(name)) throw new SearchParamError(name, `search parameter ${name.slice(0, 40)} is not supported (supported: ${SEARCH_PARAMETERS.join(', ')})`);
  }
  const parsed: ParsedSearch = { codes: [], count: 50 };
  const id = one(query, '_id');
  if (id !== undefined) {
    const ids = id.split(',');
    if (!ids.every((value) => ID.test(value))) throw new SearchParamError('_id', '_id must be resource ids');
    parsed.ids = ids;
  }
  const patient = one(query, 'patient') ?? one(query, 'subject');
  if (query.patient !== undefined && query.subject !== undefined) throw new SearchParamError('subject', 'use patient or subject, not both');
  if (patient !== undefined) {
    if (resourceType === 'Patient') throw new SearchParamError('patient', 'Patient has no patient parameter; use _id');
    parsed.patientId = patientIdOf(patient, query.patient !== undefined ? 'patient' : 'subject');
  }
  const dates = query.date === undefined ? [] : Array.isArray(query.date) ? query.date : [query.date];
  let range: { from?: string; to?: string } = {};
  for (const value of dates) range = intersect(range, dateRange(value));
  if (range.from) parsed.from = range.from;
  if (range.to) parsed.to = range.to;
  const code = one(query, 'code');
  if (code !== undefined) {
    parsed.codes = code.split(',').map((token) => {
      const bar = token.indexOf('|');
      const system = bar >= 0 ? token.slice(0, bar) : null;
      const value = bar >= 0 ? token.slice(bar + 1) : token;
      if (!value || value.length > 100 || (system !== null && system.length > 200)) throw new SearchParamError('code', 'code must be system|code or code');
      return { system: system || null, code: value };
    });
  }
  const category = one(query, 'category');
  // The repository keeps the first category's code; a system-qualified token matches on its code.
  if (category !== undefined) parsed.category = category.includes('|') ? category.slice(category.indexOf('|') + 1) : category;
  const status = one(query, 'status');
  if (status !== undefined) {
    if (!/^[a-z-]{1,40}$/.test(status)) throw new SearchParamError('status', 'status must be a code');
    parsed.status = status;
  }
  const lastUpdated = one(query, '_lastUpdated');
  if (lastUpdated !== undefined) {
    if (!/^(ge|gt)/.test(lastUpdated)) throw new SearchParamError('_lastUpdated', '_lastUpdated supports ge and gt');
    parsed.updatedSince = dateRange(lastUpdated).from;
  }
  const count = one(query, '_count');
  if (count !== undefined) {
    if (!/^\d{1,6}$/.test(count) || Number(count) < 1 || Number(count) > maxCount) throw new SearchParamError('_count', `_count must be between 1 and ${maxCount}`);
    parsed.count = Number(count);
  }
  const cursor = one(query, '_cursor');
  if (cursor !== undefined) parsed.cursor = cursor;
  return parsed;
}
