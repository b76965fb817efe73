import { describe, expect, it } from 'vitest';
import { outcomeText, parseIngestAnswer } from './fhir';
import { ApiError } from './problem';

describe('parseIngestAnswer', () => {
  it('returns the response Bundle of an accepted submission', () => {
    const bundle = { resourceType: 'Bundle', type: 'batch-response', entry: [{ response: { status: '201 Created' } }] };
    expect(parseIngestAnswer(200, 'OK', JSON.stringify(bundle))).toEqual({ ok: true, status: 200, bundle });
  });

  it('returns the OperationOutcome of a refused transaction instead of throwing', () => {
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', diagnostics: 'missing', expression: ['Bundle.entry[2].resource.status'] }] };
    expect(parseIngestAnswer(400, 'Bad Request', JSON.stringify(outcome))).toEqual({ ok: false, status: 400, outcome });
  });

  it('throws an ApiError for anything that is neither', () => {
    expect(() => parseIngestAnswer(502, 'Bad Gateway', '<html>down</html>')).toThrow(ApiError);
    expect(() => parseIngestAnswer(200, 'OK', '')).toThrow(ApiError);
    const error = (() => {
      try {
        parseIngestAnswer(500, 'Internal Server Error', '{"title":"boom"}');
      } catch (e) {
        return e as ApiError;
      }
      return undefined;
    })();
    expect(error?.status).toBe(500);
  });
});

describe('outcomeText', () => {
  it('prefers diagnostics and falls back to the details text', () => {
    expect(outcomeText({ resourceType: 'OperationOutcome', issue: [{ diagnostics: 'a' }, { details: { text: 'b' } }, {}] })).toEqual(['a', 'b']);
    expect(outcomeText(undefined)).toEqual([]);
  });
});
