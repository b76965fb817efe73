import { describe, expect, it } from 'vitest';
import type { Me, UserMfa } from '../api/types';
import { MFA_ENROL_PATH, mustEnrolMfa, openWhileEnrolling, pathAfterSignIn } from './mfa-gate';

function me(mfa: Partial<UserMfa>): Me {
  return { user: { mfa: { enrolled: false, required: false, enrolledAt: null, recoveryCodesLeft: 0, ...mfa } }, permissions: [] } as unknown as Me;
}

describe('mustEnrolMfa', () => {
  it('asks for enrolment only when the policy requires a factor the user lacks', () => {
    expect(mustEnrolMfa(me({ required: true }).user)).toBe(true);
    expect(mustEnrolMfa(me({ required: true, enrolled: true }).user)).toBe(false);
    expect(mustEnrolMfa(me({ required: false }).user)).toBe(false);
    expect(mustEnrolMfa(me({ enrolled: true }).user)).toBe(false);
  });

  it('treats a user view without the field as not required', () => {
    expect(mustEnrolMfa({} as Me['user'])).toBe(false);
  });
});

describe('pathAfterSignIn', () => {
  it('returns to the page asked for when nothing is pending', () => {
    expect(pathAfterSignIn(me({}), '/patients?q=1')).toBe('/patients?q=1');
    expect(pathAfterSignIn(me({ required: true, enrolled: true }), '/')).toBe('/');
  });

  it('sends a user who must enrol to the enrolment page whatever was asked for', () => {
    expect(pathAfterSignIn(me({ required: true }), '/patients')).toBe(MFA_ENROL_PATH);
    expect(pathAfterSignIn(me({ required: true }), '/')).toBe('/profile');
  });
});

describe('openWhileEnrolling', () => {
  it('leaves only the profile page open', () => {
    expect(openWhileEnrolling('/profile')).toBe(true);
    expect(openWhileEnrolling('/profile/')).toBe(true);
    expect(openWhileEnrolling('/')).toBe(false);
    expect(openWhileEnrolling('/admin/users')).toBe(false);
    expect(openWhileEnrolling('/profile-x')).toBe(false);
  });
});
