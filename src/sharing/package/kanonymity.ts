/**
 * k-anonymity of released rows over their quasi-identifier columns. An equivalence class is the set
 * of rows with the same quasi-identifier values; its size counts distinct individuals, not rows,
 * because ten lab results of one patient with equal values hide that patient among nobody.
 */
export const MIN_K = 5;

export interface KAnonymityResult {
  /** The smallest class size; null when nothing was released. */
  k: number | null;
  threshold: number;
  classes: number;
  individuals: number;
  /** Classes below the threshold, as a size histogram: never their values, which would re-identify. */
  belowThreshold: { size: number; classes: number }[];
}

export class EquivalenceClasses {
  private readonly members = new Map<string, Set<string>>();
  private readonly everyone = new Set<string>();

  /** The class a row with these quasi-identifier values (already flattened) falls in. */
  static classOf(quasiIdentifiers: readonly string[]): string {
    return JSON.stringify(quasiIdentifiers);
  }

  /** One released row: its quasi-identifier values (already flattened) and whose row it is. */
  add(quasiIdentifiers: readonly string[], individual: string): void {
    this.addToClass(EquivalenceClasses.classOf(quasiIdentifiers), individual);
  }

  /** `add` for a row whose class was computed elsewhere (on a worker thread) with `classOf`. */
  addToClass(key: string, individual: string): void {
    let members = this.members.get(key);
    if (!members) {
      members = new Set();
      this.members.set(key, members);
    }
    members.add(individual);
    this.everyone.add(individual);
  }

  result(threshold: number = MIN_K): KAnonymityResult {
    let k: number | null = null;
    const below = new Map<number, number>();
    for (const members of this.members.values()) {
      const size = members.size;
      if (k === null || size < k) k = size;
      if (size < threshold) below.set(size, (below.get(size) ?? 0) + 1);
    }
    return {
      k,
      threshold,
      classes: this.members.size,
      individuals: this.everyone.size,
      belowThreshold: [...below.entries()].sort(([a], [b]) => a - b).map(([size, classes]) => ({ size, classes })),
    };
  }
}
