// Go-style durations, read and written: the step's own waits (`timeout`, `stuck-after`), NAIS's `spec.ttl` as Go
// reads it, and the texts that show how long something took. Pure.
//
// Two parsers on purpose: the step's waits take a plain subset (ms, s, m, h; no sign) and say why a value is out
// of range, while `spec.ttl` must accept exactly what naiserator's Go accepts.
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

const unitNanoseconds: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const maxNanoseconds = 2n ** 63n - 1n;

/**
 * Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or a bare `0`; every number has a unit, every
 * number has a digit on one side of its point, no spaces, and the total fits an int64 of nanoseconds.
 */
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  const negative = rest.startsWith('-');
  if (negative || rest.startsWith('+')) rest = rest.slice(1);
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    // The unit runs to the next digit or point, as Go reads it, so `1h 30m` has the unknown unit `h `.
    const match = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
    if (!match) return undefined;
    const [part, whole = '', fraction, unit = ''] = match;
    if (whole === '' && !fraction) return undefined;
    const scale = unitNanoseconds[unit];
    if (scale === undefined) return undefined;
    total += BigInt(whole || '0') * scale;
    if (fraction) total += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    if (total > maxNanoseconds) return undefined;
    rest = rest.slice(part.length);
  }
  return negative ? -total : total;
}

/** `1m30s`, `10m`, `2h`: Go's way of writing a duration, without its zero parts; `0ms` and below a second `250ms`. */
export function formatDuration(ms: number): string {
  let seconds = Math.round(ms / 1000);
  if (seconds <= 0) return `${Math.max(0, Math.round(ms))}ms`;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
}

/** `45s`, `1m 5s`, `1h 0m 5s`: spaced for a table cell; `–` when unknown. */
export function spacedDuration(seconds: number | undefined): string {
  if (seconds === undefined) return '–';
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}

/** `an hour`, `2 hours`, `30 minutes`: the size of a clock change, in words. */
export function durationInWords(seconds: number): string {
  const minutes = Math.round(Math.abs(seconds) / 60);
  if (minutes % 60 === 0) return minutes === 60 ? 'an hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
