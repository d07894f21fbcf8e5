import { describe, expect, it } from '@jest/globals';
import type { V1CronJob } from '@kubernetes/client-node';
import { forceRunName, jobFromCronJob, manualAnnotation } from '../../src/job/force-run.ts';

function cronJob(): V1CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: {
      name: 'hello',
      namespace: 'team',
      uid: 'cron-uid',
      labels: { app: 'hello', team: 'team' },
      annotations: { 'nais.io/deploymentCorrelationID': 'id-1' },
      resourceVersion: '42',
    },
    spec: {
      schedule: '0 * * * *',
      jobTemplate: {
        metadata: { labels: { app: 'hello', team: 'team' }, annotations: { 'nais.io/naisjob': 'true' } },
        spec: {
          backoffLimit: 3,
          activeDeadlineSeconds: 600,
          template: {
            metadata: { labels: { app: 'hello' } },
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'hello', image: 'hello:1', env: [{ name: 'A', value: '1' }] }],
            },
          },
        },
      },
    },
  };
}

describe('jobFromCronJob', () => {
  it('makes the Job kubectl create job --from=cronjob makes', () => {
    const source = cronJob();
    expect(jobFromCronJob(source, 'hello-run-abc')).toEqual({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'hello-run-abc',
        namespace: 'team',
        labels: { app: 'hello', team: 'team' },
        annotations: { 'nais.io/naisjob': 'true', 'cronjob.kubernetes.io/instantiate': 'manual' },
        ownerReferences: [
          { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: 'cron-uid', controller: true },
        ],
      },
      spec: source.spec.jobTemplate.spec,
    });
  });

  it('sets no blockOwnerDeletion, as kubectl does not', () => {
    expect(jobFromCronJob(cronJob(), 'x').metadata?.ownerReferences?.[0]?.blockOwnerDeletion).toBeUndefined();
  });

  it('copies, so changing the Job leaves the CronJob alone', () => {
    const source = cronJob();
    const job = jobFromCronJob(source, 'x');
    job.spec?.template.spec?.containers[0]?.env?.push({ name: 'B', value: '2' });
    if (job.metadata?.labels) job.metadata.labels.extra = 'yes';
    expect(source.spec.jobTemplate.spec?.template.spec?.containers[0]?.env).toHaveLength(1);
    expect(source.spec.jobTemplate.metadata?.labels).not.toHaveProperty('extra');
  });

  it.each<[string, Record<string, string> | undefined, Record<string, string>]>([
    ['no template annotations', undefined, { [manualAnnotation]: 'manual' }],
    ['template annotations kept', { a: 'b' }, { a: 'b', [manualAnnotation]: 'manual' }],
    [
      'a template value of the marker wins, as in kubectl',
      { [manualAnnotation]: 'other' },
      { [manualAnnotation]: 'other' },
    ],
  ])('annotations: %s', (_name, annotations, expected) => {
    const source = cronJob();
    source.spec.jobTemplate.metadata = { annotations };
    const job = jobFromCronJob(source, 'x');
    expect(job.metadata?.annotations).toEqual(expected);
    expect(job.metadata?.labels).toBeUndefined();
  });
});

describe('forceRunName', () => {
  const name63 = `a${'b'.repeat(61)}c`;
  it.each<[string, string, string, string]>([
    ['a short name', 'hello', 'x7k2q', 'hello-run-x7k2q'],
    ['a suffix ending in a digit', 'hello', 'x7k29', 'hello-run-x7k2j'],
    ['a suffix of one digit', 'hello', '0', 'hello-run-a'],
    ['an upper-case suffix with symbols', 'hello', 'AB_c-9!', 'hello-run-abcj'],
    ['a 63-character name', name63, 'x7k2q', `a${'b'.repeat(47)}-run-x7k2q`],
    ['a 63-character name and a long suffix', name63, 'abcdefghijklmnop', `a${'b'.repeat(47)}-run-abcdefghij`],
    ['a name with a hyphen at the cut', `${'a'.repeat(47)}-tail`, 'q', `${'a'.repeat(47)}-run-q`],
  ])('%s', (_name, naisjob, suffix, expected) => {
    const name = forceRunName(naisjob, suffix);
    expect(name).toBe(expected);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z])?$/);
    // naiserator's and the CronJob controller's Job names end in digits.
    expect(name).not.toMatch(/-\d+$/);
  });

  it.each(['', '---', 'ÆØÅ'])('refuses a suffix without letters or digits: %p', (suffix) => {
    expect(() => forceRunName('hello', suffix)).toThrow('no letters or digits');
  });
});
