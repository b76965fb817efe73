import { describe, expect, it } from 'vitest';
import { isGranteeOf, stricterLevels } from './packages-panel';

describe('export packages in the console', () => {
  it('knows the grantee: the named user, or any member of the named department', () => {
    expect(isGranteeOf({ grantee: { kind: 'user', id: 'u1' } }, { id: 'u1', departmentId: 'd1' })).toBe(true);
    expect(isGranteeOf({ grantee: { kind: 'user', id: 'u2' } }, { id: 'u1', departmentId: 'd1' })).toBe(false);
    expect(isGranteeOf({ grantee: { kind: 'department', id: 'd1' } }, { id: 'u1', departmentId: 'd1' })).toBe(true);
    expect(isGranteeOf({ grantee: { kind: 'department', id: 'd1' } }, { id: 'u1', departmentId: null })).toBe(false);
    expect(isGranteeOf({ grantee: { kind: 'institution', id: 'i1' } }, { id: 'i1', departmentId: 'i1' })).toBe(false);
  });

  it('offers only the approved identification level or a stricter one', () => {
    expect(stricterLevels('identified')).toEqual(['identified', 'pseudonymised', 'de-identified']);
    expect(stricterLevels('pseudonymised')).toEqual(['pseudonymised', 'de-identified']);
    expect(stricterLevels('de-identified')).toEqual(['de-identified']);
  });
});
