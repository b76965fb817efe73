import { describe, expect, it } from 'vitest';
import { canManageUserIn, hasPermission, permissionsFor, reachesPatientData, roleConflict, ROLES, unassignableRole, userScopeDepartment } from './roles.js';

describe('role permissions', () => {
  it('gives the system administrator account management and key status', () => {
    expect(permissionsFor(['system_admin'])).toContain('user:write');
    expect(permissionsFor(['system_admin'])).toContain('keys:read');
  });

  it('keeps the auditor read-only', () => {
    expect(permissionsFor(['auditor']).every((p) => p.endsWith(':read'))).toBe(true);
  });

  it('gives staff no management permission', () => {
    expect(hasPermission(['staff'], 'user:read')).toBe(false);
    expect(hasPermission(['staff'], 'department:write')).toBe(false);
  });

  it('unions the permissions of several roles', () => {
    expect(permissionsFor(['staff', 'dept_head'])).toContain('user:write');
  });
});

describe('separation of duties', () => {
  it('refuses system_admin or auditor combined with another role', () => {
    expect(roleConflict(['system_admin', 'staff'])).toEqual(['system_admin', 'staff']);
    expect(roleConflict(['info_admin', 'auditor'])).toEqual(['auditor', 'info_admin']);
  });

  it('allows ordinary combinations', () => {
    expect(roleConflict(['dept_head', 'staff'])).toBeNull();
    expect(roleConflict(['auditor'])).toBeNull();
  });

  it('gives the system administrator alone no path to patient data', () => {
    expect(reachesPatientData(['system_admin'])).toBe(false);
    expect(reachesPatientData([])).toBe(false);
    for (const role of ROLES.filter((r) => r !== 'system_admin')) expect(reachesPatientData([role]), role).toBe(true);
  });

  it('lets a clinical role held beside system_admin keep its access', () => {
    expect(reachesPatientData(['system_admin', 'staff'])).toBe(true);
    expect(reachesPatientData(['dept_head', 'system_admin'])).toBe(true);
  });

  it('limits who may assign which role', () => {
    expect(unassignableRole(['info_admin'], ['staff', 'dept_head'])).toBeNull();
    expect(unassignableRole(['info_admin'], ['auditor'])).toBe('auditor');
    expect(unassignableRole(['dept_head'], ['dept_head'])).toBe('dept_head');
    expect(unassignableRole(['system_admin'], ['auditor'])).toBeNull();
  });
});

describe('user management scope', () => {
  it('limits a department head to their own department', () => {
    const head = { roles: ['dept_head', 'staff'] as const, departmentId: 'd-internal' };
    expect(userScopeDepartment(head)).toBe('d-internal');
    expect(canManageUserIn(head, 'd-internal')).toBe(true);
    expect(canManageUserIn(head, 'd-surgery')).toBe(false);
  });

  it('lets administrators and auditors see everyone', () => {
    expect(userScopeDepartment({ roles: ['info_admin'], departmentId: 'x' })).toBe('all');
    expect(userScopeDepartment({ roles: ['auditor'], departmentId: null })).toBe('all');
    expect(canManageUserIn({ roles: ['auditor'], departmentId: null }, 'x')).toBe(false);
  });

  it('gives staff no user scope', () => {
    expect(userScopeDepartment({ roles: ['staff'], departmentId: 'x' })).toBeNull();
  });
});

describe('consent permissions', () => {
  it('let clinicians, the information administrator and the privacy officer record and withdraw consents', () => {
    for (const role of ['staff', 'dept_head', 'info_admin', 'privacy_officer'] as const) {
      expect(hasPermission([role], 'consent:write'), role).toBe(true);
      expect(hasPermission([role], 'consent:read'), role).toBe(true);
    }
  });

  it('let auditors read consents only, and give the system administrator none (no clinical data)', () => {
    expect(hasPermission(['auditor'], 'consent:read')).toBe(true);
    expect(hasPermission(['auditor'], 'consent:write')).toBe(false);
    expect(permissionsFor(['system_admin']).filter((p) => p.startsWith('consent:'))).toEqual([]);
  });
});
