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

/** The value at a path of keys through nested objects; undefined where one is missing or not an object. */
export function fieldAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A value that says something: a string with more than white space, or anything but null and undefined. */
export function hasText(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}
