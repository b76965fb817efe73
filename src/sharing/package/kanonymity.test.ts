import { describe, expect, it } from 'vitest';
import { EquivalenceClasses } from './kanonymity.js';

describe('k-anonymity over quasi-identifier columns', () => {
  it('counts individuals, not rows, per equivalence class', () => {
    const classes = new EquivalenceClasses();
    for (let i = 0; i < 10; i++) classes.add(['2026', 'female'], 'Patient/a');
    for (const who of ['b', 'c', 'd', 'e', 'f']) classes.add(['2026', 'male'], `Patient/${who}`);
    const result = classes.result(5);
    expect(result).toEqual({ k: 1, threshold: 5, classes: 2, individuals: 6, belowThreshold: [{ size: 1, classes: 1 }] });
  });

  it('reports sizes of the offending classes, never their values', () => {
    const classes = new EquivalenceClasses();
    for (const who of ['a', 'b', 'c', 'd', 'e']) classes.add(['1980'], who);
    for (const who of ['f', 'g']) classes.add(['1990'], who);
    for (const who of ['h', 'i']) classes.add(['1991'], who);
    classes.add(['2001'], 'j');
    const result = classes.result(5);
    expect(result.k).toBe(1);
    expect(result.belowThreshold).toEqual([{ size: 1, classes: 1 }, { size: 2, classes: 2 }]);
    expect(JSON.stringify(result)).not.toMatch(/199|200/);
  });

  it('is k = individuals when there are no quasi-identifiers, and null when nothing was released', () => {
    const classes = new EquivalenceClasses();
    for (const who of ['a', 'b', 'c', 'd', 'e', 'f']) classes.add([], who);
    expect(classes.result(5)).toMatchObject({ k: 6, belowThreshold: [] });
    expect(new EquivalenceClasses().result(5)).toMatchObject({ k: null, classes: 0, individuals: 0 });
  });

  it('keeps values apart even when they contain separators', () => {
    const classes = new EquivalenceClasses();
    classes.add(['a,b', 'c'], 'x');
    classes.add(['a', 'b,c'], 'y');
    expect(classes.result(5).classes).toBe(2);
  });
});
