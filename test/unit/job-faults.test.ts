// The Job's watching and following under faults, with the fake gateway: log streams that break,
// lost connections, 410 re-lists, a broken watch, and a Job whose end overtakes its pods' updates.
import { recordingReporter } from '../support/recording.ts';
import { describe, expect, it } from '@jest/globals';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { ClusterError } from '../../src/cluster/api-errors.ts';
import { JobTracker } from '../../src/job/job-tracker.ts';
import { followContainerLog } from '../../src/job/log-follower.ts';
import { waitForJobs } from '../../src/job/wait-for-jobs.ts';
import { FakeGateway } from '../support/fake-gateway.ts';

const namespace = 'team';
const job = (conditions: { type: string; reason: string }[] = []): V1Job => ({
  metadata: { name: 'job-1', namespace, uid: 'uid-1', resourceVersion: '1' },
  spec: { template: { spec: { containers: [{ name: 'job' }] } } },
  status: { conditions: conditions.map((c) => ({ ...c, status: 'True' })) },
});
const complete = (): V1Job =>
  job([
    { type: 'SuccessCriteriaMet', reason: 'CompletionsReached' },
    { type: 'Complete', reason: 'CompletionsReached' },
  ]);
const pod = (phase: 'Pending' | 'Running' | 'Succeeded'): V1Pod => ({
  metadata: {
    name: 'job-1-abc',
    namespace,
    labels: { 'controller-uid': 'uid-1', app: 'job' },
    creationTimestamp: new Date('2026-11-26T10:00:00Z'),
  },
  spec: { restartPolicy: 'Never', containers: [{ name: 'job' }] },
  status: {
    phase,
    containerStatuses:
      phase === 'Pending'
        ? []
        : [
            {
              name: 'job',
              image: 'x',
              imageID: '',
              ready: phase === 'Running',
              restartCount: 0,
              state:
                phase === 'Running'
                  ? { running: { startedAt: new Date('2026-11-26T10:00:00Z') } }
                  : { terminated: { exitCode: 0, reason: 'Completed', startedAt: new Date('2026-11-26T10:00:00Z') } },
            },
          ],
  },
});

/** Follows pod job-1-abc's log through the fake; the container finished before the follow began. */
async function follow(fake: FakeGateway, finished = true) {
  const printed: string[] = [];
  const result = await followContainerLog(fake, {
    namespace,
    pod: 'job-1-abc',
    container: 'job',
    signal: new AbortController().signal,
    finished: () => finished,
    gone: () => false,
    changed: () => Promise.resolve(),
    onLine: (text) => {
      printed.push(text);
      return undefined;
    },
    tailLines: 3,
    clock: fake.clock,
  });
  return { printed, result };
}

const numbered = (count: number): string[] => Array.from({ length: count }, (_, i) => `line ${i + 1} of ${count}`);

describe('log follower under faults', () => {
  it('a stream that breaks three times: every line exactly once, each resume after a backoff', async () => {
    const fake = new FakeGateway();
    fake.setLog('job-1-abc', 50, { breaksAfter: [10, 25, 41] });
    const { printed, result } = await follow(fake);
    expect(printed).toEqual(numbered(50));
    expect(result.incomplete).toBeUndefined();
    expect(fake.clock.slept).toHaveLength(3);
    expect(fake.clock.slept.every((ms) => ms >= 125 && ms <= 250)).toBe(true);
    expect(fake.retried).toHaveLength(3);
  });

  it('lost connections in a row back off, doubling, and the log still comes whole', async () => {
    const fake = new FakeGateway();
    fake.setLog('job-1-abc', 20);
    const lost = (): ClusterError =>
      new ClusterError('Could not connect to the cluster’s server', undefined, undefined);
    fake.failNext('logLines', lost(), lost(), lost());
    const { printed, result } = await follow(fake);
    expect(printed).toEqual(numbered(20));
    expect(result.incomplete).toBeUndefined();
    expect(fake.clock.slept).toEqual([188, 375, 750]);
  });

  it('a container not yet started (400) waits for the pod to change, without a backoff', async () => {
    const fake = new FakeGateway();
    fake.setLog('job-1-abc', 5);
    fake.failNext('logLines', new ClusterError('container "job" is waiting to start', 400, undefined));
    const { printed } = await follow(fake, false);
    expect(printed.slice(0, 5)).toEqual(numbered(5));
    expect(fake.clock.slept).toEqual([]);
  });
});

describe('job tracker under faults', () => {
  it('a 410 on the Job watch re-lists, and the re-listed Job’s end is the verdict', async () => {
    const fake = new FakeGateway();
    fake.jobs.set(`${namespace}/job-1`, job());
    const tracker = new JobTracker(fake, namespace, 'job-1');
    const tracking = tracker.track({
      deadline: Date.now() + 10_000,
      signal: new AbortController().signal,
      stuckGraceMs: 60_000,
    });
    await fake.watching('/jobs');
    fake.jobs.set(`${namespace}/job-1`, complete());
    await fake.gone('/jobs');
    await expect(tracking).resolves.toBe('terminal');
    expect(tracker.verdict.state).toBe('succeeded');
  });

  it('a watch that fails for good (403 past its window) ends the tracking with that error', async () => {
    const fake = new FakeGateway();
    fake.jobs.set(`${namespace}/job-1`, job());
    const tracker = new JobTracker(fake, namespace, 'job-1');
    const tracking = tracker.track({
      deadline: Date.now() + 10_000,
      signal: new AbortController().signal,
      stuckGraceMs: 60_000,
    });
    await fake.watching('/pods');
    fake.breakWatch('/pods', new ClusterError('Forbidden: team may not watch pods', 403, undefined));
    await expect(tracking).rejects.toThrow(/Forbidden/);
  });
});

describe('wait for jobs under faults', () => {
  it('prints the whole log when the Job’s end overtakes its pod’s updates (2 s of latency did this)', async () => {
    const fake = new FakeGateway();
    fake.jobs.set(`${namespace}/job-1`, job());
    fake.pods.set(`${namespace}/job-1-abc`, pod('Pending'));
    fake.setLog('job-1-abc', 12);
    const reporter = recordingReporter();
    const { lines } = reporter;
    const waiting = waitForJobs(
      fake,
      [{ namespace, name: 'job-1', naisjob: 'job', startedBy: 'naiserator' }],
      {
        deadline: Date.now() + 10_000,
        signal: new AbortController().signal,
        stuckGraceMs: 60_000,
        logs: true,
        onCancel: 'leave',
        tailLines: 3,
      },
      reporter,
    );
    await fake.watching('/pods');
    // The pod ran and finished, but its updates are late; the Job's end comes first.
    fake.pods.set(`${namespace}/job-1-abc`, pod('Succeeded'));
    fake.jobs.set(`${namespace}/job-1`, complete());
    fake.emit('/jobs', 'MODIFIED', complete());
    const [run] = await waiting;
    expect(run?.result).toBe('succeeded');
    expect(lines.filter((l) => l.startsWith('| '))).toEqual(numbered(12).map((l) => `| ${l}`));
  });

  it('a wrap-up read that fails does not change a good verdict', async () => {
    const fake = new FakeGateway();
    fake.jobs.set(`${namespace}/job-1`, complete());
    fake.pods.set(`${namespace}/job-1-abc`, pod('Succeeded'));
    fake.setLog('job-1-abc', 3);
    fake.failNext('listEvents', new ClusterError('The cluster refused to list events (HTTP 503)', 503, undefined));
    const reporter = recordingReporter();
    const { lines } = reporter;
    const [run] = await waitForJobs(
      fake,
      [{ namespace, name: 'job-1', naisjob: 'job', startedBy: 'naiserator' }],
      {
        deadline: Date.now() + 10_000,
        signal: new AbortController().signal,
        stuckGraceMs: 60_000,
        logs: true,
        onCancel: 'leave',
        tailLines: 3,
      },
      reporter,
    );
    expect(run?.result).toBe('succeeded');
    expect(lines.filter((l) => l.startsWith('| '))).toHaveLength(3);
  });
});
