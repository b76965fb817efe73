import { describe, expect, it } from 'vitest';
import { ANONYMOUS_SUBMITTER, auditActorOverride, canHandle, canOversee, capacitiesOf } from './audience.js';

describe('who handles and who reads suggestions', () => {
  it('lets the information administrator handle and the auditor only read', () => {
    expect(canHandle(['info_admin'])).toBe(true);
    expect(canHandle(['auditor'])).toBe(false);
    expect(canOversee(['auditor'])).toBe(true);
    expect(canOversee(['staff', 'dept_head'])).toBe(false);
    expect(canOversee(['privacy_officer'])).toBe(false);
  });

  it('gives a handler only the submitter capacity on their own suggestion', () => {
    expect(capacitiesOf(['info_admin'], false)).toEqual(['handler']);
    expect(capacitiesOf(['info_admin'], true)).toEqual(['submitter']);
    expect(capacitiesOf(['staff'], true)).toEqual(['submitter']);
    expect(capacitiesOf(['auditor'], false)).toEqual([]);
  });

  it('records the anonymous submitter in the audit log under a stand-in, and only them', () => {
    expect(auditActorOverride({ anonymous: true, isSubmitter: true })).toBe(ANONYMOUS_SUBMITTER);
    expect(auditActorOverride({ anonymous: true, isSubmitter: false })).toBeNull();
    expect(auditActorOverride({ anonymous: false, isSubmitter: true })).toBeNull();
    expect(ANONYMOUS_SUBMITTER).toMatchObject({ id: null, roles: [], departmentId: null });
  });
});
