// Small checks of values whose shape is not known: parsed YAML, API answers, names. Pure.

/** A plain object (not null, not an array): a YAML mapping or a JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The character rule of a Kubernetes DNS-1123 label (a name or a namespace): lower-case letters, digits and `-`,
 * starting and ending with a letter or digit. The length limit differs by use, so it is the caller's.
 */
export function matchesDnsLabel(text: string): boolean {
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(text);
}
