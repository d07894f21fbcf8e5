// A Secret's values never reach the log, the diff, print-payload, the summary or the outputs:
// what is shown of a Secret keeps its key names only, and its values are masked besides.
import type { KubeObject } from '../cluster/gateway.ts';
import { isRecord } from '../guards.ts';

export const hiddenValue = '(hidden)';

/** A core/v1 Secret, whose `data` and `stringData` hold secret values. */
export function isSecret(object: KubeObject | undefined): boolean {
  return object?.kind === 'Secret' && object.apiVersion === 'v1';
}

const valueFields = ['data', 'stringData'] as const;

/** The object as it may be shown: for a Secret, every value replaced, key names kept. */
export function redacted(object: KubeObject): KubeObject;
export function redacted(object: KubeObject | undefined): KubeObject | undefined;
export function redacted(object: KubeObject | undefined): KubeObject | undefined {
  if (!object || !isSecret(object)) return object;
  const copy: KubeObject = { ...object };
  for (const field of valueFields) {
    const values = object[field];
    if (isRecord(values)) {
      copy[field] = Object.fromEntries(Object.keys(values).map((key) => [key, hiddenValue]));
    }
  }
  // The last-applied annotation of a Secret written with kubectl holds every value too.
  const annotations = object.metadata?.annotations;
  if (annotations?.['kubectl.kubernetes.io/last-applied-configuration'] !== undefined) {
    copy.metadata = {
      ...object.metadata,
      annotations: { ...annotations, 'kubectl.kubernetes.io/last-applied-configuration': hiddenValue },
    };
  }
  return copy;
}

/**
 * The texts to mask for a Secret: each value, and for `data` also its decoded text. Values shorter than
 * four characters are left out, as masking them would blank out ordinary words all over the log.
 */
export function secretTexts(object: KubeObject): string[] {
  if (!isSecret(object)) return [];
  const texts: string[] = [];
  for (const field of valueFields) {
    const values = object[field];
    if (!values || typeof values !== 'object' || Array.isArray(values)) continue;
    for (const value of Object.values(values as Record<string, unknown>)) {
      if (typeof value !== 'string') continue;
      texts.push(value);
      if (field === 'data') texts.push(Buffer.from(value, 'base64').toString('utf8'));
    }
  }
  return [...new Set(texts.flatMap((text) => text.split(/\r?\n/)).filter((text) => text.trim().length >= 4))];
}
