import { describe, expect, it } from 'vitest';
import { effectiveVersion } from './effective.js';

const v = (version: number, effectiveFrom: string) => ({ version, value: `v${version}`, effectiveFrom });

describe('effectiveVersion', () => {
  it('picks the newest version already in force', () => {
    const versions = [v(1, '2026-01-01T00:00:00Z'), v(2, '2026-06-01T00:00:00Z'), v(3, '2027-01-01T00:00:00Z')];
    expect(effectiveVersion(versions, new Date('2026-11-25T00:00:00Z'))?.version).toBe(2);
    expect(effectiveVersion(versions, new Date('2027-01-01T00:00:00Z'))?.version).toBe(3);
  });
  it('has nothing before the first effective date', () => {
    expect(effectiveVersion([v(1, '2026-01-01T00:00:00Z')], new Date('2025-12-31T23:59:59Z'))).toBeNull();
  });
  it('lets a later version with an earlier date correct an earlier one', () => {
    const versions = [v(1, '2026-06-01T00:00:00Z'), v(2, '2026-01-01T00:00:00Z')];
    expect(effectiveVersion(versions, new Date('2026-07-01T00:00:00Z'))?.version).toBe(2);
  });
});
