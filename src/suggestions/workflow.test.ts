import { describe, expect, it } from 'vitest';
import { actingCapacity, applyAction, nextStatus, reopenDeadline, withinReopenWindow, type Course } from './workflow.js';

const open: Course = { status: 'open', firstAnsweredAt: null, lastAnsweredAt: null, lastReopenedAt: null, reopenCount: 0, closedAt: null };

describe('suggestion status transitions', () => {
  it('goes open → in_progress → answered → closed', () => {
    expect(nextStatus('start', 'open')).toBe('in_progress');
    expect(nextStatus('answer', 'in_progress')).toBe('answered');
    expect(nextStatus('close', 'answered')).toBe('closed');
  });

  it('lets an answer come straight away, and a further answer complete an answered one', () => {
    expect(nextStatus('answer', 'open')).toBe('answered');
    expect(nextStatus('answer', 'answered')).toBe('answered');
    expect(nextStatus('interim', 'open')).toBe('in_progress');
  });

  it('never closes without an answer, and never answers a closed one', () => {
    expect(nextStatus('close', 'open')).toBeNull();
    expect(nextStatus('close', 'in_progress')).toBeNull();
    expect(nextStatus('answer', 'closed')).toBeNull();
    expect(nextStatus('interim', 'answered')).toBeNull();
    expect(nextStatus('start', 'in_progress')).toBeNull();
  });

  it('reopens answered or closed ones into in_progress, nothing earlier', () => {
    expect(nextStatus('reopen', 'answered')).toBe('in_progress');
    expect(nextStatus('reopen', 'closed')).toBe('in_progress');
    expect(nextStatus('reopen', 'open')).toBeNull();
    expect(nextStatus('reopen', 'in_progress')).toBeNull();
  });

  it('gives handlers the answers and the submitter the reopening; both may close', () => {
    expect(actingCapacity('answer', ['handler'])).toBe('handler');
    expect(actingCapacity('answer', ['submitter'])).toBeNull();
    expect(actingCapacity('start', [])).toBeNull();
    expect(actingCapacity('reopen', ['handler'])).toBeNull();
    expect(actingCapacity('reopen', ['submitter'])).toBe('submitter');
    expect(actingCapacity('close', ['handler'])).toBe('handler');
    expect(actingCapacity('close', ['submitter'])).toBe('submitter');
  });
});

describe('the course of a suggestion', () => {
  it('keeps the first answer, moves the latest, and counts reopenings', () => {
    const answered = applyAction(open, 'answer', '2026-10-02T00:00:00.000Z')!;
    expect(answered).toMatchObject({ status: 'answered', firstAnsweredAt: '2026-10-02T00:00:00.000Z', lastAnsweredAt: '2026-10-02T00:00:00.000Z' });
    const closed = applyAction(answered, 'close', '2026-10-03T00:00:00.000Z')!;
    expect(closed.closedAt).toBe('2026-10-03T00:00:00.000Z');
    const reopened = applyAction(closed, 'reopen', '2026-10-04T00:00:00.000Z')!;
    expect(reopened).toMatchObject({ status: 'in_progress', reopenCount: 1, lastReopenedAt: '2026-10-04T00:00:00.000Z', closedAt: null });
    const again = applyAction(reopened, 'answer', '2026-10-05T00:00:00.000Z')!;
    expect(again).toMatchObject({ firstAnsweredAt: '2026-10-02T00:00:00.000Z', lastAnsweredAt: '2026-10-05T00:00:00.000Z' });
  });

  it('refuses an action its status does not allow', () => {
    expect(applyAction(open, 'close', '2026-10-02T00:00:00.000Z')).toBeNull();
  });
});

describe('the reopen window', () => {
  const answeredAt = '2026-10-01T08:00:00.000Z';
  it('runs the set number of days from the latest answer, inclusive', () => {
    expect(reopenDeadline(answeredAt, 30)).toBe('2026-10-31T08:00:00.000Z');
    expect(withinReopenWindow(answeredAt, new Date('2026-10-31T08:00:00.000Z'), 30)).toBe(true);
    expect(withinReopenWindow(answeredAt, new Date('2026-10-31T08:00:00.001Z'), 30)).toBe(false);
  });
  it('is closed when nothing was answered', () => {
    expect(reopenDeadline(null, 30)).toBeNull();
    expect(withinReopenWindow(null, new Date('2026-10-02T00:00:00Z'), 30)).toBe(false);
  });
});
