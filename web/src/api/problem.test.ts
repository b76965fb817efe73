import { describe, expect, it } from 'vitest';
import { ApiError, fieldPath, parseProblem } from './problem';

describe('parseProblem', () => {
  it('reads every field of an RFC 9457 problem', () => {
    const error = parseProblem(423, 'Locked', {
      type: 'https://yixiang.example/problems/account-locked',
      title: 'Account locked',
      status: 423,
      code: 'ACCOUNT_LOCKED',
      detail: 'Too many wrong passwords; try again in 15 minutes',
      instance: '/api/v1/auth/login',
      requestId: 'req-1',
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(423);
    expect(error.code).toBe('ACCOUNT_LOCKED');
    expect(error.title).toBe('Account locked');
    expect(error.detail).toBe('Too many wrong passwords; try again in 15 minutes');
    expect(error.requestId).toBe('req-1');
    expect(error.errors).toBeUndefined();
    expect(error.displayMessage).toBe(error.detail);
  });

  it('keeps valid field errors and drops malformed ones', () => {
    const error = parseProblem(400, 'Bad Request', {
      title: 'Validation failed',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ path: 'body/username', message: 'must match pattern' }, { path: 'x' }, 'junk', { message: 'whole body' }],
    });
    expect(error.errors).toEqual([
      { path: 'body/username', message: 'must match pattern' },
      { path: '', message: 'whole body' },
    ]);
  });

  it('falls back to the title when there is no detail', () => {
    const error = parseProblem(401, 'Unauthorized', { title: 'Invalid username or password', code: 'INVALID_CREDENTIALS' });
    expect(error.displayMessage).toBe('Invalid username or password');
  });

  it('copes with a body that is not a problem', () => {
    for (const body of [undefined, null, 'Bad Gateway', [1, 2], 42]) {
      const error = parseProblem(502, 'Bad Gateway', body);
      expect(error.status).toBe(502);
      expect(error.code).toBe('HTTP_502');
      expect(error.title).toBe('Bad Gateway');
      expect(error.detail).toBeUndefined();
    }
  });

  it('keeps each field error’s stable code and the findings of a refused submission, in both languages', () => {
    const error = parseProblem(422, 'Unprocessable Content', {
      status: 422,
      code: 'SHARE_REQUEST_BLOCKED',
      detail: 'The request fails 1 pre-check(s); see findings',
      errors: [{ path: 'access-period', message: 'Access for 120 days exceeds this purpose’s maximum of 90', code: 'access-period' }],
      findings: [
        { check: 'access-period', severity: 'block', message: { zh: '访问期限 120 天超过该目的上限 90 天', en: 'Access for 120 days exceeds this purpose’s maximum of 90' } },
        { check: 'broken' },
      ],
    });
    expect(error.errors).toEqual([{ path: 'access-period', message: 'Access for 120 days exceeds this purpose’s maximum of 90', code: 'access-period' }]);
    expect(error.findings).toEqual([{ check: 'access-period', severity: 'block', message: { zh: '访问期限 120 天超过该目的上限 90 天', en: 'Access for 120 days exceeds this purpose’s maximum of 90' } }]);
    expect(parseProblem(422, '', { code: 'X' }).findings).toBeUndefined();
  });

  it('still has a title when the status text is empty (HTTP/2)', () => {
    expect(parseProblem(500, '', {}).title).toBe('HTTP 500');
  });
});

describe('fieldPath', () => {
  it.each([
    ['body/username', ['username']],
    ['/body/name/zh', ['name', 'zh']],
    ['/password', ['password']],
    ['name.en', ['name', 'en']],
    ['#/roles/0', ['roles', '0']],
    ['', []],
  ])('%s → %j', (path, expected) => {
    expect(fieldPath(path)).toEqual(expected);
  });
});
