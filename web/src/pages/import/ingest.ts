import type { BundleResponse, OperationOutcome, SubmittedBundle } from '../../api/types';

/** Entries per Bundle when an NDJSON file is sent in pieces. */
export const BATCH_SIZE = 500;

/** Where an entry came from: a line of an NDJSON file, or a position in an uploaded Bundle. */
export type EntrySource = { kind: 'line'; line: number } | { kind: 'entry'; index: number };

/** Problems found in the browser before anything is sent; the page words them. */
export const LOCAL_PROBLEMS = ['invalidJson', 'noResourceType', 'noAnswer', 'rolledBack'] as const;
export type LocalProblem = (typeof LOCAL_PROBLEMS)[number];

export interface EntryProblem {
  /** The server's words (OperationOutcome diagnostics), or a problem found here. */
  text?: string;
  local?: LocalProblem;
  /** FHIRPath of the offending element: within the Bundle for a Bundle upload, within the resource for NDJSON. */
  expression?: string;
}

export type EntryOutcome = 'created' | 'updated' | 'refused';

export interface EntryResult {
  source: EntrySource;
  resourceType: string | undefined;
  /** The entry's HTTP status (201, 200, 400…); undefined when the server never judged it on its own. */
  status: number | undefined;
  outcome: EntryOutcome;
  location?: string;
  problems: EntryProblem[];
}

export interface ImportTotals {
  created: number;
  updated: number;
  refused: number;
  total: number;
}

/** One request to send: the Bundle and, for each of its entries, where it came from. */
export interface ImportRequest {
  bundle: SubmittedBundle;
  sources: EntrySource[];
}

export type ImportPlan =
  | { kind: 'bundle'; request: ImportRequest }
  | { kind: 'ndjson'; requests: ImportRequest[]; refusedLines: EntryResult[]; resources: number }
  | { kind: 'error'; reason: 'empty' | 'notFhir' | 'bundleType' | 'noEntries'; detail?: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resourceTypeOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.resourceType === 'string' && value.resourceType.length > 0 ? value.resourceType : undefined;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** NDJSON resources wrapped into batch Bundles of at most `size` entries, in file order. */
export function batchRequests(resources: readonly { line: number; resource: unknown }[], size = BATCH_SIZE): ImportRequest[] {
  const requests: ImportRequest[] = [];
  for (let start = 0; start < resources.length; start += size) {
    const slice = resources.slice(start, start + size);
    requests.push({
      bundle: { resourceType: 'Bundle', type: 'batch', entry: slice.map(({ resource }) => ({ resource })) },
      sources: slice.map(({ line }) => ({ kind: 'line', line })),
    });
  }
  return requests;
}

function refusedLine(line: number, local: LocalProblem): EntryResult {
  return { source: { kind: 'line', line }, resourceType: undefined, status: undefined, outcome: 'refused', problems: [{ local }] };
}

/**
 * Reads an uploaded file. A whole-file JSON Bundle (transaction or batch) is sent as it is; anything
 * else is read as NDJSON, one resource per line, and sent in batches. Lines that are not JSON
 * resources are counted as refused straight away, with their line number.
 */
export function planImport(text: string, batchSize = BATCH_SIZE): ImportPlan {
  const content = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (content.trim() === '') return { kind: 'error', reason: 'empty' };

  const whole = tryParse(content);
  if (whole.ok) {
    const type = resourceTypeOf(whole.value);
    if (type === 'Bundle') {
      const bundle = whole.value as Record<string, unknown>;
      if (bundle.type !== 'transaction' && bundle.type !== 'batch') return { kind: 'error', reason: 'bundleType', detail: String(bundle.type ?? '') };
      const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
      if (entries.length === 0) return { kind: 'error', reason: 'noEntries' };
      return {
        kind: 'bundle',
        request: { bundle: bundle as unknown as SubmittedBundle, sources: entries.map((_, index) => ({ kind: 'entry', index })) },
      };
    }
    // A single resource on its own (one-line NDJSON, or pretty-printed); anything else is not FHIR.
    if (!type) return { kind: 'error', reason: 'notFhir' };
    return { kind: 'ndjson', requests: batchRequests([{ line: 1, resource: whole.value }], batchSize), refusedLines: [], resources: 1 };
  }

  const resources: { line: number; resource: unknown }[] = [];
  const refusedLines: EntryResult[] = [];
  const lines = content.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const parsed = tryParse(line);
    if (!parsed.ok) refusedLines.push(refusedLine(i + 1, 'invalidJson'));
    else if (!resourceTypeOf(parsed.value)) refusedLines.push(refusedLine(i + 1, 'noResourceType'));
    else resources.push({ line: i + 1, resource: parsed.value });
  });
  // Not one line was JSON: this is some other kind of file, not NDJSON with a few bad lines.
  if (resources.length === 0 && refusedLines.every((r) => r.problems[0]?.local === 'invalidJson')) return { kind: 'error', reason: 'notFhir' };
  return { kind: 'ndjson', requests: batchRequests(resources, batchSize), refusedLines, resources: resources.length };
}

const ENTRY_EXPRESSION = /^Bundle\.entry\[(\d+)\]/;

/** The entry an OperationOutcome expression points into (`Bundle.entry[2].resource.status` → 2). */
export function entryIndexOf(expression: string | undefined): number | undefined {
  const match = expression ? ENTRY_EXPRESSION.exec(expression) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * For NDJSON the Bundle was made here, so its entry numbers mean nothing to the reader; the
 * expression is given relative to the resource on the line instead (`Observation.status`).
 */
export function expressionFor(expression: string | undefined, source: EntrySource, resourceType: string | undefined): string | undefined {
  if (!expression || source.kind === 'entry') return expression;
  return expression.replace(/^Bundle\.entry\[\d+\]\.resource/, resourceType ?? 'resource');
}

/** `201 Created` → 201. */
export function statusCode(status: string | undefined): number | undefined {
  const code = status ? Number.parseInt(status, 10) : Number.NaN;
  return Number.isFinite(code) ? code : undefined;
}

function outcomeOf(status: number | undefined): EntryOutcome {
  if (status === 201) return 'created';
  if (status !== undefined && status >= 200 && status < 300) return 'updated';
  return 'refused';
}

function problemsOf(outcome: OperationOutcome | undefined, source: EntrySource, resourceType: string | undefined): EntryProblem[] {
  return (outcome?.issue ?? []).map((issue) => {
    const problem: EntryProblem = {};
    const text = issue.diagnostics ?? issue.details?.text;
    if (text) problem.text = text;
    const expression = expressionFor(issue.expression?.[0], source, resourceType);
    if (expression) problem.expression = expression;
    return problem;
  });
}

function entryResourceType(request: ImportRequest, index: number): string | undefined {
  return resourceTypeOf(request.bundle.entry?.[index]?.resource);
}

/** One result per submitted entry, from a transaction-response or batch-response Bundle. */
export function resultsFromResponse(request: ImportRequest, response: BundleResponse): EntryResult[] {
  return request.sources.map((source, i) => {
    const resourceType = entryResourceType(request, i);
    const answer = response.entry?.[i]?.response;
    if (!answer) return { source, resourceType, status: undefined, outcome: 'refused', problems: [{ local: 'noAnswer' }] };
    const status = statusCode(answer.status);
    const result: EntryResult = { source, resourceType, status, outcome: outcomeOf(status), problems: problemsOf(answer.outcome, source, resourceType) };
    if (answer.location) result.location = answer.location;
    return result;
  });
}

/**
 * The whole request was refused (a transaction with a bad entry, a Bundle the server would not
 * read): nothing was written. Issues that name an entry go with it; entries without one of their
 * own are marked as not written. Issues naming no entry are returned apart, for the page to show.
 */
export function resultsFromRefusal(request: ImportRequest, outcome: OperationOutcome): { results: EntryResult[]; general: EntryProblem[] } {
  const byEntry = new Map<number, OperationOutcome['issue']>();
  const general: EntryProblem[] = [];
  for (const issue of outcome.issue ?? []) {
    const index = entryIndexOf(issue.expression?.[0]);
    if (index !== undefined && index < request.sources.length) byEntry.set(index, [...(byEntry.get(index) ?? []), issue]);
    else {
      const text = issue.diagnostics ?? issue.details?.text;
      const problem: EntryProblem = text ? { text } : {};
      if (issue.expression?.[0]) problem.expression = issue.expression[0];
      if (problem.text || problem.expression) general.push(problem);
    }
  }
  const results = request.sources.map((source, i): EntryResult => {
    const resourceType = entryResourceType(request, i);
    const issues = byEntry.get(i);
    if (!issues) return { source, resourceType, status: undefined, outcome: 'refused', problems: [{ local: 'rolledBack' }] };
    return { source, resourceType, status: undefined, outcome: 'refused', problems: problemsOf({ resourceType: 'OperationOutcome', issue: issues }, source, resourceType) };
  });
  return { results, general };
}

export function totalsOf(results: readonly EntryResult[]): ImportTotals {
  const totals: ImportTotals = { created: 0, updated: 0, refused: 0, total: results.length };
  for (const result of results) totals[result.outcome] += 1;
  return totals;
}

/** Stable row key and the order rows are listed in: by line, or by entry position. */
export function sourceKey(source: EntrySource): string {
  return source.kind === 'line' ? `line-${source.line}` : `entry-${source.index}`;
}

export function sourceOrder(a: EntrySource, b: EntrySource): number {
  const n = (s: EntrySource) => (s.kind === 'line' ? s.line : s.index);
  return n(a) - n(b);
}
