import { describe, expect, it } from 'vitest';
import { checkAssertionClaims } from './assertion-claims.js';
import { OAuthError } from './oauth-error.js';

const now = new Date('2026-11-25T09:00:00.000Z');
const seconds = now.getTime() / 1000;
const tokenUrl = 'https://yixiang.example/oauth2/token';
const expected = { clientId: 'jcrm1-abc', audiences: [tokenUrl] as [string], now };
const valid = { iss: 'jcrm1-abc', sub: 'jcrm1-abc', aud: tokenUrl, exp: seconds + 240, jti: 'j-1' };

function refusal(payload: unknown): OAuthError {
  try {
    checkAssertionClaims(payload, expected);
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('expected the assertion to be refused');
}

describe('checkAssertionClaims', () => {
  it('accepts a SMART authentication JWT and keeps its jti until exp plus the leeway', () => {
    expect(checkAssertionClaims(valid, expected)).toEqual({ jti: 'j-1', usableUntil: new Date((seconds + 270) * 1000) });
    expect(checkAssertionClaims({ ...valid, aud: ['https://other.example', tokenUrl], iat: seconds, nbf: seconds - 10 }, expected).jti).toBe('j-1');
  });

  it('refuses every failure as invalid_client (401) with a reason for the audit log', () => {
    const cases: [unknown, string][] = [
      [null, 'assertion_malformed'],
      [[valid], 'assertion_malformed'],
      [{ ...valid, iss: 'someone-else' }, 'assertion_subject'],
      [{ ...valid, sub: undefined }, 'assertion_subject'],
      [{ ...valid, aud: 'https://yixiang.example/fhir/R4' }, 'assertion_audience'],
      [{ ...valid, aud: undefined }, 'assertion_audience'],
      [{ ...valid, exp: undefined }, 'assertion_malformed'],
      [{ ...valid, exp: String(seconds + 60) }, 'assertion_malformed'],
      [{ ...valid, exp: seconds - 31 }, 'assertion_expired'],
      [{ ...valid, exp: seconds + 331 }, 'assertion_lifetime'],
      [{ ...valid, nbf: seconds + 120 }, 'assertion_not_yet_valid'],
      [{ ...valid, iat: seconds + 120 }, 'assertion_not_yet_valid'],
      [{ ...valid, jti: undefined }, 'assertion_jti_missing'],
      [{ ...valid, jti: '' }, 'assertion_jti_missing'],
      [{ ...valid, jti: 'x'.repeat(256) }, 'assertion_malformed'],
    ];
    for (const [payload, reason] of cases) expect(refusal(payload), reason).toMatchObject({ error: 'invalid_client', status: 401, reason });
  });

  it('accepts any of the endpoint URLs it is given, and names the first in a refusal', () => {
    const revokeUrl = 'https://yixiang.example/oauth2/revoke';
    const revocation = { ...expected, audiences: [revokeUrl, tokenUrl] as [string, string] };
    expect(checkAssertionClaims({ ...valid, aud: revokeUrl }, revocation).jti).toBe('j-1');
    expect(checkAssertionClaims(valid, revocation).jti).toBe('j-1');
    expect(() => checkAssertionClaims({ ...valid, aud: 'https://yixiang.example/oauth2' }, revocation)).toThrowError(revokeUrl);
  });

  it('tolerates 30 seconds of clock skew at both ends', () => {
    expect(checkAssertionClaims({ ...valid, exp: seconds - 29 }, expected).jti).toBe('j-1');
    expect(checkAssertionClaims({ ...valid, exp: seconds + 329, iat: seconds + 29 }, expected).jti).toBe('j-1');
  });
});
