// Runs a scheduled Naisjob now: a Job from its CronJob, made the way `kubectl create job --from=cronjob/NAME` makes it.
import type { V1CronJob, V1Job } from '@kubernetes/client-node';

export const manualAnnotation = 'cronjob.kubernetes.io/instantiate';

/**
 * A Job from a CronJob with `kubectl create job --from=cronjob/NAME` semantics: the job template's labels,
 * its annotations over `cronjob.kubernetes.io/instantiate: manual`, the CronJob's namespace, a controller
 * reference to the CronJob (without blockOwnerDeletion, as kubectl), and a copy of the template's spec.
 */
export function jobFromCronJob(cronJob: V1CronJob, name: string): V1Job {
  const template = cronJob.spec.jobTemplate;
  const owner = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    name: cronJob.metadata?.name ?? '',
    uid: cronJob.metadata?.uid ?? '',
    controller: true,
  };
  const labels = template.metadata?.labels;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      ...(cronJob.metadata?.namespace ? { namespace: cronJob.metadata.namespace } : {}),
      ...(labels ? { labels: { ...labels } } : {}),
      // kubectl writes the marker first, so a template annotation of the same key wins.
      annotations: { [manualAnnotation]: 'manual', ...template.metadata?.annotations },
      ownerReferences: [owner],
    },
    spec: structuredClone(template.spec ?? { template: {} }),
  };
}

/** Room a Naisjob name gets before the suffix: naiserator cuts names to 48 for its Jobs. */
const nameRoom = 48;
const maxName = 63;

/**
 * A Job name that cannot collide with naiserator's `<name cut to 48>-<digits>` nor the CronJob controller's
 * `<name>-<minutes>`: `<name cut to 48>-run-<suffix>`, at most 63 characters, ending in a letter.
 * The suffix is lower-cased, stripped to [a-z0-9], cut to fit, and a final digit becomes a letter (0→a … 9→j).
 */
export function forceRunName(naisjobName: string, randomSuffix: string): string {
  const base = naisjobName.slice(0, nameRoom).replace(/-+$/, '');
  const prefix = `${base}-run-`;
  const cleaned = randomSuffix.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (!cleaned) throw new Error(`The random suffix "${randomSuffix}" has no letters or digits.`);
  const suffix = cleaned.slice(0, maxName - prefix.length);
  const lastChar = suffix.at(-1) ?? 'a';
  const ending = /[0-9]/.test(lastChar) ? String.fromCharCode('a'.charCodeAt(0) + Number(lastChar)) : lastChar;
  return `${prefix}${suffix.slice(0, -1)}${ending}`;
}
