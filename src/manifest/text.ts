// How NAIS deploy's template engine (Go's aymerick/raymond) turns values into text.
// Variables reach raymond through JSON, so every number is a float64.

const htmlEscapes: Record<string, string> = { '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Raymond's escaping for `{{x}}`: five characters, unlike handlebars.js, which also escapes `` ` `` and `=`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&'<>"]/g, (char) => htmlEscapes[char] ?? char);
}

/** Thrown for values that raymond would print as Go's `map[...]`, which is never what the author meant. */
export class MappingValueError extends Error {}

/** Raymond's `Str`: arrays concatenated, booleans as words, nothing for null. */
export function valueToText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatFloat(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.map(valueToText).join('');
  throw new MappingValueError('a mapping cannot be written as text');
}

/**
 * Go's `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest digits that read back as the same number,
 * written without an exponent (1e21 → `1000000000000000000000`, 1e-7 → `0.0000001`).
 */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (Object.is(value, -0)) return '-0';
  // toExponential() without an argument gives exactly the shortest round-trip digits.
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const pointAt = Number(exponentText) + 1;
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
