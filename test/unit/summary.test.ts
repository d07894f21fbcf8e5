import { describe, expect, it } from '@jest/globals';
import type { DeployResult, NaisjobOutcome } from '../../src/deploy/deploy.ts';
import { deploySummary } from '../../src/report/summary.ts';
import { scheduleReport } from '../../src/schedule/schedule-report.ts';

function outcome(overrides: Partial<NaisjobOutcome>): NaisjobOutcome {
  return {
    name: 'nightly',
    namespace: 'team-a',
    file: 'nais/job.yaml',
    operation: 'replaced',
    verdict: { state: 'synchronised', message: 'ok' },
    cronJob: 'nightly',
    job: undefined,
    annotations: {},
    schedule: undefined,
    cronJobProblem: undefined,
    diff: undefined,
    ...overrides,
  };
}

const result = (outcomes: NaisjobOutcome[]): DeployResult => ({
  correlationId: 'c-1',
  dryRun: false,
  outcomes,
  resources: [],
});

describe('deploySummary', () => {
  it('lists the next runs of a scheduled Naisjob and warns about a clock change', () => {
    const schedule = scheduleReport('30 2 * * *', 'Europe/Oslo', new Date('2027-03-20T12:00:00Z'));
    const text = deploySummary(result([outcome({ schedule })]), 'https://k8s');
    expect(text).toContain('2027-03-21 02:30 (Europe/Oslo, UTC+01:00)');
    expect(text).toMatch(/> ⚠️ .*2027-03-28/);
  });

  it('shows a CronJob problem', () => {
    const text = deploySummary(result([outcome({ cronJobProblem: 'too many missed start times' })]), 'https://k8s');
    expect(text).toContain('> ⚠️ **nightly**: too many missed start times');
  });

  it('has no schedule section for an unscheduled Naisjob', () => {
    expect(deploySummary(result([outcome({})]), 'https://k8s')).not.toContain('Next runs');
  });
});
