import { describe, expect, it } from '@jest/globals';
import { parseSchedule } from '../../src/manifest/schedule.ts';

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
