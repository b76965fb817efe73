import { describe, expect, it } from 'vitest';
import { appendPage, byId } from './append-page';

describe('appendPage', () => {
  const a = { id: 'a', n: 1 };
  const b = { id: 'b', n: 2 };
  const c = { id: 'c', n: 3 };

  it('keeps the order and skips items already shown', () => {
    expect(appendPage([a, b], [b, c], byId)).toEqual([a, b, c]);
  });

  it('keys by what the caller names, numbers included', () => {
    const shown = [{ seq: 9 }, { seq: 8 }];
    expect(appendPage(shown, [{ seq: 8 }, { seq: 7 }, { seq: 6 }], (entry) => entry.seq)).toEqual([{ seq: 9 }, { seq: 8 }, { seq: 7 }, { seq: 6 }]);
  });

  it('keeps the item shown first when a repeat differs, and copies rather than changes the shown list', () => {
    const shown = [a];
    const merged = appendPage(shown, [{ id: 'a', n: 9 }], byId);
    expect(merged).toEqual([a]);
    expect(merged).not.toBe(shown);
    expect(appendPage([], [a, b], byId)).toEqual([a, b]);
  });
});
