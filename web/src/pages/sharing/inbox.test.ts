import { describe, expect, it } from 'vitest';
import type { InboxItem } from '../../api/types';
import { markedRead, subjectPath, unreadIds } from './inbox';

const item = (id: string, readAt: string | null, subjectType = 'share_request', subjectId = 'r-1', kind = 'approved'): InboxItem => ({ id, kind, subjectType, subjectId, title: { zh: '待审核', en: 'To review' }, createdAt: '2026-03-01T00:00:00.000Z', readAt });

describe('inbox', () => {
  it('links a notice to its share request or grant', () => {
    expect(subjectPath(item('n-1', null))).toBe('/share-requests/r-1');
    expect(subjectPath(item('n-1', null, 'share_request', 'r-1', 'review-item'))).toBe('/reviews/r-1');
    expect(subjectPath(item('n-1', null, 'share_request', 'r-1', 'review-overdue'))).toBe('/reviews/r-1');
    expect(subjectPath(item('n-1', null, 'grant', 'g-1', 'revoked'))).toBe('/grants/g-1');
    expect(subjectPath(item('n-1', null, 'grant', 'g/1'))).toBe('/grants/g%2F1');
    expect(subjectPath(item('n-1', null, 'something-else'))).toBeNull();
  });

  it('links a suggestion notice to the suggestion, or to the submitter’s own list when it names none', () => {
    expect(subjectPath(item('n-1', null, 'suggestion', 's-1', 'suggestion-new'))).toBe('/suggestions/s-1');
    expect(subjectPath(item('n-1', null, 'suggestion', 's-1', 'suggestion-answered'))).toBe('/suggestions/s-1');
    expect(subjectPath(item('n-1', null, 'suggestion', '', 'suggestion-answered'))).toBe('/suggestions');
  });

  it('links a violation notice to the case, which its subject may read', () => {
    expect(subjectPath(item('n-1', null, 'violation_case', 'c-1', 'violation-opened'))).toBe('/violations/c-1');
    expect(subjectPath(item('n-1', null, 'violation_case', 'c/1', 'violation-decided'))).toBe('/violations/c%2F1');
  });

  it('links a referral a partner sent to the inbound referral', () => {
    expect(subjectPath(item('n-1', null, 'inbound_referral', 'in-1', 'referral-received'))).toBe('/referrals/inbound/in-1');
  });

  it('lists the unread and marks them read without touching those read before', () => {
    const items = [item('n-1', null), item('n-2', '2026-03-01T01:00:00.000Z'), item('n-3', null)];
    expect(unreadIds(items)).toEqual(['n-1', 'n-3']);
    const marked = markedRead(items, ['n-1', 'n-2'], '2026-03-02T00:00:00.000Z');
    expect(marked.map((i) => i.readAt)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-01T01:00:00.000Z', null]);
  });
});
