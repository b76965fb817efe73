import { describe, expect, it } from 'vitest';
import {
  batchRequests,
  entryIndexOf,
  expressionFor,
  planImport,
  resultsFromRefusal,
  resultsFromResponse,
  sourceOrder,
  statusCode,
  totalsOf,
  type ImportRequest,
} from './ingest';

const patient = { resourceType: 'Patient', identifier: [{ system: 'urn:yixiang:mrn', value: 'M1' }] };
const observation = { resourceType: 'Observation', status: 'final' };

describe('planImport', () => {
  it('sends a whole transaction Bundle as it is', () => {
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 'urn:uuid:1', resource: patient }, { resource: observation }] };
    const plan = planImport(JSON.stringify(bundle, null, 2));
    expect(plan.kind).toBe('bundle');
    if (plan.kind !== 'bundle') return;
    expect(plan.request.bundle).toEqual(bundle);
    expect(plan.request.sources).toEqual([
      { kind: 'entry', index: 0 },
      { kind: 'entry', index: 1 },
    ]);
  });

  it('refuses Bundles the endpoint does not take, and empty ones', () => {
    expect(planImport(JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }] }))).toEqual({ kind: 'error', reason: 'bundleType', detail: 'collection' });
    expect(planImport(JSON.stringify({ resourceType: 'Bundle', type: 'batch' }))).toEqual({ kind: 'error', reason: 'noEntries' });
  });

  it('refuses empty files and files that are not FHIR JSON', () => {
    expect(planImport('  \n ')).toEqual({ kind: 'error', reason: 'empty' });
    expect(planImport('name,age\nWang,40\n')).toEqual({ kind: 'error', reason: 'notFhir' });
    expect(planImport('[1, 2]')).toEqual({ kind: 'error', reason: 'notFhir' });
  });

  it('reads NDJSON line by line, numbering lines from 1 and skipping blank ones', () => {
    const plan = planImport(`\uFEFF${JSON.stringify(patient)}\r\n\n${JSON.stringify(observation)}\n`);
    expect(plan.kind).toBe('ndjson');
    if (plan.kind !== 'ndjson') return;
    expect(plan.resources).toBe(2);
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0]!.bundle).toEqual({ resourceType: 'Bundle', type: 'batch', entry: [{ resource: patient }, { resource: observation }] });
    expect(plan.requests[0]!.sources).toEqual([
      { kind: 'line', line: 1 },
      { kind: 'line', line: 3 },
    ]);
  });

  it('refuses bad lines with their number and still sends the rest', () => {
    const plan = planImport(`${JSON.stringify(patient)}\n{not json\n{"hello":1}\n`);
    expect(plan.kind).toBe('ndjson');
    if (plan.kind !== 'ndjson') return;
    expect(plan.resources).toBe(1);
    expect(plan.refusedLines.map((r) => [r.source, r.problems[0]?.local])).toEqual([
      [{ kind: 'line', line: 2 }, 'invalidJson'],
      [{ kind: 'line', line: 3 }, 'noResourceType'],
    ]);
  });

  it('treats one pretty-printed resource as a one-line file', () => {
    const plan = planImport(JSON.stringify(patient, null, 2));
    expect(plan.kind === 'ndjson' && plan.requests[0]!.bundle.entry).toEqual([{ resource: patient }]);
  });

  it('splits large files into batches of at most 500 entries', () => {
    const text = Array.from({ length: 1201 }, (_, i) => JSON.stringify({ resourceType: 'Patient', id: `p${i}` })).join('\n');
    const plan = planImport(text);
    if (plan.kind !== 'ndjson') throw new Error(plan.kind);
    expect(plan.requests.map((r) => r.bundle.entry?.length)).toEqual([500, 500, 201]);
    expect(plan.requests[2]!.sources[0]).toEqual({ kind: 'line', line: 1001 });
  });
});

describe('batchRequests', () => {
  it('makes no request for no resources', () => {
    expect(batchRequests([])).toEqual([]);
  });
});

describe('expressions and statuses', () => {
  it('finds the entry an expression points into', () => {
    expect(entryIndexOf('Bundle.entry[12].resource.status')).toBe(12);
    expect(entryIndexOf('Bundle.type')).toBeUndefined();
    expect(entryIndexOf(undefined)).toBeUndefined();
  });

  it('keeps Bundle expressions and makes NDJSON ones relative to the resource', () => {
    expect(expressionFor('Bundle.entry[2].resource.status', { kind: 'entry', index: 2 }, 'Observation')).toBe('Bundle.entry[2].resource.status');
    expect(expressionFor('Bundle.entry[2].resource.status', { kind: 'line', line: 9 }, 'Observation')).toBe('Observation.status');
    expect(expressionFor('Bundle.entry[2].resource', { kind: 'line', line: 9 }, undefined)).toBe('resource');
  });

  it('reads the code from a status line', () => {
    expect(statusCode('201 Created')).toBe(201);
    expect(statusCode('404 Not Found')).toBe(404);
    expect(statusCode('')).toBeUndefined();
    expect(statusCode(undefined)).toBeUndefined();
  });
});

const request: ImportRequest = {
  bundle: { resourceType: 'Bundle', type: 'batch', entry: [{ resource: patient }, { resource: observation }, { resource: observation }] },
  sources: [
    { kind: 'line', line: 1 },
    { kind: 'line', line: 2 },
    { kind: 'line', line: 4 },
  ],
};

describe('resultsFromResponse', () => {
  it('pairs each answer with its entry and line', () => {
    const results = resultsFromResponse(request, {
      resourceType: 'Bundle',
      type: 'batch-response',
      entry: [
        { response: { status: '201 Created', location: 'Patient/a/_history/1' } },
        { response: { status: '200 OK', location: 'Observation/b/_history/2' } },
        {
          response: {
            status: '404 Not Found',
            outcome: { resourceType: 'OperationOutcome', issue: [{ diagnostics: 'reference Patient/x does not resolve', expression: ['Bundle.entry[2].resource.subject.reference'] }] },
          },
        },
      ],
    });
    expect(results).toEqual([
      { source: { kind: 'line', line: 1 }, resourceType: 'Patient', status: 201, outcome: 'created', location: 'Patient/a/_history/1', problems: [] },
      { source: { kind: 'line', line: 2 }, resourceType: 'Observation', status: 200, outcome: 'updated', location: 'Observation/b/_history/2', problems: [] },
      {
        source: { kind: 'line', line: 4 },
        resourceType: 'Observation',
        status: 404,
        outcome: 'refused',
        problems: [{ text: 'reference Patient/x does not resolve', expression: 'Observation.subject.reference' }],
      },
    ]);
    expect(totalsOf(results)).toEqual({ created: 1, updated: 1, refused: 1, total: 3 });
  });

  it('counts an entry the server did not answer as refused', () => {
    const results = resultsFromResponse(request, { resourceType: 'Bundle', type: 'batch-response', entry: [{ response: { status: '201 Created' } }] });
    expect(results.map((r) => r.outcome)).toEqual(['created', 'refused', 'refused']);
    expect(results[2]!.problems).toEqual([{ local: 'noAnswer' }]);
  });
});

describe('resultsFromRefusal', () => {
  it('puts each issue on its entry and marks the others as not written', () => {
    const upload: ImportRequest = { ...request, sources: request.sources.map((_, index) => ({ kind: 'entry', index })) };
    const { results, general } = resultsFromRefusal(upload, {
      resourceType: 'OperationOutcome',
      issue: [
        { diagnostics: 'missing required element(s): Observation.status', expression: ['Bundle.entry[2].resource.status'] },
        { diagnostics: 'refused', expression: ['Bundle.type'] },
      ],
    });
    expect(results.map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused']);
    expect(results[0]!.problems).toEqual([{ local: 'rolledBack' }]);
    expect(results[2]!.problems).toEqual([{ text: 'missing required element(s): Observation.status', expression: 'Bundle.entry[2].resource.status' }]);
    expect(general).toEqual([{ text: 'refused', expression: 'Bundle.type' }]);
    expect(totalsOf(results)).toEqual({ created: 0, updated: 0, refused: 3, total: 3 });
  });
});

describe('sourceOrder', () => {
  it('orders by line or entry position', () => {
    const sources = [{ kind: 'line', line: 9 }, { kind: 'line', line: 2 }] as const;
    expect([...sources].sort(sourceOrder)).toEqual([{ kind: 'line', line: 2 }, { kind: 'line', line: 9 }]);
  });
});
