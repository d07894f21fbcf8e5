import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event, V1CronJob, V1CronJobSpec, V1CronJobStatus } from '@kubernetes/client-node';
import { parseSchedule } from '../../src/manifest/schedule.ts';
import { missedStartsProblem } from '../../src/schedule/missed-starts.ts';
import { dstWarnings, formatLocal, nextRuns, type DstWarning } from '../../src/schedule/next-runs.ts';
import { scheduleReport } from '../../src/schedule/schedule-report.ts';

const containing = (text: string): unknown => expect.stringContaining(text);
const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString().replace('.000Z', 'Z'));

describe('parseSchedule', () => {
  it.each<[string, Record<string, unknown>]>([
    ['*/15 * * * *', { minutes: new Set([0, 15, 30, 45]), dayOfMonthStar: true, dayOfWeekStar: true }],
    ['5/20 1-5/2 * * *', { minutes: new Set([5, 25, 45]), hours: new Set([1, 3, 5]) }],
    ['0 0 1 JAN,jul *', { daysOfMonth: new Set([1]), months: new Set([1, 7]), dayOfMonthStar: false }],
    ['0 9 * * MON-FRI', { daysOfWeek: new Set([1, 2, 3, 4, 5]), dayOfMonthStar: true, dayOfWeekStar: false }],
    ['0 0 * * 5-6', { daysOfWeek: new Set([5, 6]) }],
    ['0 0 * * */2', { daysOfWeek: new Set([0, 2, 4, 6]), dayOfWeekStar: false }],
    ['0 0 */2 * 1', { dayOfMonthStar: false, dayOfWeekStar: false }],
    ['0 0 */1 * 1', { dayOfMonthStar: true }],
    ['0 0 ? * 1', { dayOfMonthStar: true }],
    ['@weekly', { minutes: new Set([0]), hours: new Set([0]), daysOfWeek: new Set([0]), dayOfMonthStar: true }],
    ['@yearly', { daysOfMonth: new Set([1]), months: new Set([1]), dayOfMonthStar: false, dayOfWeekStar: true }],
    ['  @hourly ', { minutes: new Set([0]), hours: new Set(Array.from({ length: 24 }, (_, hour) => hour)) }],
  ])('%s', (schedule, expected) => {
    expect(parseSchedule(schedule)).toMatchObject(expected);
  });

  it.each(['', '61 * * * *', '@every 1h', '0 3 * *', 'TZ=UTC 0 3 * * *'])('%p is invalid', (schedule) => {
    expect(parseSchedule(schedule)).toBeUndefined();
  });
});

// Expected times are robfig/cron v3.0.1's own SpecSchedule.Next chains (Go, tzdata 2025b), not this code's.
describe('nextRuns', () => {
  it.each<[string, string, string | undefined, string, number, string[]]>([
    [
      'daily, no time zone (UTC)',
      '0 3 * * *',
      undefined,
      '2026-11-23T20:46:49Z',
      3,
      ['2026-11-24T03:00:00Z', '2026-11-25T03:00:00Z', '2026-11-26T03:00:00Z'],
    ],
    [
      '03:00 Oslo through spring forward',
      '0 3 * * *',
      'Europe/Oslo',
      '2027-03-26T12:00:00Z',
      3,
      ['2027-03-27T02:00:00Z', '2027-03-28T01:00:00Z', '2027-03-29T01:00:00Z'],
    ],
    [
      '03:00 Oslo through fall back',
      '0 3 * * *',
      'Europe/Oslo',
      '2026-10-24T12:00:00Z',
      3,
      ['2026-10-25T02:00:00Z', '2026-10-26T02:00:00Z', '2026-10-27T02:00:00Z'],
    ],
    [
      'every 15 minutes over the skipped hour: 01:45 then 03:00',
      '*/15 * * * *',
      'Europe/Oslo',
      '2027-03-28T00:20:00Z',
      5,
      [
        '2027-03-28T00:30:00Z',
        '2027-03-28T00:45:00Z',
        '2027-03-28T01:00:00Z',
        '2027-03-28T01:15:00Z',
        '2027-03-28T01:30:00Z',
      ],
    ],
    [
      'every 15 minutes through the repeated hour',
      '*/15 * * * *',
      'Europe/Oslo',
      '2026-10-25T00:35:00Z',
      5,
      [
        '2026-10-25T00:45:00Z',
        '2026-10-25T01:00:00Z',
        '2026-10-25T01:15:00Z',
        '2026-10-25T01:30:00Z',
        '2026-10-25T01:45:00Z',
      ],
    ],
    [
      'monthly in New York, across fall back',
      '0 0 1 * *',
      'America/New_York',
      '2026-10-15T00:00:00Z',
      4,
      ['2026-11-01T04:00:00Z', '2026-12-01T05:00:00Z', '2027-01-01T05:00:00Z', '2027-02-01T05:00:00Z'],
    ],
    [
      '02:30 Oslo does not run on the spring-forward day',
      '30 2 * * *',
      'Europe/Oslo',
      '2027-03-26T12:00:00Z',
      3,
      ['2027-03-27T01:30:00Z', '2027-03-29T00:30:00Z', '2027-03-30T00:30:00Z'],
    ],
    [
      '02:30 Oslo runs twice on the fall-back day',
      '30 2 * * *',
      'Europe/Oslo',
      '2026-10-24T12:00:00Z',
      3,
      ['2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-26T01:30:00Z'],
    ],
    [
      'weekdays at 09:00 from a Friday',
      '0 9 * * 1-5',
      'Europe/Oslo',
      '2026-11-20T12:00:00Z',
      3,
      ['2026-11-23T08:00:00Z', '2026-11-24T08:00:00Z', '2026-11-25T08:00:00Z'],
    ],
    [
      '@hourly in a +05:30 zone',
      '@hourly',
      'Asia/Kolkata',
      '2026-11-23T20:46:49Z',
      3,
      ['2026-11-23T21:30:00Z', '2026-11-23T22:30:00Z', '2026-11-23T23:30:00Z'],
    ],
    [
      'Kolkata has no daylight saving time',
      '30 2 * * *',
      'Asia/Kolkata',
      '2027-03-27T12:00:00Z',
      2,
      ['2027-03-27T21:00:00Z', '2027-03-28T21:00:00Z'],
    ],
    [
      'the 13th or a Friday (both day fields restricted: either matches)',
      '0 0 13 * 5',
      'UTC',
      '2026-11-01T00:00:00Z',
      6,
      [
        '2026-11-06T00:00:00Z',
        '2026-11-13T00:00:00Z',
        '2026-11-20T00:00:00Z',
        '2026-11-27T00:00:00Z',
        '2026-12-04T00:00:00Z',
        '2026-12-11T00:00:00Z',
      ],
    ],
    [
      'days 1-7 or Mondays, not the first Monday',
      '0 0 1-7 * 1',
      'UTC',
      '2026-11-25T00:00:00Z',
      4,
      ['2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z', '2026-12-03T00:00:00Z'],
    ],
    [
      'a stepped */2 day of month is not a star: odd days or Mondays',
      '0 0 */2 * 1',
      'UTC',
      '2026-11-25T00:00:00Z',
      4,
      ['2026-11-27T00:00:00Z', '2026-11-29T00:00:00Z', '2026-11-30T00:00:00Z', '2026-12-01T00:00:00Z'],
    ],
    [
      'the 29th of February',
      '0 0 29 2 *',
      undefined,
      '2026-11-23T20:46:49Z',
      2,
      ['2028-02-29T00:00:00Z', '2032-02-29T00:00:00Z'],
    ],
    [
      '01:30 New York twice on the fall-back day',
      '30 1 * * *',
      'America/New_York',
      '2026-10-31T12:00:00Z',
      3,
      ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-11-02T06:30:00Z'],
    ],
    [
      '02:30 New York not on the spring-forward day',
      '30 2 * * *',
      'America/New_York',
      '2027-03-13T12:00:00Z',
      2,
      ['2027-03-15T06:30:00Z', '2027-03-16T06:30:00Z'],
    ],
    [
      'Sydney springs forward in October',
      '30 2 * * *',
      'Australia/Sydney',
      '2026-10-03T00:00:00Z',
      2,
      ['2026-10-04T15:30:00Z', '2026-10-05T15:30:00Z'],
    ],
    [
      'Sydney falls back in April: 02:30 twice',
      '30 2 * * *',
      'Australia/Sydney',
      '2027-04-02T12:00:00Z',
      3,
      ['2027-04-02T15:30:00Z', '2027-04-03T15:30:00Z', '2027-04-03T16:30:00Z'],
    ],
    [
      'Lord Howe (30-minute change): 03:00 exists but is passed over on 2026-10-04',
      '0 3 * * *',
      'Australia/Lord_Howe',
      '2026-10-03T00:00:00Z',
      2,
      ['2026-10-04T16:00:00Z', '2026-10-05T16:00:00Z'],
    ],
    [
      'Lord Howe: 01:45 twice, 30 minutes apart',
      '45 1 * * *',
      'Australia/Lord_Howe',
      '2027-04-02T12:00:00Z',
      3,
      ['2027-04-02T14:45:00Z', '2027-04-03T14:45:00Z', '2027-04-03T15:15:00Z'],
    ],
    [
      'Lord Howe: 02:15 does not exist on 2026-10-04',
      '15 2 * * *',
      'Australia/Lord_Howe',
      '2026-10-03T00:00:00Z',
      2,
      ['2026-10-04T15:15:00Z', '2026-10-05T15:15:00Z'],
    ],
    [
      'Chatham: Next repeats itself on 2027-04-04, so the controller starts nothing more',
      '50 3 * * *',
      'Pacific/Chatham',
      '2027-04-01T12:00:00Z',
      5,
      ['2027-04-01T14:05:00Z', '2027-04-02T14:05:00Z'],
    ],
    [
      '@weekly in Oslo: Sunday midnight',
      '@weekly',
      'Europe/Oslo',
      '2026-11-23T20:46:49Z',
      3,
      ['2026-11-28T23:00:00Z', '2026-12-05T23:00:00Z', '2026-12-12T23:00:00Z'],
    ],
    [
      'Santiago: midnight does not exist on 2026-09-06',
      '0 0 * * *',
      'America/Santiago',
      '2026-09-04T12:00:00Z',
      3,
      ['2026-09-05T04:00:00Z', '2026-09-07T03:00:00Z', '2026-09-08T03:00:00Z'],
    ],
  ])('%s', (_, schedule, timeZone, from, count, expected) => {
    expect(iso(nextRuns(schedule, timeZone, new Date(from), count))).toEqual(expected);
  });

  it('starts after `from`, not at it', () => {
    expect(iso(nextRuns('0 3 * * *', 'UTC', new Date('2026-11-24T03:00:00Z'), 1))).toEqual(['2026-11-25T03:00:00Z']);
  });

  it.each<[number, number]>([
    [0, 0],
    [-2, 0],
    [2.7, 2],
  ])('count %p gives %p runs', (count, length) => {
    expect(nextRuns('* * * * *', undefined, new Date('2026-11-23T00:00:00Z'), count)).toHaveLength(length);
  });

  it('gives nothing for a date that never comes', () => {
    expect(nextRuns('0 0 30 2 *', undefined, new Date('2026-11-23T00:00:00Z'), 3)).toEqual([]);
  });

  it.each<[string, string | undefined, string]>([
    ['61 * * * *', undefined, "'61 * * * *' is not a valid schedule: the minute field '61' has 61"],
    ['0 3 * * *', 'Europe/Olso', "'Europe/Olso' is not a known time zone"],
  ])('rejects %p in %p', (schedule, timeZone, message) => {
    expect(() => nextRuns(schedule, timeZone, new Date(), 1)).toThrow(message);
  });
});

describe('formatLocal', () => {
  it.each<[string, string | undefined, string]>([
    ['2026-11-24T02:00:00Z', 'Europe/Oslo', '2026-11-24 03:00 (Europe/Oslo, UTC+01:00)'],
    ['2026-07-01T01:00:00Z', 'Europe/Oslo', '2026-07-01 03:00 (Europe/Oslo, UTC+02:00)'],
    ['2026-11-24T02:00:00Z', undefined, '2026-11-24 02:00 (UTC)'],
    ['2026-11-24T02:00:00Z', 'UTC', '2026-11-24 02:00 (UTC)'],
    ['2026-11-23T21:30:00Z', 'Asia/Kolkata', '2026-11-24 03:00 (Asia/Kolkata, UTC+05:30)'],
    ['2026-11-24T08:00:00Z', 'America/New_York', '2026-11-24 03:00 (America/New_York, UTC-05:00)'],
    ['2026-11-23T14:15:00Z', 'Pacific/Chatham', '2026-11-24 04:00 (Pacific/Chatham, UTC+13:45)'],
    ['2026-11-23T16:00:00Z', 'Australia/Lord_Howe', '2026-11-24 03:00 (Australia/Lord_Howe, UTC+11:00)'],
  ])('%s in %s', (at, timeZone, expected) => {
    expect(formatLocal(new Date(at), timeZone)).toBe(expected);
  });
});

describe('dstWarnings', () => {
  const from = new Date('2026-09-01T00:00:00Z');

  it('explains the Oslo spring-forward skip and fall-back repeat in full', () => {
    expect(dstWarnings('30 2 * * *', 'Europe/Oslo', from)).toEqual([
      {
        kind: 'repeated',
        date: '2026-10-25',
        times: ['02:30'],
        message:
          "On 2026-10-25 Europe/Oslo repeats 02:00–03:00 (its clocks go back from 03:00 to 02:00); the schedule's 02:30 comes twice that day, and the CronJob controller starts a Job both times, an hour apart (robfig/cron's SpecSchedule.Next, which it uses, finds the time again in the repeated hour). If the job must not run twice, choose a time outside 02:00–03:00 local time, or set timeZone: UTC, which has no daylight saving time.",
      },
      {
        kind: 'skipped',
        date: '2027-03-28',
        times: ['02:30'],
        message:
          "On 2027-03-28 Europe/Oslo skips 02:00–03:00 (its clocks go from 02:00 to 03:00); the schedule's 02:30 does not exist that day, so the job does not run then: the CronJob controller passes over times that do not exist and does not move them to another time (robfig/cron's SpecSchedule.Next, which it uses, steps over the missing hour). Choose a time outside 02:00–03:00 local time, or set timeZone: UTC, which has no daylight saving time.",
      },
    ]);
  });

  const quarters = ['02:00', '02:15', '02:30', '02:45'];
  it.each<[string, string, string | undefined, Partial<DstWarning>[]]>([
    ['03:00 in Oslo exists every day, once', '0 3 * * *', 'Europe/Oslo', []],
    ['any time in UTC', '30 2 * * *', 'UTC', []],
    ['no time zone is UTC', '*/15 * * * *', undefined, []],
    ['Kolkata has no clock changes', '*/15 * * * *', 'Asia/Kolkata', []],
    ['outside the changed hours', '0 9-17 * * 1-5', 'America/New_York', []],
    [
      'every 15 minutes, in the skipped and repeated hours',
      '*/15 * * * *',
      'Europe/Oslo',
      [
        {
          kind: 'repeated',
          date: '2026-10-25',
          times: quarters,
          message: containing("the schedule's 02:00, 02:15, 02:30 and 02:45 come twice that day") as string,
        },
        {
          kind: 'skipped',
          date: '2027-03-28',
          times: quarters,
          message: containing('Its runs at other times are not affected') as string,
        },
      ],
    ],
    [
      'New York 01:30 is repeated, never skipped',
      '30 1 * * *',
      'America/New_York',
      [
        {
          kind: 'repeated',
          date: '2026-11-01',
          times: ['01:30'],
          message: containing('repeats 01:00–02:00 (its clocks go back from 02:00 to 01:00)') as string,
        },
      ],
    ],
    [
      'New York 02:30 is skipped, never repeated',
      '30 2 * * *',
      'America/New_York',
      [{ kind: 'skipped', date: '2027-03-14', times: ['02:30'] }],
    ],
    [
      'Sydney (southern hemisphere): skipped in October, repeated in April',
      '30 2 * * *',
      'Australia/Sydney',
      [
        { kind: 'skipped', date: '2026-10-04', times: ['02:30'] },
        { kind: 'repeated', date: '2027-04-04', times: ['02:30'] },
      ],
    ],
    [
      'Lord Howe: 02:15 does not exist, then is passed over',
      '15 2 * * *',
      'Australia/Lord_Howe',
      [
        {
          kind: 'skipped',
          date: '2026-10-04',
          times: ['02:15'],
          message: containing('skips 02:00–02:30 (its clocks go from 02:00 to 02:30)') as string,
        },
        {
          kind: 'skipped',
          date: '2027-04-04',
          times: ['02:15'],
          message: containing(
            "the schedule's 02:15 exists that day, but the CronJob controller does not start",
          ) as string,
        },
      ],
    ],
    [
      'Lord Howe: 01:45 twice, 30 minutes apart',
      '45 1 * * *',
      'Australia/Lord_Howe',
      [
        {
          kind: 'repeated',
          date: '2027-04-04',
          times: ['01:45'],
          message: containing('30 minutes apart') as string,
        },
      ],
    ],
    [
      'Lord Howe: 12:00 is passed over on both change days',
      '0 12 * * *',
      'Australia/Lord_Howe',
      [
        {
          kind: 'skipped',
          date: '2026-10-04',
          times: ['12:00'],
          message: containing('across a change of 30 minutes those steps pass over it') as string,
        },
        { kind: 'skipped', date: '2027-04-04', times: ['12:00'] },
      ],
    ],
    [
      'Chatham: passed over in September, then the controller stops in April',
      '50 3 * * *',
      'Pacific/Chatham',
      [
        {
          kind: 'skipped',
          date: '2026-09-27',
          times: ['03:50'],
          message: containing('across a change at 02:45, not on the hour,') as string,
        },
        {
          kind: 'skipped',
          date: '2027-04-04',
          times: ['02:50'],
          message: containing('reports InvalidSchedule') as string,
        },
      ],
    ],
    [
      'Santiago: midnight does not exist on the spring-forward day',
      '0 0 * * *',
      'America/Santiago',
      [{ kind: 'skipped', date: '2026-09-06', times: ['00:00'] }],
    ],
  ])('%s', (_, schedule, timeZone, expected) => {
    const warnings = dstWarnings(schedule, timeZone, from);
    expect(warnings).toHaveLength(expected.length);
    expected.forEach((warning, at) => {
      expect(warnings[at]).toMatchObject(warning);
    });
  });

  it('looks only `horizonDays` ahead', () => {
    expect(dstWarnings('30 2 * * *', 'Europe/Oslo', from, 60)).toMatchObject([{ date: '2026-10-25' }]);
    expect(dstWarnings('30 2 * * *', 'Europe/Oslo', from, 0)).toEqual([]);
  });

  it('checks every minute of a year in Oslo without walking them', () => {
    const started = performance.now();
    const warnings = dstWarnings('* * * * *', 'Europe/Oslo', from, 366);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(warnings.map(({ kind, date, times }) => [kind, date, times.length])).toEqual([
      ['repeated', '2026-10-25', 60],
      ['skipped', '2027-03-28', 60],
    ]);
    expect(warnings[1]?.message).toContain("the schedule's 60 times from 02:00 to 02:59 do not exist that day");
  });
});

describe('scheduleReport', () => {
  const now = new Date('2026-11-23T20:46:49Z');

  it.each([undefined, '', '  '])('is undefined for the unscheduled %p', (schedule) => {
    expect(scheduleReport(schedule, 'Europe/Oslo', now)).toBeUndefined();
  });

  it('lists the next five runs in the zone', () => {
    expect(scheduleReport('0 3 * * *', 'Europe/Oslo', now)).toEqual({
      lines: [
        'Next runs of `0 3 * * *` in Europe/Oslo:',
        '- 2026-11-24 03:00 (Europe/Oslo, UTC+01:00)',
        '- 2026-11-25 03:00 (Europe/Oslo, UTC+01:00)',
        '- 2026-11-26 03:00 (Europe/Oslo, UTC+01:00)',
        '- 2026-11-27 03:00 (Europe/Oslo, UTC+01:00)',
        '- 2026-11-28 03:00 (Europe/Oslo, UTC+01:00)',
      ],
      warnings: [],
    });
  });

  it('says when no time zone is set', () => {
    const report = scheduleReport('@daily', undefined, now);
    expect(report?.lines[0]).toBe(
      "Next runs of `@daily` in UTC (spec.timeZone is not set, so the CronJob uses the cluster's time zone, UTC on NAIS):",
    );
    expect(report?.lines[1]).toBe('- 2026-11-24 00:00 (UTC)');
    expect(report?.warnings).toEqual([]);
  });

  it('warns about the clock changes of the coming year', () => {
    const report = scheduleReport('30 2 * * *', 'Europe/Oslo', now);
    expect(report?.lines).toHaveLength(6);
    expect(report?.warnings).toEqual([
      containing('On 2027-03-28 Europe/Oslo skips'),
      containing('On 2027-10-31 Europe/Oslo repeats'),
    ]);
  });

  it.each<[string, string | undefined, ReturnType<typeof scheduleReport>]>([
    [
      '61 * * * *',
      undefined,
      {
        lines: [],
        warnings: [containing("spec.schedule '61 * * * *' is not a valid schedule: the minute field '61'") as string],
      },
    ],
    [
      '0 3 * * *',
      'Europe/Olso',
      { lines: [], warnings: [containing("spec.timeZone: 'Europe/Olso' is not a known time zone") as string] },
    ],
    [
      '0 0 30 2 *',
      undefined,
      {
        lines: [containing('no run within the next five years') as string],
        warnings: [containing('so the job never runs') as string],
      },
    ],
  ])('reports %p in %p', (schedule, timeZone, expected) => {
    expect(scheduleReport(schedule, timeZone, now)).toEqual(expected);
  });
});

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
