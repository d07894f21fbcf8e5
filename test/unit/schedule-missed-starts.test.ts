import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event, V1CronJob, V1CronJobSpec, V1CronJobStatus } from '@kubernetes/client-node';
import { missedStartsProblem } from '../../src/schedule/missed-starts.ts';

describe('missedStartsProblem', () => {
  const now = new Date('2026-11-23T21:09:00Z');
  const threeDaysAgo = new Date('2026-11-20T21:09:00Z');
  const cronJob = (
    spec: Partial<V1CronJobSpec> = {},
    status: V1CronJobStatus = {},
    creationTimestamp = new Date('2026-11-01T00:00:00Z'),
  ): V1CronJob => ({
    metadata: { name: 'nightly', namespace: 'team-a', uid: 'uid-1', creationTimestamp },
    spec: { schedule: '* * * * *', concurrencyPolicy: 'Allow', suspend: false, jobTemplate: {}, ...spec },
    status,
  });
  // The event as the v1.34 controller records it (reason and message seen on a local cluster).
  const tooMany = (overrides: Partial<CoreV1Event> = {}, object: Record<string, string> = {}): CoreV1Event => ({
    metadata: { name: 'nightly.1', namespace: 'team-a' },
    involvedObject: { kind: 'CronJob', name: 'nightly', namespace: 'team-a', uid: 'uid-1', ...object },
    type: 'Warning',
    reason: 'TooManyMissedTimes',
    message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
    count: 1,
    lastTimestamp: new Date('2026-11-23T21:07:13Z'),
    ...overrides,
  });
  const recent: V1CronJobStatus = { lastScheduleTime: new Date('2026-11-23T21:08:00Z') };
  const behind: V1CronJobStatus = { lastScheduleTime: threeDaysAgo };

  it.each<[string, V1CronJob, CoreV1Event[], string[] | undefined]>([
    ['on schedule, no event', cronJob({}, recent), [], undefined],
    ['never scheduled, created a minute ago', cronJob({}, {}, new Date('2026-11-23T21:08:00Z')), [], undefined],
    [
      'after the warning the controller caught up',
      cronJob({}, recent),
      [tooMany()],
      [
        'The CronJob controller warned TooManyMissedTimes ("too many missed start times"), last at 2026-11-23T21:07:13Z.',
        'In Kubernetes 1.34 this is only a warning: the controller starts one Job for the most recent missed time',
        'A Naisjob cannot set startingDeadlineSeconds',
      ],
    ],
    ['a Normal event', cronJob({}, recent), [tooMany({ type: 'Normal' })], undefined],
    ['another reason', cronJob({}, recent), [tooMany({ reason: 'MissSchedule' })], undefined],
    ['another CronJob', cronJob({}, recent), [tooMany({}, { name: 'weekly' })], undefined],
    ['an earlier CronJob of that name', cronJob({}, recent), [tooMany({}, { uid: 'uid-0' })], undefined],
    ['suspended (no schedule)', cronJob({ suspend: true }, behind), [tooMany()], undefined],
    [
      'Forbid and a Job still active',
      cronJob(
        { concurrencyPolicy: 'Forbid' },
        { lastScheduleTime: threeDaysAgo, active: [{ kind: 'Job', name: 'nightly-29924468', namespace: 'team-a' }] },
      ),
      [tooMany({ count: 2, lastTimestamp: new Date('2026-11-23T21:09:00Z') })],
      [
        'warned TooManyMissedTimes ("too many missed start times") 2 times, last at 2026-11-23T21:09:00Z.',
        "It counts 4320 start times of '* * * * *' since 2026-11-20T21:09:00Z, when its last scheduled start",
        'A Job is still active (nightly-29924468) and spec.concurrencyPolicy is Forbid',
        'kubectl delete job nightly-29924468 -n team-a',
      ],
    ],
    [
      'behind with the warning, nothing active',
      cronJob({}, behind),
      [tooMany()],
      ['It counts 4320 start times', 'FailedCreate means its Jobs cannot be created', 'clock skew'],
    ],
    [
      'behind without the warning',
      cronJob({}, behind),
      [],
      ['It counts 4320 start times', 'the controller may not have caught up yet', 'may not be running'],
    ],
    ['hourly, 50 hours behind: not more than 100', cronJob({ schedule: '0 * * * *' }, behind), [], undefined],
    [
      'counted from creation when never scheduled',
      cronJob({ schedule: '0 * * * *' }, {}),
      [],
      ["It counts 549 start times of '0 * * * *' since 2026-11-01T00:00:00Z, when it was created"],
    ],
    [
      'an unknown time zone: the controller says so itself',
      cronJob({ timeZone: 'Mars/Olympus' }, behind),
      [],
      undefined,
    ],
  ])('%s', (_, job, events, expected) => {
    const problem = missedStartsProblem(job, events, now);
    if (expected === undefined) {
      expect(problem).toBeUndefined();
      return;
    }
    for (const part of expected) expect(problem).toContain(part);
  });

  it('reads times given as strings, as from a watch', () => {
    const raw = JSON.parse(JSON.stringify(cronJob({}, behind))) as V1CronJob;
    const event = JSON.parse(JSON.stringify(tooMany())) as CoreV1Event;
    expect(missedStartsProblem(raw, [event], now)).toContain('It counts 4320 start times');
  });
});
