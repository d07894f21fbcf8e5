import { describe, expect, it } from '@jest/globals';
import { parseSchedule, scheduleProblem } from '../../src/manifest/schedule.ts';

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

describe('scheduleProblem', () => {
  it.each([
    '0 3 * * *',
    '*/15 * * * *',
    '0 0-23/2 * * *',
    '0 9 1,15 * *',
    '30 8 * * MON-FRI',
    '0 0 * JAN,jul *',
    '0 0 ? * 6',
    '5/10 * * * *',
    '0 0 31 12 0',
    '  0 3 * * *  ',
    ...['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'],
  ])('accepts %j', (schedule) => {
    expect(scheduleProblem(schedule)).toBeUndefined();
  });

  it.each([
    ['', /^it is empty; use five fields/],
    ['0 3 * *', /^it has 4 fields; use five fields, 'minute hour day-of-month month day-of-week'/],
    ['0 0 3 * * *', /^it has 6 fields \(seconds are not supported\)/],
    ['TZ=UTC 0 3 * * *', /TZ= or CRON_TZ=.*set spec\.timeZone/],
    ['CRON_TZ=UTC 0 3 * * *', /set spec\.timeZone/],
    ['@reboot', /^'@reboot' is not a known descriptor; use one of @yearly/],
    ['60 * * * *', /^the minute field '60' has 60, which is outside 0-59/],
    ['0 24 * * *', /^the hour field '24' has 24, which is outside 0-23/],
    ['0 0 0 * *', /^the day-of-month field '0' has 0, which is outside 1-31/],
    ['0 0 1 13 *', /^the month field '13' has 13, which is outside 1-12; use 1-12 or JAN-DEC/],
    ['0 0 * * 7', /^the day-of-week field '7' has 7, which is outside 0-6/],
    ['0 0 * * MOO', /^the day-of-week field 'MOO' has 'MOO', which is not a number or a name/],
    ['x * * * *', /^the minute field 'x' has 'x', which is not a number;/],
    ['*/0 * * * *', /^the minute field '\*\/0' has the step '0', which must be a whole number of at least 1/],
    ['0 5-2 * * *', /^the hour field '5-2' has the range '5-2', which runs backwards/],
    ['1,,2 * * * *', /^the minute field '1,,2' has an empty list entry/],
    ['1-2-3 * * * *', /with more than one '-'/],
    ['*/2/3 * * * *', /more than one '\/'/],
  ])('rejects %j', (schedule, problem) => {
    expect(scheduleProblem(schedule)).toMatch(problem);
  });
});

describe('scheduleProblem and Kubernetes', () => {
  it('refuses day-of-week 7, as the CronJob API does (robfig/cron bounds 0-6)', () => {
    expect(scheduleProblem('0 3 * * 7')).toMatch(/day-of-week field '7'/);
    expect(scheduleProblem('0 3 * * 0')).toBeUndefined();
  });
});
