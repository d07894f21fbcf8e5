// What the documents of the resource files are, as NAIS deploy's client reads them: the team, the workload a
// workload image belongs to, each document's role, and where the image input goes. Pure.
import { fieldAt, hasText, isRecord } from '../guards.ts';
import type { ManifestDocument } from './parse.ts';

export const supportedApiVersion = 'nais.io/v1';
export const supportedKind = 'Naisjob';

/**
 * The team, as NAIS deploy's client finds it (pkg/deployclient/deployclient.go): for the first documents,
 * one per file, the team label, else the namespace. The workload's Image goes to that namespace.
 */
export function teamOf(documents: readonly ManifestDocument[], fileCount: number): string | undefined {
  for (const doc of documents.slice(0, fileCount)) {
    const team = fieldAt(doc.value, ['metadata', 'labels', 'team']);
    if (typeof team === 'string' && team !== '') return team;
    const namespace = fieldAt(doc.value, ['metadata', 'namespace']);
    if (typeof namespace === 'string' && namespace !== '') return namespace;
  }
  return undefined;
}

/**
 * The workload a workload image belongs to, found as NAIS deploy's client finds it when no name is given
 * (pkg/deployclient/template.go detectWorkloadName): the names of the documents whose apiVersion starts
 * with nais.io and whose kind is Application or Naisjob, one entry per document.
 */
export function workloadNames(documents: readonly ManifestDocument[]): string[] {
  return documents.flatMap((doc) => {
    const apiVersion = fieldAt(doc.value, ['apiVersion']);
    const kind = fieldAt(doc.value, ['kind']);
    const name = fieldAt(doc.value, ['metadata', 'name']);
    const counts =
      typeof apiVersion === 'string' &&
      apiVersion.startsWith('nais.io') &&
      (kind === 'Application' || kind === 'Naisjob');
    return counts && typeof name === 'string' && name !== '' ? [name] : [];
  });
}

/**
 * Decides whether the image input goes into a rendered Naisjob's `spec.image`:
 * - a `spec.image` written in the manifest wins; the input never overrides what the file says;
 * - a file with template markers receives the input only as the variable `image` (`{{image}}`);
 * - a plain file without `spec.image` gets the input as its `spec.image`, as it has no other way to receive it.
 * Returns the image to set, or undefined to leave the manifest as it is.
 */
export function imageFromInput(
  manifest: unknown,
  fileHasTemplateMarkers: boolean,
  imageInput: string | undefined,
): string | undefined {
  if (imageInput === undefined || imageInput === '' || fileHasTemplateMarkers) return undefined;
  return hasText(fieldAt(manifest, ['spec', 'image'])) ? undefined : imageInput;
}

/** A copy of the manifest with `spec.image` set. */
export function withImage(manifest: unknown, image: string): unknown {
  const object = isRecord(manifest) ? manifest : {};
  const spec = isRecord(object.spec) ? object.spec : {};
  return { ...object, spec: { ...spec, image } };
}

/** The kinds a resource file may hold, and how the action treats each. */
export type DocumentRole = 'naisjob' | 'job' | 'other';

/** What a document is: a Naisjob, a batch/v1 Job (awaited like naiserator's Jobs), or anything else. */
export function roleOf(manifest: unknown): DocumentRole {
  const kind = fieldAt(manifest, ['kind']);
  if (kind === supportedKind) return 'naisjob';
  if (kind === 'Job' && fieldAt(manifest, ['apiVersion']) === 'batch/v1') return 'job';
  return 'other';
}
