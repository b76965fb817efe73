import { describe, expect, it } from 'vitest';
import { repeatedDenials } from './repeated-denials.js';
import { entry, readOf } from '../../../test/support/alert-entries.js';

const params = { enabled: true, threshold: 3, windowMinutes: 10 };
const known = (name: string) => (name === 'dr.li' ? { userId: 'u-li', username: 'dr.li', departmentId: 'd-wk' } : undefined);
const refused = (at: string) => readOf('p1', at, { outcome: 'denied', reason: 'RECORD_NOT_FOUND', details: { refused: 'no-rule', catalog: 'CLIN_NOTE' } });
const failedLogin = (name: string, at: string) => entry({ at, actorType: 'anonymous', actorId: null, actorName: name, actorDepartmentId: null, action: 'login_failed', objectType: 'session', objectId: null, accessBasis: null, outcome: 'denied', reason: 'INVALID_CREDENTIALS' });

describe('repeated denials', () => {
  it('fires at the threshold within the window', () => {
    const entries = [refused('2026-11-25T02:00:00Z'), refused('2026-11-25T02:04:00Z'), refused('2026-11-25T02:09:59Z')];
    const [alert, ...more] = repeatedDenials(entries, 0, params, known);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ rule: 'repeated-denials', severity: 'medium', subject: { userId: 'u-wang' }, facts: { denials: 3, threshold: 3, reasons: ['RECORD_NOT_FOUND'] } });
    expect(alert!.evidence).toEqual(entries.map((e) => e.seq));
  });

  it('stays silent below the threshold and when the denials are spread wider than the window', () => {
    expect(repeatedDenials([refused('2026-11-25T02:00:00Z'), refused('2026-11-25T02:01:00Z')], 0, params, known)).toEqual([]);
    expect(repeatedDenials([refused('2026-11-25T02:00:00Z'), refused('2026-11-25T02:05:00Z'), refused('2026-11-25T02:10:00Z')], 0, params, known)).toEqual([]);
    expect(repeatedDenials([refused('2026-11-25T02:00:00Z'), readOf('p1', '2026-11-25T02:01:00Z'), refused('2026-11-25T02:02:00Z')], 0, params, known)).toEqual([]);
  });

  it('counts failed sign-ins by the name tried and resolves it to the account', () => {
    const tries = ['02:00', '02:01', '02:02'].map((t) => failedLogin('dr.li', `2026-11-25T${t}:00Z`));
    expect(repeatedDenials(tries, 0, params, known)[0]).toMatchObject({ subject: { userId: 'u-li', departmentId: 'd-wk' }, facts: { reasons: ['INVALID_CREDENTIALS'] } });
    const unknown = ['02:00', '02:01', '02:02'].map((t) => failedLogin('admin', `2026-11-25T${t}:00Z`));
    expect(repeatedDenials(unknown, 0, params, known)[0]).toMatchObject({ subject: { userId: null, username: 'admin' } });
    const anonymous = ['02:00', '02:01', '02:02'].map((t) => failedLogin('x', `2026-11-25T${t}:00Z`)).map((e) => ({ ...e, actorName: null }));
    expect(repeatedDenials(anonymous, 0, params, known)).toEqual([]);
  });

  it('does not count the prompt for a second factor or routes closed until enrolment, but counts wrong codes', () => {
    const prompts = ['02:00', '02:01', '02:02'].map((t) => ({ ...failedLogin('dr.li', `2026-11-25T${t}:00Z`), reason: 'MFA_REQUIRED' }));
    expect(repeatedDenials(prompts, 0, params, known)).toEqual([]);
    const closed = ['02:00', '02:01', '02:02'].map((t) => ({ ...refused(`2026-11-25T${t}:00Z`), reason: 'MFA_ENROLMENT_REQUIRED' }));
    expect(repeatedDenials(closed, 0, params, known)).toEqual([]);
    const wrongCodes = ['02:00', '02:01', '02:02'].map((t) => ({ ...failedLogin('dr.li', `2026-11-25T${t}:00Z`), reason: 'MFA_INVALID' }));
    expect(repeatedDenials(wrongCodes, 0, params, known)[0]).toMatchObject({ facts: { reasons: ['MFA_INVALID'] } });
  });

  it('counts the look-back but raises only at new entries', () => {
    const old = [refused('2026-11-25T02:00:00Z'), refused('2026-11-25T02:01:00Z'), refused('2026-11-25T02:02:00Z')];
    expect(repeatedDenials(old, old[2]!.seq + 1, params, known)).toEqual([]);
    const next = refused('2026-11-25T02:03:00Z');
    const raised = repeatedDenials([...old.slice(1), next], next.seq, params, known);
    expect(raised[0]).toMatchObject({ facts: { denials: 3 } });
  });
});
