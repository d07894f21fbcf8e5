// A whole deploy-and-wait through the fake gateway, with a stand-in for naiserator, under the
// faults a module sees from the gateway: a 410 re-list of the events (a verdict event twice), a
// log stream that breaks, and a wrap-up read that fails.
import { executeRequest, recordingReporter } from '../support/recording.ts';
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CoreV1Event, V1Job, V1Pod } from '@kubernetes/client-node';
import { ClusterError } from '../../src/cluster/api-errors.ts';
import type { KubeObject } from '../../src/cluster/gateway.ts';
import { execute, type ExecuteRequest } from '../../src/execute.ts';
import { FakeGateway } from '../support/fake-gateway.ts';

const namespace = 'team';

/** What naiserator and the Job controller would make for an unscheduled Naisjob: a CronJob, its Job, a pod. */
function actAsNaiserator(
  fake: FakeGateway,
  logLines: number,
  afterCreate: (correlationId: string) => Promise<void>,
): void {
  const write = fake.writeObject.bind(fake);
  fake.writeObject = async (type, verb, body, options) => {
    const stored = await write(type, verb, body, options);
    if (options.dryRun || body.kind !== 'Naisjob') return stored;
    const name = body.metadata?.name ?? '';
    const id = body.metadata?.annotations?.['nais.io/deploymentCorrelationID'] ?? '';
    fake.cronJobs.set(`${namespace}/${name}`, {
      metadata: { name, namespace, uid: 'cronjob-uid', generation: 1 },
      spec: { schedule: '* * * * *', suspend: true, jobTemplate: { spec: { template: {} } } },
    });
    const job: V1Job = {
      metadata: {
        name: `${name}-1`,
        namespace,
        uid: 'job-uid',
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, uid: 'cronjob-uid', controller: true }],
      },
      spec: { template: { spec: { containers: [{ name }] } } },
      status: { conditions: [{ type: 'Complete', status: 'True', reason: 'CompletionsReached' }] },
    };
    fake.jobs.set(`${namespace}/${name}-1`, job);
    const pod: V1Pod = {
      metadata: { name: `${name}-1-abc`, namespace, labels: { 'controller-uid': 'job-uid', app: name } },
      spec: { restartPolicy: 'Never', containers: [{ name }] },
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          {
            name,
            image: 'x',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: new Date() } },
          },
        ],
      },
    };
    fake.pods.set(`${namespace}/${name}-1-abc`, pod);
    fake.setLog(`${name}-1-abc`, logLines, { breaksAfter: [7] });
    void afterCreate(id);
    return stored;
  };
}

const rolloutComplete = (id: string): CoreV1Event => ({
  metadata: { name: 'e1', namespace, annotations: { 'nais.io/deploymentCorrelationID': id } },
  involvedObject: { kind: 'Naisjob', name: 'hello', namespace },
  reason: 'RolloutComplete',
  message: 'done',
  reportingComponent: 'naiserator',
  lastTimestamp: new Date(),
});

const request = (cwd: string): ExecuteRequest =>
  executeRequest(cwd, {
    deadline: Date.now() + 20_000,
    job: { stuckGraceMs: 60_000, logs: true, onCancel: 'leave', tailLines: 5 },
  });

describe('execute: a deploy-and-wait under the faults the gateway passes on', () => {
  it('one verdict, every log line once, through a 410 re-list, a broken log stream and a failed wrap-up read', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'execute-faults-'));
    try {
      const naisjob: KubeObject = {
        apiVersion: 'nais.io/v1',
        kind: 'Naisjob',
        metadata: { name: 'hello', namespace, labels: { team: namespace } },
        spec: { image: 'ghcr.io/navikt/hello:1' },
      };
      writeFileSync(path.join(work, 'job.yaml'), JSON.stringify(naisjob));
      const fake = new FakeGateway();
      actAsNaiserator(fake, 15, async (id) => {
        await fake.watching('/events');
        fake.events.push(rolloutComplete(id));
        // The events watch is told its resourceVersion is gone: the re-list brings the verdict event.
        await fake.gone('/events');
        fake.emit('/events', 'ADDED', rolloutComplete(id));
      });
      fake.failNext('readJob', new ClusterError('The cluster refused to get the Job (HTTP 503)', 503, undefined));
      const reporter = recordingReporter();
      const result = await execute(fake, request(work), reporter);
      expect(result.runs.map((r) => r.result)).toEqual(['succeeded']);
      const logged = reporter.lines.filter((l) => l.startsWith('| '));
      expect(logged).toEqual(Array.from({ length: 15 }, (_, i) => `| line ${i + 1} of 15`));
      expect(reporter.lines.filter((l) => l.includes('RolloutComplete'))).toHaveLength(1);
      expect(fake.retried.length).toBeGreaterThanOrEqual(2);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
