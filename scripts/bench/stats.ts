// Summaries of repeated measurements: median and 95th percentile (linear interpolation between
// the nearest ranks, as numpy's default), with the extremes and the count.

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** The q-quantile (0..1) of the values, interpolating linearly between neighbouring ranks. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below] ?? Number.NaN;
  const high = sorted[above] ?? Number.NaN;
  return low + (high - low) * (position - below);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function summarize(values: readonly number[]): Summary {
  const finite = values.filter((v) => Number.isFinite(v));
  return {
    n: finite.length,
    median: quantile(finite, 0.5),
    p95: quantile(finite, 0.95),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
  };
}

/** Values of one field of each sample, skipping samples without it. */
export function field<T>(samples: readonly T[], pick: (sample: T) => number | undefined): number[] {
  const values: number[] = [];
  for (const sample of samples) {
    const value = pick(sample);
    if (value !== undefined && Number.isFinite(value)) values.push(value);
  }
  return values;
}
