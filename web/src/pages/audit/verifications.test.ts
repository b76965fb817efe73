import { describe, expect, it } from 'vitest';
import type { VerificationRun } from '../../api/types';
import { durationParts, rangeLabel, ranAsRequested, summarize, triggerKind, triggeringUsers } from './verifications';

function run(overrides: Partial<VerificationRun>): VerificationRun {
  return {
    id: 'run-1',
    mode: 'incremental',
    fromSize: 100,
    treeSize: 120,
    rootHash: 'ab'.repeat(32),
    ok: true,
    entriesChecked: 20,
    checkpointsChecked: 1,
    problem: null,
    startedAt: '2026-11-26T08:00:00.000Z',
    finishedAt: '2026-11-26T08:00:01.000Z',
    durationMs: 1000,
    trigger: 'schedule',
    ...overrides,
  };
}

describe('triggerKind', () => {
  it.each([
    ['schedule', 'schedule'],
    ['report', 'report'],
    ['bench', 'bench'],
    ['0192f0c4-7d1e-7000-8000-000000000001', 'user'],
  ])('%s → %s', (trigger, kind) => {
    expect(triggerKind(trigger)).toBe(kind);
  });
});

describe('triggeringUsers', () => {
  it('lists each user once and leaves out the scheduler and the report', () => {
    const runs = [run({ trigger: 'u-1' }), run({ trigger: 'schedule' }), run({ trigger: 'u-2' }), run({ trigger: 'u-1' }), run({ trigger: 'report' })];
    expect(triggeringUsers(runs)).toEqual(['u-1', 'u-2']);
  });
});

describe('summarize', () => {
  it('has nothing to say before the first run', () => {
    expect(summarize([])).toEqual({ latest: undefined, latestFull: undefined, warning: undefined });
  });

  it('takes the newest run and the newest full run from a newest-first list', () => {
    const newest = run({ id: 'a' });
    const full = run({ id: 'b', mode: 'full', fromSize: 0 });
    const olderFull = run({ id: 'c', mode: 'full', fromSize: 0 });
    const summary = summarize([newest, full, olderFull]);
    expect(summary.latest?.id).toBe('a');
    expect(summary.latestFull?.id).toBe('b');
    expect(summary.warning).toBeUndefined();
  });

  it('warns when the latest run failed', () => {
    expect(summarize([run({ ok: false, problem: 'leaf 7 does not match' }), run({ mode: 'full' })]).warning).toBe('latest-failed');
  });

  it('keeps warning about a failed full run that later incremental runs passed over', () => {
    expect(summarize([run({ id: 'a' }), run({ id: 'b', mode: 'full', ok: false, problem: 'entry 3 altered' })]).warning).toBe('full-failed');
  });

  it('stops warning once a newer full run passes', () => {
    expect(summarize([run({ mode: 'full' }), run({ mode: 'full', ok: false })]).warning).toBeUndefined();
  });
});

describe('rangeLabel', () => {
  it('shows the tree sizes the run started from and reached', () => {
    expect(rangeLabel({ fromSize: 0, treeSize: 42 })).toBe('0–42');
    expect(rangeLabel({ fromSize: 100, treeSize: 120 })).toBe('100–120');
  });
});

describe('durationParts', () => {
  it.each([
    [0, { unit: 'ms', ms: 0 }],
    [-5, { unit: 'ms', ms: 0 }],
    [850, { unit: 'ms', ms: 850 }],
    [999.6, { unit: 's', s: '1.0' }],
    [1234, { unit: 's', s: '1.2' }],
    [12_345, { unit: 's', s: '12' }],
    [59_499, { unit: 's', s: '59' }],
    [60_000, { unit: 'min', min: 1, s: 0 }],
    [245_400, { unit: 'min', min: 4, s: 5 }],
  ])('%d ms → %o', (ms, parts) => {
    expect(durationParts(ms)).toEqual(parts);
  });
});

describe('ranAsRequested', () => {
  it('notices an incremental request the server ran in full', () => {
    expect(ranAsRequested('incremental', { mode: 'full' })).toBe(false);
    expect(ranAsRequested('incremental', { mode: 'incremental' })).toBe(true);
    expect(ranAsRequested('full', { mode: 'full' })).toBe(true);
  });
});
