import { describe, expect, it } from '@jest/globals';
import type { V1Pod } from '@kubernetes/client-node';
import { podAttempts, type PodAttempt } from '../../src/job/attempts.ts';
import { mermaidLabel } from '../../src/report/markdown.ts';
import { jobsSummary } from '../../src/report/summary.ts';
import { jobRun } from '../support/job-run.ts';

const at = (seconds: number): Date => new Date(Date.UTC(2026, 10, 26, 12, 0, seconds));
const attempt = (
  pod: string,
  from: number,
  to: number | undefined,
  outcome: PodAttempt['outcome'],
  exitCode?: number,
) => ({
  pod,
  start: at(from),
  end: to === undefined ? undefined : at(to),
  outcome,
  exitCode,
});

/** The lines between the mermaid fence and its end. */
function chartOf(markdown: string): string[] | undefined {
  const lines = markdown.split('\n');
  const open = lines.findIndex((line) => /^`{3,}mermaid$/.test(line));
  if (open === -1) return undefined;
  const fence = (lines[open] ?? '').replace('mermaid', '');
  const close = lines.indexOf(fence, open + 1);
  return lines.slice(open + 1, close);
}

describe('the attempts chart in the step summary', () => {
  it('draws a Job that needed several attempts, failures red, success done, in time order', () => {
    const run = jobRun({
      attempts: [attempt('hello-1-abcde', 0, 5, 'failed', 3), attempt('hello-1-fghij', 15, 21, 'succeeded', 0)],
    });
    const chart = chartOf(jobsSummary([run]));
    const start = at(0).getTime();
    expect(chart).toEqual([
      'gantt',
      '  title Pod attempts (UTC)',
      '  dateFormat x',
      '  axisFormat %H:%M:%S',
      '  section hello-1',
      `  attempt 1 hello-1-abcde exit 3 :crit, j0a0, ${start}, ${start + 5_000}`,
      `  attempt 2 hello-1-fghij exit 0 :done, j0a1, ${start + 15_000}, ${start + 21_000}`,
    ]);
  });

  it('draws several Jobs, one section each, a running pod up to now and a short one a second long', () => {
    const runs = [
      jobRun({ attempts: [attempt('a-1-x', 0, 0, 'succeeded', 0)] }),
      jobRun({
        target: { namespace: 'team-a', name: 'b-1', naisjob: 'b', startedBy: 'naiserator' },
        attempts: [attempt('b-1-y', 2, undefined, 'running')],
      }),
    ];
    const chart = chartOf(jobsSummary(runs, at(30))) ?? [];
    expect(chart.filter((line) => line.startsWith('  section'))).toEqual(['  section hello-1', '  section b-1']);
    expect(chart).toContain(`  attempt 1 a-1-x exit 0 :done, j0a0, ${at(0).getTime()}, ${at(1).getTime()}`);
    expect(chart).toContain(`  attempt 1 b-1-y running :active, j1a0, ${at(2).getTime()}, ${at(30).getTime()}`);
  });

  it('draws nothing for one Job with one attempt', () => {
    expect(chartOf(jobsSummary([jobRun({ attempts: [attempt('hello-1-x', 0, 3, 'succeeded', 0)] })]))).toBeUndefined();
  });

  it('keeps outside names from breaking the diagram or the fence', () => {
    const hostile = 'x :crit, evil, 0, 1\n  section y %%{init: {}}%% ```\u0007; click a "https://e.invalid" #';
    const run = jobRun({
      target: { namespace: 'team-a', name: hostile, naisjob: 'x', startedBy: 'naiserator' },
      attempts: [attempt(hostile, 0, 5, 'failed', 1), attempt('ok', 6, 9, 'succeeded', 0)],
    });
    const chart = chartOf(jobsSummary([run])) ?? [];
    expect(chart).toHaveLength(7);
    for (const line of chart.slice(4)) {
      // Each line is a section or one task: a label, then exactly one `:` and the task's fields.
      expect(line).toMatch(
        /^ {2}(section [\p{L}\p{N}._ -]+|attempt \d+ [\p{L}\p{N}._ -]+ :(crit|done|active), j\d+a\d+, \d+, \d+)$/u,
      );
    }
    expect(mermaidLabel('%%{init}%%')).toBe('___init___');
    expect(mermaidLabel('\n')).toBe('_');
  });
});

describe('podAttempts', () => {
  it('takes the main container times and says how each pod ended', () => {
    const pod = (name: string, created: number, state: Record<string, unknown>, phase: string): V1Pod => ({
      metadata: { name, creationTimestamp: at(created) },
      spec: { containers: [{ name: 'hello' }] },
      status: {
        phase,
        containerStatuses: [{ name: 'hello', state, ready: false, restartCount: 0, image: '', imageID: '' }],
      },
    });
    expect(
      podAttempts([
        pod('p2', 10, { running: { startedAt: at(12) } }, 'Running'),
        pod('p1', 0, { terminated: { startedAt: at(1), finishedAt: at(4), exitCode: 2 } }, 'Failed'),
        pod('p3', 20, { waiting: { reason: 'ImagePullBackOff' } }, 'Pending'),
      ]),
    ).toEqual([
      { pod: 'p1', start: at(1), end: at(4), outcome: 'failed', exitCode: 2 },
      { pod: 'p2', start: at(12), end: undefined, outcome: 'running', exitCode: undefined },
      { pod: 'p3', start: at(20), end: undefined, outcome: 'waiting', exitCode: undefined },
    ]);
  });
});
