import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types';
import { afterUnauthorized } from './unauthorized';

const signedIn = { status: 'authenticated', me: { user: { id: 'u1' } } as unknown as Me } as const;

describe('afterUnauthorized', () => {
  it('treats a 401 outside a sign-out as an expired session, so login returns to the page', () => {
    expect(afterUnauthorized(signedIn, false)).toEqual({ status: 'anonymous' });
  });

  it('treats a 401 racing a sign-out as part of it, so the next user starts at home', () => {
    expect(afterUnauthorized(signedIn, true)).toEqual({ status: 'anonymous', signedOut: true });
  });

  it('keeps a finished sign-out when a late 401 arrives', () => {
    const signedOut = { status: 'anonymous', signedOut: true } as const;
    expect(afterUnauthorized(signedOut, false)).toBe(signedOut);
  });
});
