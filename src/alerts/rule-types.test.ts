import { describe, expect, it } from 'vitest';
import { entry } from '../../test/support/alert-entries.js';
import { subjectOf } from './rule-types.js';

describe('subjectOf', () => {
  it('links a user’s alert to the account, and names a partner system’s client without linking it as a user', () => {
    const byUser = entry({ at: '2026-11-25T01:00:00Z' });
    expect(subjectOf(byUser)).toEqual({ userId: byUser.actorId, username: byUser.actorName, departmentId: byUser.actorDepartmentId });
    const byClient = entry({ at: '2026-11-25T01:00:00Z', actorType: 'api_client', actorId: 'client-row-1', actorName: 'jcrm1-abc', actorDepartmentId: null });
    expect(subjectOf(byClient)).toEqual({ userId: null, username: 'jcrm1-abc', departmentId: null });
  });
});
