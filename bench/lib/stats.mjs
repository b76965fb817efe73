/** Latency statistics and GC hygiene shared by every benchmark; no imports, so any runner can load it. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function summarise(values) {
  const sorted = Float64Array.from(values).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    min: sorted[0],
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
    mean: sum / sorted.length,
  };
}

/** A full collection between phases (when run with --expose-gc) so one phase's garbage is not billed to the next. */
export async function collectGarbage() {
  if (globalThis.gc) globalThis.gc();
  await new Promise((resolve) => setImmediate(resolve));
}
