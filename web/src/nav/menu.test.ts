import { describe, expect, it } from 'vitest';
import { hasPermission, navKeyForPath, visibleNav } from './menu';

// The suggestion channel is open to everyone signed in (its own case below); the others show what each permission adds.
const keys = (permissions: string[]) => visibleNav(permissions).filter((entry) => entry.key !== 'suggestions').map((entry) => entry.key);

describe('visibleNav', () => {
  it('shows only home and profile without management permissions', () => {
    expect(keys([])).toEqual(['home', 'profile']);
  });

  it('shows each admin page only with its read permission', () => {
    expect(keys(['user:read'])).toEqual(['home', 'profile', 'users']);
    expect(keys(['department:read'])).toEqual(['home', 'profile', 'departments']);
    expect(keys(['institution:read'])).toEqual(['home', 'profile', 'institutions']);
  });

  it('shows the audit log only with audit:read', () => {
    // Readers of the audit log also follow everyone's usage feedback.
    expect(keys(['audit:read'])).toEqual(['home', 'profile', 'feedback', 'audit']);
    expect(visibleNav(['audit:read']).find((entry) => entry.key === 'audit')?.group).toBe('oversight');
  });

  it('does not treat write permissions or unrelated ones as read access', () => {
    expect(keys(['user:write', 'apiclient:read', 'audit:write', 'keys:read'])).toEqual(['home', 'profile']);
  });

  it('gives an information administrator every admin page', () => {
    const infoAdmin = ['department:read', 'department:write', 'institution:read', 'institution:write', 'apiclient:read', 'apiclient:write', 'user:read', 'user:write', 'audit:read'];
    expect(keys(infoAdmin)).toEqual(['home', 'profile', 'feedback', 'users', 'departments', 'institutions', 'audit']);
  });

  it('gives an auditor read access to the organisation and the audit log', () => {
    const auditor = ['department:read', 'institution:read', 'apiclient:read', 'user:read', 'audit:read'];
    expect(keys(auditor)).toEqual(['home', 'profile', 'feedback', 'users', 'departments', 'institutions', 'audit']);
  });

  it('keeps the audit log from staff', () => {
    expect(keys(['department:read', 'institution:read'])).toEqual(['home', 'profile', 'departments', 'institutions']);
  });

  it('shows the catalog to every reader and the import page only with records:ingest', () => {
    expect(keys(['catalog:read'])).toEqual(['home', 'profile', 'catalog']);
    expect(keys(['catalog:read', 'catalog:write'])).toEqual(['home', 'profile', 'catalog']);
    expect(keys(['records:ingest'])).toEqual(['home', 'profile', 'import']);
    expect(visibleNav(['catalog:read', 'records:ingest']).map((entry) => entry.group)).toEqual(['main', 'main', 'data', 'data', 'oversight']);
  });

  it('gives staff the catalog but not the import page', () => {
    expect(keys(['department:read', 'institution:read', 'catalog:read'])).toEqual(['home', 'profile', 'catalog', 'departments', 'institutions']);
  });

  it('shows patient search to every reader of the policy settings and the emergency review only with emergency:review', () => {
    expect(keys(['policy:read'])).toEqual(['home', 'profile', 'patients']);
    expect(visibleNav(['policy:read']).find((entry) => entry.key === 'patients')?.group).toBe('clinical');
    expect(keys(['emergency:open'])).toEqual(['home', 'profile']);
    expect(keys(['emergency:review'])).toEqual(['home', 'profile', 'emergencyReview']);
    expect(visibleNav(['emergency:review']).find((entry) => entry.key === 'emergencyReview')?.group).toBe('oversight');
  });

  it('gives clinical staff patient search and the catalog, in menu order', () => {
    const staff = ['department:read', 'institution:read', 'catalog:read', 'policy:read', 'emergency:open', 'share:request'];
    expect(keys(staff)).toEqual(['home', 'profile', 'patients', 'catalog', 'shareRequests', 'grants', 'feedback', 'departments', 'institutions']);
  });

  it('gives an information administrator with its full permissions the data pages too', () => {
    const infoAdmin = ['department:read', 'institution:read', 'user:read', 'audit:read', 'catalog:read', 'catalog:write', 'records:ingest'];
    expect(keys(infoAdmin)).toEqual(['home', 'profile', 'catalog', 'import', 'feedback', 'users', 'departments', 'institutions', 'audit']);
  });

  it('shows the sharing pages each with its permission, under 信息共享', () => {
    expect(keys(['share:request'])).toEqual(['home', 'profile', 'shareRequests', 'grants', 'feedback']);
    // Reviewers and readers of grants also follow referrals (转诊管理, under clinical).
    expect(keys(['share:review'])).toEqual(['home', 'profile', 'referrals', 'reviews']);
    expect(keys(['grant:read'])).toEqual(['home', 'profile', 'referrals', 'grants', 'feedback']);
    // A head who may revoke sees the grants opening the department's data.
    expect(keys(['grant:revoke', 'grant:write'])).toEqual(['home', 'profile', 'grants']);
    expect(new Set(visibleNav(['share:request', 'share:review', 'grant:read']).filter((e) => e.group === 'sharing').map((e) => e.key))).toEqual(new Set(['shareRequests', 'reviews', 'grants', 'feedback']));
  });

  it('gives each role of the workflow its sharing pages', () => {
    const sharing = (permissions: string[]) => visibleNav(permissions).filter((e) => e.group === 'sharing').map((e) => e.key);
    // The role permissions of src/org/roles.ts.
    expect(sharing(['department:read', 'institution:read', 'catalog:read', 'policy:read', 'emergency:open', 'share:request'])).toEqual(['shareRequests', 'grants', 'feedback']);
    expect(sharing(['department:read', 'catalog:read', 'policy:read', 'share:request', 'share:review', 'grant:revoke'])).toEqual(['shareRequests', 'reviews', 'grants', 'feedback']);
    expect(sharing(['department:read', 'catalog:read', 'policy:read', 'grant:read', 'share:review'])).toEqual(['reviews', 'grants', 'feedback']);
    expect(sharing(['audit:read', 'grant:read', 'grant:write', 'grant:revoke', 'share:review', 'policy:write'])).toEqual(['reviews', 'grants', 'feedback']);
  });
});

describe('referrals', () => {
  it('are shown to referrers, reviewers and overseers, under clinical', () => {
    const referrals = (permissions: string[]) => keys(permissions).includes('referrals');
    // The role permissions of src/org/roles.ts: staff and heads refer; info_admin, privacy_officer and auditors read grants.
    expect(referrals(['department:read', 'catalog:read', 'policy:read', 'share:request', 'consent:write', 'referral:write'])).toBe(true);
    expect(referrals(['share:review'])).toBe(true);
    expect(referrals(['audit:read', 'grant:read', 'consent:read'])).toBe(true);
    expect(referrals(['department:read', 'institution:read', 'user:write', 'keys:read', 'jobs:read'])).toBe(false);
    expect(visibleNav(['referral:write']).find((e) => e.key === 'referrals')).toMatchObject({ path: '/referrals', group: 'clinical' });
  });

  it('highlight their entry on a referral and an inbound referral', () => {
    expect(navKeyForPath('/referrals')).toBe('referrals');
    expect(navKeyForPath('/referrals/0f3c')).toBe('referrals');
    expect(navKeyForPath('/referrals/inbound/0f3c')).toBe('referrals');
  });
});

describe('the suggestion channel', () => {
  it('is in every signed-in user’s menu, under oversight, whatever their permissions', () => {
    for (const permissions of [[], ['share:request'], ['audit:read'], ['user:write', 'keys:read']]) {
      expect(visibleNav(permissions).map((entry) => entry.key)).toContain('suggestions');
    }
    expect(visibleNav([]).find((entry) => entry.key === 'suggestions')).toMatchObject({ path: '/suggestions', group: 'oversight' });
  });
});

describe('the supervision dashboard and the quarterly reports', () => {
  const oversight = (permissions: string[]) => keys(permissions).filter((key) => key === 'supervision' || key === 'reports');

  it('are shown with report:read only, under oversight, to information administrators and auditors', () => {
    expect(oversight(['report:read'])).toEqual(['supervision', 'reports']);
    expect(oversight(['report:read', 'report:write'])).toEqual(['supervision', 'reports']);
    expect(oversight(['report:write', 'audit:read', 'alert:read', 'violation:read'])).toEqual([]);
    expect(oversight(['department:read', 'institution:read', 'catalog:read', 'policy:read', 'emergency:open', 'share:request'])).toEqual([]);
    expect(visibleNav(['report:read']).filter((e) => e.key === 'supervision' || e.key === 'reports').map((e) => [e.path, e.group])).toEqual([
      ['/supervision', 'oversight'],
      ['/reports', 'oversight'],
    ]);
  });

  it('highlight their entries on their pages', () => {
    expect(navKeyForPath('/supervision')).toBe('supervision');
    expect(navKeyForPath('/reports')).toBe('reports');
    expect(navKeyForPath('/reports/2026-Q3')).toBe('reports');
    expect(navKeyForPath('/reportsx')).toBeUndefined();
  });
});

describe('anomaly alerts and violation cases', () => {
  const oversight = (permissions: string[]) => keys(permissions).filter((key) => key === 'alerts' || key === 'violations');

  it('are shown to overseers only, each with its read permission, under oversight', () => {
    expect(oversight(['alert:read'])).toEqual(['alerts']);
    expect(oversight(['violation:read'])).toEqual(['violations']);
    // The role permissions of src/org/roles.ts: info_admin, auditor and privacy_officer read both; staff neither.
    expect(oversight(['alert:read', 'alert:manage', 'violation:read', 'violation:write', 'violation:approve'])).toEqual(['alerts', 'violations']);
    expect(oversight(['alert:manage', 'violation:write', 'violation:approve'])).toEqual([]);
    expect(oversight(['department:read', 'institution:read', 'catalog:read', 'policy:read', 'emergency:open', 'share:request'])).toEqual([]);
    expect(visibleNav(['alert:read', 'violation:read']).filter((e) => e.key === 'alerts' || e.key === 'violations').map((e) => [e.path, e.group])).toEqual([
      ['/alerts', 'oversight'],
      ['/violations', 'oversight'],
    ]);
  });

  it('highlight their entries on their pages', () => {
    expect(navKeyForPath('/alerts')).toBe('alerts');
    expect(navKeyForPath('/violations')).toBe('violations');
    expect(navKeyForPath('/violations/0f3c')).toBe('violations');
    expect(navKeyForPath('/alertsx')).toBeUndefined();
  });
});

describe('hasPermission', () => {
  it('needs nothing without a requirement, the one named, or any one of a list', () => {
    expect(hasPermission([], undefined)).toBe(true);
    expect(hasPermission(['a'], 'a')).toBe(true);
    expect(hasPermission(['a'], 'b')).toBe(false);
    expect(hasPermission(['b'], ['a', 'b'])).toBe(true);
    expect(hasPermission(['c'], ['a', 'b'])).toBe(false);
    expect(hasPermission(['a'], [])).toBe(false);
  });
});

describe('navKeyForPath', () => {
  it.each([
    ['/', 'home'],
    ['/profile', 'profile'],
    ['/admin/users', 'users'],
    ['/admin/users/123', 'users'],
    ['/admin/departments', 'departments'],
    ['/admin/institutions', 'institutions'],
    ['/audit', 'audit'],
    ['/catalog', 'catalog'],
    ['/catalog/CLIN_LAB_REPORT', 'catalog'],
    ['/catalog/CLIN_LAB_REPORT/edit', 'catalog'],
    ['/import', 'import'],
    ['/patients', 'patients'],
    ['/patients/46fb02bd-ad1e-8508-83b1-05eb85de1db1', 'patients'],
    ['/emergency-reviews', 'emergencyReview'],
    ['/share-requests', 'shareRequests'],
    ['/share-requests/new', 'shareRequests'],
    ['/share-requests/0f3c/edit', 'shareRequests'],
    ['/reviews', 'reviews'],
    ['/reviews/0f3c', 'reviews'],
    ['/grants', 'grants'],
    ['/grants/0f3c', 'grants'],
    ['/feedback', 'feedback'],
    ['/suggestions', 'suggestions'],
    ['/suggestions/0f3c', 'suggestions'],
    ['/inbox', undefined],
    ['/share-requestsx', undefined],
    ['/patientsx', undefined],
    ['/catalogue', undefined],
    ['/auditx', undefined],
    ['/admin/usersx', undefined],
    ['/nowhere', undefined],
  ])('%s → %s', (path, key) => {
    expect(navKeyForPath(path)).toBe(key);
  });
});
