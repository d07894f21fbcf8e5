import { describe, expect, it } from '@jest/globals';
import { formatLocal, nextRuns } from '../../src/schedule/next-runs.ts';

const iso = (dates: Date[]): string[] => dates.map((date) => date.toISOString().replace('.000Z', 'Z'));

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
