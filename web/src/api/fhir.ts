import { parseProblem } from './problem';
import type { BundleResponse, IngestAnswer, OperationOutcome } from './types';

/** The FHIR endpoints live beside the REST API, not under /api/v1. */
export const FHIR_BASE = '/fhir/R4';
export const FHIR_JSON = 'application/fhir+json';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOutcome(value: unknown): value is OperationOutcome {
  return isObject(value) && value.resourceType === 'OperationOutcome' && Array.isArray(value.issue);
}

function isBundle(value: unknown): value is BundleResponse {
  return isObject(value) && value.resourceType === 'Bundle';
}

/**
 * Reads the answer to a submitted Bundle. FHIR speaks OperationOutcome, not problem+json, so a
 * refusal is a normal result here (it names the entries at fault); only an answer in neither form
 * (a proxy's error page, an empty body) is thrown, as an ApiError like every other failed call.
 */
export function parseIngestAnswer(status: number, statusText: string, text: string): IngestAnswer {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (status >= 200 && status < 300 && isBundle(body)) return { ok: true, status, bundle: body };
  if (status >= 400 && isOutcome(body)) return { ok: false, status, outcome: body };
  throw parseProblem(status, statusText, body);
}

/** One line per issue: the diagnostics, else the details text. */
export function outcomeText(outcome: OperationOutcome | undefined): string[] {
  return (outcome?.issue ?? []).map((issue) => issue.diagnostics ?? issue.details?.text ?? '').filter((text) => text.length > 0);
}
