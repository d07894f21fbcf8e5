// The timeline and the step summary's Jobs section: pure, from final objects.
import { describe, expect, it } from '@jest/globals';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { jobTimeline } from '../../src/job/timeline.ts';
import type { JobRun } from '../../src/job/wait-for-jobs.ts';
import { jobsSummary } from '../../src/report/summary.ts';
import { jobRun } from '../support/job-run.ts';

const t = (second: number): string => `2026-11-23T10:00:${String(second).padStart(2, '0')}Z`;

function pod(name: string, created: number, state: Record<string, unknown>): V1Pod {
  return {
    metadata: { name, creationTimestamp: t(created) as unknown as Date },
    spec: { containers: [{ name: 'app' }] },
    status: { containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 0, state }] },
  };
}

describe('jobTimeline', () => {
  it('orders the Job, its pods and their containers by time, attempts numbered', () => {
    const job: V1Job = {
      metadata: { name: 'hello-1', creationTimestamp: t(0) as unknown as Date },
      status: {
        conditions: [
          {
            type: 'FailureTarget',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            lastTransitionTime: t(9) as unknown as Date,
          },
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            lastTransitionTime: t(9) as unknown as Date,
          },
          { type: 'Suspended', status: 'False', lastTransitionTime: t(1) as unknown as Date },
        ],
      },
    };
    const pods = [
      pod('hello-1-b', 5, { terminated: { exitCode: 3, reason: 'Error', startedAt: t(6), finishedAt: t(8) } }),
      pod('hello-1-a', 1, { terminated: { exitCode: 3, reason: 'Error', startedAt: t(2), finishedAt: t(4) } }),
    ];
    expect(jobTimeline(job, pods).map((m) => `${m.at.getUTCSeconds()} ${m.text}`)).toEqual([
      '0 Job hello-1 created',
      '1 pod hello-1-a created (attempt 1)',
      '2 container app started',
      '4 container app exited with code 3 (Error)',
      '5 pod hello-1-b created (attempt 2)',
      '6 container app started',
      '8 container app exited with code 3 (Error)',
      '9 Job FailureTarget: BackoffLimitExceeded',
      '9 Job Failed: BackoffLimitExceeded',
    ]);
  });

  it('notes a pod the scheduler could not place and a waiting container', () => {
    const unscheduled: V1Pod = pod('p', 1, { waiting: { reason: 'ContainerCreating' } });
    unscheduled.status = Object.assign(unscheduled.status ?? {}, {
      conditions: [
        { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: t(2) as unknown as Date },
      ],
    });
    expect(jobTimeline(undefined, [unscheduled]).map((m) => m.text)).toEqual([
      'pod p created (attempt 1)',
      'container app waiting: ContainerCreating',
      'pod p not scheduled: Unschedulable',
    ]);
  });
});

function run(overrides: Partial<JobRun>): JobRun {
  return jobRun({
    timeline: [{ at: new Date(t(3)), text: 'container app started' }],
    logTail: ['done'],
    ...overrides,
  });
}

describe('jobsSummary', () => {
  it('is empty without runs', () => {
    expect(jobsSummary([])).toBe('');
  });

  it('has a row per Job, the timeline and the log tail', () => {
    const text = jobsSummary([run({})]);
    expect(text).toContain('| `hello-1` | `hello` | ✅ succeeded | 0 | `CompletionsReached` | 12s |');
    expect(text).toContain('| 10:00:03 | container app started |');
    expect(text).toContain('the last 1 lines of the log');
  });

  it.each([
    ['a backtick run', ['```', 'x'], '````'],
    ['no backticks', ['plain'], '```'],
  ])('fences a log tail with %s so the log cannot end the block', (_case, logTail, fence) => {
    const text = jobsSummary([run({ logTail })]);
    expect(text).toContain(`\n${fence}\n${logTail.join('\n')}\n${fence}\n`);
  });

  it('escapes table cells', () => {
    const text = jobsSummary([run({ result: 'failed', headline: 'a | b\nc', timeline: [] })]);
    expect(text).toContain('a \\| b c');
    expect(text).toContain('❌ failed');
  });
});
