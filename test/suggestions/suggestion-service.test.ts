import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserPrincipal } from '../../src/org/index.js';
import { loadStatisticsInput, SuggestionService, suggestionStatisticsFor, type SuggestionNotice } from '../../src/suggestions/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { testClock } from '../support/clock.js';
import { DIALECTS, skipDialect } from '../support/databases.js';
import { principalFor } from './fixture.js';

// Quarters in the hospital's calendar (UTC+8), as the report generator hands them over.
const Q3 = { from: '2026-06-30T16:00:00.000Z', to: '2026-09-30T16:00:00.000Z' };
const Q4 = { from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' };

for (const dialect of DIALECTS) {
  describe.skipIf(skipDialect(dialect))(`the suggestion service on the database: statistics, notices, races (${dialect})`, () => {
    const clock = testClock(new Date('2026-08-01T00:00:00.000Z'));
    const notices: SuggestionNotice[] = [];
    let platform: TestApp;
    let service: SuggestionService;
    let staff: UserPrincipal;
    let handler: UserPrincipal;
    const ids = new Map<string, string>();

    const at = (iso: string) => clock.set(new Date(iso));
    const submit = async (label: string, category: string, when: string, anonymous = false) => {
      at(when);
      const view = await service.submit(staff, { kind: 'suggestion', category: category as 'other', text: `建议 ${label}:季度统计样本`, anonymous });
      ids.set(label, view.id);
    };
    const answer = async (label: string, when: string, interim = false) => {
      at(when);
      await service.respond(handler, await service.subject(handler, ids.get(label)!), { text: `答复 ${label}`, interim });
    };
    const reopen = async (label: string, when: string) => {
      at(when);
      await service.reopen(staff, await service.subject(staff, ids.get(label)!), { reason: `仍有问题 ${label}` });
    };
    const close = async (label: string, when: string) => {
      at(when);
      await service.changeStatus(handler, await service.subject(handler, ids.get(label)!), { status: 'closed' });
    };

    beforeAll(async () => {
      platform = await createTestApp(dialect, { clock });
      service = new SuggestionService(platform.database.db, platform.keyring, clock, { notify: async (notice) => void notices.push(notice) });
      staff = await principalFor(platform.database.db, 'dr.wang');
      handler = await principalFor(platform.database.db, 'infoadmin');
      // The same seeded history as the unit test of the pure function, written through the service.
      await submit('e', 'other', '2026-08-01T00:00:00.000Z');
      await answer('e', '2026-08-02T00:00:00.000Z');
      await reopen('e', '2026-08-20T00:00:00.000Z');
      await submit('f', 'other', '2026-08-01T00:00:00.000Z');
      await answer('f', '2026-08-03T00:00:00.000Z');
      await close('f', '2026-08-04T00:00:00.000Z');
      await submit('a', 'review', '2026-09-20T00:00:00.000Z');
      await submit('i', 'security-privacy', '2026-09-30T16:00:00.000Z');
      await answer('i', '2026-09-30T20:00:00.000Z');
      await answer('a', '2026-10-02T00:00:00.000Z');
      await submit('b', 'data-quality', '2026-10-10T00:00:00.000Z');
      await answer('b', '2026-10-10T06:00:00.000Z');
      await submit('j', 'review', '2026-10-15T00:00:00.000Z');
      await answer('j', '2026-10-16T00:00:00.000Z');
      await submit('l', 'review', '2026-10-20T00:00:00.000Z');
      await answer('l', '2026-10-21T00:00:00.000Z');
      // Reopened and answered again in the same millisecond: the version orders them.
      await reopen('l', '2026-10-22T00:00:00.000Z');
      await answer('l', '2026-10-22T00:00:00.000Z');
      await answer('j', '2026-11-01T00:00:00.000Z');
      await submit('c', 'review', '2026-11-01T00:00:00.000Z', true);
      await submit('d', 'usability', '2026-11-05T00:00:00.000Z');
      await answer('d', '2026-11-06T00:00:00.000Z', true);
      await submit('g', 'request-process', '2026-12-20T00:00:00.000Z');
      await submit('k', 'other', '2026-12-31T03:59:59.999Z');
      await answer('k', '2026-12-31T15:59:59.999Z');
      await submit('h', 'review', '2026-12-31T16:00:00.000Z');
      await answer('g', '2027-01-05T00:00:00.000Z');
    }, 120_000);
    afterAll(async () => platform?.close());

    it('matches the seeded fourth quarter exactly', async () => {
      expect(await suggestionStatisticsFor(platform.database.db, Q4)).toEqual({
        received: 8,
        answered: 6,
        open: 4,
        medianHoursToAnswer: 18,
        byCategory: [
          { key: 'request-process', label: { zh: '申请流程', en: 'Request process' }, count: 1 },
          { key: 'review', label: { zh: '审查', en: 'Review' }, count: 3 },
          { key: 'data-quality', label: { zh: '数据质量', en: 'Data quality' }, count: 1 },
          { key: 'security-privacy', label: { zh: '安全与隐私', en: 'Security & privacy' }, count: 1 },
          { key: 'usability', label: { zh: '系统易用性', en: 'System usability' }, count: 1 },
          { key: 'other', label: { zh: '其他', en: 'Other' }, count: 1 },
        ],
      });
    });

    it('matches the seeded third quarter, as it stood at its end', async () => {
      // e (24 h) and f (48 h) answered; a not yet answered and e reopened are open at the end.
      expect(await suggestionStatisticsFor(platform.database.db, Q3)).toMatchObject({ received: 3, answered: 2, open: 2, medianHoursToAnswer: 36 });
    });

    it('loads no suggestion answered before the period and never reopened', async () => {
      const input = await loadStatisticsInput(platform.database.db, Q4);
      const loaded = new Set(input.suggestions.map((s) => s.id));
      expect(loaded.has(ids.get('f')!)).toBe(false);
      expect(loaded.has(ids.get('e')!)).toBe(true);
      expect(loaded.has(ids.get('h')!)).toBe(false);
      expect(input.events.every((event) => event.at < Q4.to && (event.action === 'answer' || event.action === 'reopen'))).toBe(true);
    });

    it('tells the handlers of new and reopened suggestions and the submitter of answers', async () => {
      const handlerIds = (await platform.database.db.selectFrom('user_roles').select('user_id').where('role', '=', 'info_admin').execute()).map((r) => r.user_id);
      const created = notices.find((n) => n.kind === 'suggestion-new' && n.suggestionId === ids.get('b'))!;
      expect([...created.userIds].sort()).toEqual([...handlerIds].sort());
      expect(notices.filter((n) => n.kind === 'suggestion-reopened').map((n) => n.suggestionId)).toEqual([ids.get('e'), ids.get('l')]);
      expect(notices.find((n) => n.kind === 'suggestion-answered' && n.suggestionId === ids.get('b'))!.userIds).toEqual([staff.userId]);
      expect(notices.find((n) => n.kind === 'suggestion-progress')).toMatchObject({ userIds: [staff.userId], suggestionId: ids.get('d') });
      expect(notices.find((n) => n.kind === 'suggestion-closed')).toMatchObject({ userIds: [staff.userId], suggestionId: ids.get('f') });
      expect(notices.every((n) => !JSON.stringify(n.title).includes('季度统计样本'))).toBe(true);
    });

    it('reaches the anonymous submitter without linking them to the suggestion', async () => {
      at('2027-01-10T00:00:00.000Z');
      await service.respond(handler, await service.subject(handler, ids.get('c')!), { text: '已答复匿名建议' });
      expect(notices.at(-1)).toEqual({ userIds: [staff.userId], kind: 'suggestion-answered', suggestionId: null, title: { zh: '您的匿名建议已答复(审查)', en: 'Your anonymous suggestion was answered (Review)' } });
    });

    it('lets only one of two handlers acting on the same reading succeed', async () => {
      await submit('race', 'other', '2027-01-11T00:00:00.000Z');
      const seen = await service.subject(handler, ids.get('race')!);
      const results = await Promise.allSettled([service.respond(handler, seen, { text: '第一位答复' }), service.respond(handler, seen, { text: '第二位答复' })]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'SUGGESTION_CHANGED' } });
      const events = await platform.database.db.selectFrom('suggestion_events').select('version').where('suggestion_id', '=', ids.get('race')!).execute();
      expect(events).toEqual([{ version: 1 }]);
    });

    it('carries on when the notifier fails', async () => {
      const failing = new SuggestionService(platform.database.db, platform.keyring, clock, { notify: async () => Promise.reject(new Error('gateway down')) });
      const view = await failing.submit(staff, { kind: 'complaint', category: 'other', text: '通知失败时仍应受理' });
      expect(view.status).toBe('open');
    });
  });
}
