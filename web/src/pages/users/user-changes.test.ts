import { describe, expect, it } from 'vitest';
import type { User } from '../../api/types';
import { userChanges, type UserFormValues } from './user-changes';

const user: User = {
  id: 'u1',
  username: 'dr.wang',
  displayName: 'Wang',
  departmentId: 'd1',
  departmentName: { zh: 'Neike', en: 'Internal Medicine' },
  roles: ['staff', 'dept_head'],
  status: 'active',
  email: null,
  phone: '010-1234',
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  mfa: { enrolled: false, required: false, enrolledAt: null, recoveryCodesLeft: 0 },
};

const unchanged: UserFormValues = {
  username: '',
  password: '',
  displayName: 'Wang',
  departmentId: 'd1',
  roles: ['dept_head', 'staff'],
  status: 'active',
  email: '',
  phone: '010-1234',
};

describe('userChanges', () => {
  it('sends nothing when nothing changed, even if roles are reordered', () => {
    expect(userChanges(user, unchanged)).toEqual({});
  });

  it('sends only what changed', () => {
    expect(userChanges(user, { ...unchanged, displayName: ' Wang Wei ', status: 'suspended' })).toEqual({
      displayName: 'Wang Wei',
      status: 'suspended',
    });
  });

  it('sends roles when the set differs', () => {
    expect(userChanges(user, { ...unchanged, roles: ['staff'] })).toEqual({ roles: ['staff'] });
  });

  it('clears department, email and phone with null', () => {
    expect(userChanges({ ...user, email: 'a@b.cn' }, { ...unchanged, departmentId: undefined, email: ' ', phone: '' })).toEqual({
      departmentId: null,
      email: null,
      phone: null,
    });
  });
});
