import { describe, expect, it } from 'vitest';
import type { InstitutionPrincipal, UserPrincipal } from '../org/index.js';
import { granteeIdentityOf, readerOf } from './reader.js';

const user: UserPrincipal = { kind: 'user', userId: 'u-1', username: 'dr.wang', displayName: '王医生', departmentId: 'd-nk', roles: ['staff'], permissions: [], sessionTokenHash: 'h', via: 'bearer', csrfToken: '' };
const partner: InstitutionPrincipal = { kind: 'institution', institutionId: 'i-1', institutionCode: 'JCYY', institutionName: '江城市第一人民医院', clientId: 'jcyy-1', apiClientId: 'c-1', scopes: ['system/*.read'], tokenHash: 'h' };

describe('readerOf', () => {
  it('reads a member of staff with department, roles and care-team key', () => {
    expect(readerOf(user, (id) => (id === 'd-nk' ? 'NK' : null))).toEqual({ userId: 'u-1', departmentId: 'd-nk', institutionId: null, roles: ['staff'], departmentCode: 'NK', staffKey: 'dr.wang' });
  });

  it('reads a partner institution as its own grantee with nothing else', () => {
    expect(readerOf(partner, () => 'NK')).toEqual({ userId: null, departmentId: null, institutionId: 'i-1', roles: [], departmentCode: null, staffKey: null });
    expect(granteeIdentityOf(partner)).toEqual({ userId: null, departmentId: null, institutionId: 'i-1' });
    expect(granteeIdentityOf(user)).toEqual({ userId: 'u-1', departmentId: 'd-nk', institutionId: null });
  });
});
