import { describe, expect, it } from '@jest/globals';
import { dstWarnings, type DstWarning } from '../../src/schedule/dst-warnings.ts';

const containing = (text: string): unknown => expect.stringContaining(text);

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
