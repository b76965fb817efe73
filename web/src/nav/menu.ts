export type NavKey =
  | 'home'
  | 'profile'
  | 'patients'
  | 'referrals'
  | 'catalog'
  | 'import'
  | 'shareRequests'
  | 'reviews'
  | 'grants'
  | 'feedback'
  | 'users'
  | 'departments'
  | 'institutions'
  | 'audit'
  | 'supervision'
  | 'reports'
  | 'emergencyReview'
  | 'alerts'
  | 'violations'
  | 'suggestions';
/** Menu sections in display order; every group but `main` is shown under a heading. */
export const NAV_GROUPS = ['main', 'clinical', 'data', 'sharing', 'admin', 'oversight'] as const;
export type NavGroup = (typeof NAV_GROUPS)[number];

export interface NavEntry {
  key: NavKey;
  path: string;
  labelKey: `nav.${NavKey}`;
  group: NavGroup;
  /** Permission from GET /me needed to see the entry (any one of a list); absent means every signed-in user. */
  permission?: string | readonly string[];
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { key: 'home', path: '/', labelKey: 'nav.home', group: 'main' },
  { key: 'profile', path: '/profile', labelKey: 'nav.profile', group: 'main' },
  // Reading patient data needs a purpose of use from the policy settings; what each reader sees is the server's decision.
  { key: 'patients', path: '/patients', labelKey: 'nav.patients', group: 'clinical', permission: 'policy:read' },
  // 转诊管理: referrers, fast-track reviewers, the departments receiving partners' referrals, and overseers (who read grants).
  { key: 'referrals', path: '/referrals', labelKey: 'nav.referrals', group: 'clinical', permission: ['referral:write', 'share:review', 'grant:read'] },
  { key: 'catalog', path: '/catalog', labelKey: 'nav.catalog', group: 'data', permission: 'catalog:read' },
  { key: 'import', path: '/import', labelKey: 'nav.import', group: 'data', permission: 'records:ingest' },
  // 信息共享: the request form and my requests, the review queue, grants and usage feedback (policy 5.3).
  { key: 'shareRequests', path: '/share-requests', labelKey: 'nav.shareRequests', group: 'sharing', permission: 'share:request' },
  { key: 'reviews', path: '/reviews', labelKey: 'nav.reviews', group: 'sharing', permission: 'share:review' },
  // Readers of grants see all; requesters and department heads see the grants of their requests and their department.
  { key: 'grants', path: '/grants', labelKey: 'nav.grants', group: 'sharing', permission: ['grant:read', 'share:request', 'grant:revoke'] },
  // Requesters report on their shares; whoever reads grants or the audit log follows every report.
  { key: 'feedback', path: '/feedback', labelKey: 'nav.feedback', group: 'sharing', permission: ['share:request', 'grant:read', 'audit:read'] },
  { key: 'users', path: '/admin/users', labelKey: 'nav.users', group: 'admin', permission: 'user:read' },
  {
    key: 'departments',
    path: '/admin/departments',
    labelKey: 'nav.departments',
    group: 'admin',
    permission: 'department:read',
  },
  {
    key: 'institutions',
    path: '/admin/institutions',
    labelKey: 'nav.institutions',
    group: 'admin',
    permission: 'institution:read',
  },
  { key: 'audit', path: '/audit', labelKey: 'nav.audit', group: 'oversight', permission: 'audit:read' },
  // 监督看板 and 季度审计报告 (policy 6.1, Ch.7 (1)): information administrators and auditors.
  { key: 'supervision', path: '/supervision', labelKey: 'nav.supervision', group: 'oversight', permission: 'report:read' },
  { key: 'reports', path: '/reports', labelKey: 'nav.reports', group: 'oversight', permission: 'report:read' },
  {
    key: 'emergencyReview',
    path: '/emergency-reviews',
    labelKey: 'nav.emergencyReview',
    group: 'oversight',
    permission: 'emergency:review',
  },
  // 异常告警 and 违规处理 (policy 6.1, Ch.7 (3)): overseers. The subject of a case reaches it by link; the server shows them their own.
  { key: 'alerts', path: '/alerts', labelKey: 'nav.alerts', group: 'oversight', permission: 'alert:read' },
  { key: 'violations', path: '/violations', labelKey: 'nav.violations', group: 'oversight', permission: 'violation:read' },
  // 反馈渠道 (policy Ch.7 (2)): everyone signed in submits and follows their own; who handles is the server's decision.
  { key: 'suggestions', path: '/suggestions', labelKey: 'nav.suggestions', group: 'oversight' },
];

/** True without a requirement, or when the permissions hold it (any one, for a list). */
export function hasPermission(permissions: readonly string[], permission: string | readonly string[] | undefined): boolean {
  if (permission === undefined) return true;
  if (typeof permission === 'string') return permissions.includes(permission);
  return permission.some((p) => permissions.includes(p));
}

export function visibleNav(permissions: readonly string[]): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => hasPermission(permissions, entry.permission));
}

/** The menu entry to highlight: the longest path that prefixes the location ("/" only matches itself). */
export function navKeyForPath(pathname: string): NavKey | undefined {
  let best: NavEntry | undefined;
  for (const entry of NAV_ENTRIES) {
    const matches =
      entry.path === '/'
        ? pathname === '/'
        : pathname === entry.path || pathname.startsWith(`${entry.path}/`);
    if (matches && (!best || entry.path.length > best.path.length)) best = entry;
  }
  return best?.key;
}
