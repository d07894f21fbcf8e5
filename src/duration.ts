const unitMilliseconds: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * The longest duration a step's timers can hold: Node's timers overflow above 2^31-1 ms (about 24.8
 * days) and then fire at once, so a `timeout: 600h` would end the step immediately. 24 days is above
 * any GitHub job's limit.
 */
export const longestDurationMs = 24 * 24 * 3_600_000;

/** The shortest wait that means anything: a shorter one would stop before the first API call answers. */
export const shortestDurationMs = 1000;

/**
 * Parses a Go-style duration such as `10m`, `90s` or `1h30m` into milliseconds.
 * Returns undefined for anything else, so the caller can name the input in its error.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(part[1]) * (unitMilliseconds[part[2] ?? ''] ?? 0);
  }
  return total > 0 ? total : undefined;
}

/** Why a parsed duration cannot be used as a wait, or undefined when it can. Pure. */
export function durationRangeProblem(milliseconds: number): string | undefined {
  if (milliseconds < shortestDurationMs) return 'which is shorter than 1s, the shortest wait the step takes';
  if (milliseconds > longestDurationMs)
    return 'which is longer than 576h (24 days), the longest wait the step can time';
  return undefined;
}
