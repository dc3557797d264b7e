/**
 * Percentiles from a histogram (value → how many cases), as PostgreSQL's percentile_cont computes them: the
 * value at rank p × (n − 1) of the sorted list, interpolated linearly between the two neighbouring values.
 * Durations are stored in tenths of a day (cases/projection.ts), so the histogram has few buckets and comes
 * from one GROUP BY.
 */
export function percentileOf(histogram: readonly { value: number; count: number }[], p: number): number | null {
  const sorted = histogram.filter((h) => h.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, h) => s + h.count, 0);
  if (n === 0) return null;
  const rank = p * (n - 1);
  const valueAt = (k: number) => {
    let seen = 0;
    for (const h of sorted) {
      seen += h.count;
      if (k < seen) return h.value;
    }
    return sorted[sorted.length - 1].value;
  };
  const lo = Math.floor(rank);
  const below = valueAt(lo);
  const above = valueAt(Math.min(n - 1, lo + 1));
  return below + (above - below) * (rank - lo);
}
