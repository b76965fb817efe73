import { describe, expect, it } from 'vitest';
import { GroupCommitter } from './group-commit.js';

describe('GroupCommitter', () => {
  it('commits concurrent submissions in few batches and answers each caller with its own result', async () => {
    const batches: number[][] = [];
    const committer = new GroupCommitter<number, string>(async (items) => {
      batches.push(items);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return items.map((n) => `ok-${n}`);
    });
    const results = await Promise.all(Array.from({ length: 100 }, (_, n) => committer.submit(n)));
    expect(results).toEqual(Array.from({ length: 100 }, (_, n) => `ok-${n}`));
    expect(batches.length).toBeLessThanOrEqual(2);
    expect(batches.flat()).toEqual(Array.from({ length: 100 }, (_, n) => n));
  });

  it('never runs two batches at once and respects the batch limit', async () => {
    let running = 0;
    let maxRunning = 0;
    const sizes: number[] = [];
    const committer = new GroupCommitter<number, number>(async (items) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      sizes.push(items.length);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
      return items;
    }, 10);
    await Promise.all(Array.from({ length: 35 }, (_, n) => committer.submit(n)));
    expect(maxRunning).toBe(1);
    expect(Math.max(...sizes)).toBe(10);
  });

  it('rejects every caller of a failed batch and keeps working afterwards', async () => {
    let fail = true;
    const committer = new GroupCommitter<number, number>(async (items) => {
      if (fail) throw new Error('disk full');
      return items;
    });
    const failed = await Promise.allSettled([committer.submit(1), committer.submit(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await committer.submit(3)).toBe(3);
    await committer.idle();
  });
});
