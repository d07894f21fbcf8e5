// Whether naiserator will skip a redeploy, decided as naiserator decides it, and what the step
// does then. Pure; the rows of its table test name their upstream sources.
//
// naiserator (pkg/synchronizer/synchronizer.go Prepare) reads the Naisjob as stored, applies
// liberator's defaults (pkg/apis/nais.io/v1/naisjob_defaults.go), hashes the JSON of the spec,
// and skips when that hash equals status.synchronizationHash and the image did not change
// (pkg/synchronizer/externalimage.go imageHasChanged). The action cannot reproduce the hash
// function, so it compares the two specs after the same defaults, with empty fields left out
// as the JSON encoding leaves them out.
import type { KubeObject } from '../cluster/gateway.ts';
import { isRecord } from '../guards.ts';

export type SkipPrediction =
  /** naiserator skips it and its last rollout completed: nothing new runs. */
  | { kind: 'unchanged'; state: string }
  /** naiserator skips it, and its last attempt failed for good: the same spec fails again. */
  | { kind: 'failed-before'; message: string }
  /** naiserator acts on it: wait for its events. */
  | { kind: 'wait'; why: string };

type Json = Record<string, unknown>;

/**
 * liberator's ApplyDefaults on a spec: mergo fills what is missing or zero, recursing into objects; an explicit
 * backoffLimit 0 is kept, while an explicit 0 history limit becomes the default.
 */
export function withNaisjobDefaults(spec: Json): Json {
  const out: Json = structuredClone(spec);
  const zeroOrMissing = (value: unknown): boolean => value === undefined || value === null || value === 0;
  if (out.backoffLimit === undefined || out.backoffLimit === null) out.backoffLimit = 6;
  if (zeroOrMissing(out.failedJobsHistoryLimit)) out.failedJobsHistoryLimit = 1;
  if (zeroOrMissing(out.successfulJobsHistoryLimit)) out.successfulJobsHistoryLimit = 3;
  if (out.restartPolicy === undefined || out.restartPolicy === null || out.restartPolicy === '')
    out.restartPolicy = 'Never';
  const child = (parent: Json, key: string): Json => {
    if (!isRecord(parent[key])) parent[key] = {};
    return parent[key] as Json;
  };
  const fill = (target: Json, key: string, value: unknown): void => {
    if (target[key] === undefined || target[key] === null || target[key] === '' || target[key] === 0)
      target[key] = value;
  };
  const liveness = child(out, 'liveness');
  fill(liveness, 'periodSeconds', 10);
  fill(liveness, 'timeout', 1);
  fill(liveness, 'failureThreshold', 3);
  const resources = child(out, 'resources');
  fill(child(resources, 'limits'), 'memory', '512Mi');
  const requests = child(resources, 'requests');
  fill(requests, 'cpu', '200m');
  fill(requests, 'memory', '256Mi');
  // azure.application.enabled false, vault enabled false with no paths, and empty accessPolicy rule lists:
  // all empty once encoded, so the normalisation below makes them equal to their absence.
  return out;
}

/** The spec as its JSON encoding shows it: null, '', [] and {} left out, keys in order. */
export function withoutEmptyFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmptyFields);
  if (!isRecord(value)) return value;
  const out: Json = {};
  for (const key of Object.keys(value).sort()) {
    const inner = withoutEmptyFields(value[key]);
    const empty =
      inner === null ||
      inner === undefined ||
      inner === '' ||
      (Array.isArray(inner) && inner.length === 0) ||
      (isRecord(inner) && Object.keys(inner).length === 0);
    if (!empty) out[key] = inner;
  }
  return out;
}

/** The spec naiserator hashes, in a form two specs can be compared in. */
export function hashedSpec(spec: unknown): string {
  return canonicalJson(withoutEmptyFields(withNaisjobDefaults(isRecord(spec) ? spec : {})));
}

/** naiserator's stored message for its last state: the condition's message, else the problems. */
export function lastMessage(status: Json): string | undefined {
  const conditions = status.conditions;
  if (Array.isArray(conditions) && isRecord(conditions[0]) && typeof conditions[0].message === 'string')
    return conditions[0].message;
  const problems = status.problems;
  if (Array.isArray(problems)) {
    const messages = problems.flatMap((p) => (isRecord(p) && typeof p.message === 'string' ? [p.message] : []));
    if (messages.length) return messages.join('; ');
  }
  return undefined;
}

export interface SkipInput {
  /** The Naisjob before this deploy. */
  live: KubeObject | undefined;
  /** The Naisjob as the server stores it now: the PUT's (or the dry run's) answer, with schema defaults. */
  stored: KubeObject;
  /** The image of the workload's Image resource this deploy applies, if any. */
  imageResource?: string | undefined;
}

export function predictSkip({ live, stored, imageResource }: SkipInput): SkipPrediction {
  const liveStatus = isRecord(live?.status) ? live.status : undefined;
  const hash = liveStatus?.synchronizationHash;
  if (!live || !liveStatus || typeof hash !== 'string' || hash === '') {
    return { kind: 'wait', why: 'naiserator has not synchronised this Naisjob before' };
  }
  // Without the status subresource (CRDs before 2026-01-20), a PUT replaces the status too.
  if (!isRecord(stored.status) || stored.status.synchronizationHash !== hash) {
    return { kind: 'wait', why: 'the cluster cleared its status, so naiserator synchronises it again' };
  }
  if (hashedSpec(live.spec) !== hashedSpec(stored.spec)) return { kind: 'wait', why: 'its spec changed' };
  const specImage = typeof stored.spec?.image === 'string' ? stored.spec.image : '';
  const wanted = specImage || imageResource;
  const effective = typeof liveStatus.effectiveImage === 'string' ? liveStatus.effectiveImage : '';
  // imageHasChanged: no effective image yet with an image in the spec counts as unchanged.
  const imageChanged = wanted !== undefined && !(effective === '' && specImage !== '') && wanted !== effective;
  if (imageChanged) return { kind: 'wait', why: 'its image changed' };
  const state = typeof liveStatus.synchronizationState === 'string' ? liveStatus.synchronizationState : '';
  switch (state) {
    case 'RolloutComplete':
      return { kind: 'unchanged', state };
    case 'FailedSynchronization':
      return {
        kind: 'failed-before',
        message: lastMessage(liveStatus) ?? 'naiserator failed to synchronise this spec before, and keeps it failed',
      };
    case 'Synchronized':
      return { kind: 'wait', why: 'naiserator restarts its rollout monitor for it' };
    default:
      // FailedPrepare, FailedGenerate and Retrying store no hash for the spec, so naiserator tries again.
      return { kind: 'wait', why: `its last state was ${state || 'unknown'}, which naiserator tries again` };
  }
}

/** JSON with every object's keys in order, so two equal objects give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}
