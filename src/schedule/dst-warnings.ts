// What daylight-saving changes do to a schedule: runs passed over, doubled, moved, or the controller stuck.
// Found by following the controller's own chain of starts (spec-next.ts) through each clock change. Pure.
import { durationInWords } from '../duration.ts';
import type { CronSpec } from '../manifest/schedule.ts';
import { dateText, day, fieldsOf, goDate, hour, minute, timeText, wallOf } from './go-time.ts';
import { specOf } from './next-runs.ts';
import { dayMatches, next } from './spec-next.ts';
import { zoneOf, type Zone } from './zone.ts';

const maxHorizonDays = 3660;

interface Transition {
  /** The first second of the new offset (Unix seconds). */
  at: number;
  before: number;
  after: number;
}

/** The zone's offset changes in (start, end], found by sampling every six hours and bisecting to the second. */
function transitions(zone: Zone, start: number, end: number): Transition[] {
  const found: Transition[] = [];
  let at = start;
  let offset = zone.offset(at);
  while (at < end && found.length < 100) {
    const ahead = Math.min(at + 6 * hour, end);
    if (zone.offset(ahead) === offset) {
      at = ahead;
      continue;
    }
    let low = at;
    let high = ahead;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (zone.offset(middle) === offset) low = middle;
      else high = middle;
    }
    const after = zone.offset(high);
    found.push({ at: high, before: offset, after });
    at = high;
    offset = after;
  }
  return found;
}

/** The latest matching wall-clock minute at or before `wall`, searching back at most eight years. */
function previousMatch(spec: CronSpec, wall: number): number | undefined {
  const hours = [...spec.hours].sort((a, b) => b - a);
  const minutes = [...spec.minutes].sort((a, b) => b - a);
  const first = Math.floor(wall / day);
  for (let date = first; date > first - 8 * 366; date -= 1) {
    const fields = fieldsOf(date * day);
    if (!spec.months.has(fields.month) || !dayMatches(spec, fields.day, fields.weekday)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const candidate = date * day + h * hour + m * minute;
        if (candidate <= wall) return candidate;
      }
    }
  }
  return undefined;
}

/** Matching wall-clock minutes in (low, high], at most `limit` of them. */
function matchesBetween(spec: CronSpec, low: number, high: number, limit = 5000): number[] {
  const hours = [...spec.hours].sort((a, b) => a - b);
  const minutes = [...spec.minutes].sort((a, b) => a - b);
  const found: number[] = [];
  const last = Math.min(Math.floor(high / day), Math.floor(low / day) + 8 * 366);
  for (let date = Math.floor(low / day); date <= last; date += 1) {
    const fields = fieldsOf(date * day);
    if (!spec.months.has(fields.month) || !dayMatches(spec, fields.day, fields.weekday)) continue;
    for (const h of hours) {
      for (const m of minutes) {
        const candidate = date * day + h * hour + m * minute;
        if (candidate > low && candidate <= high) found.push(candidate);
        if (found.length >= limit) return found;
      }
    }
  }
  return found;
}

export interface DstWarning {
  kind: 'skipped' | 'repeated';
  /** Local date, YYYY-MM-DD */
  date: string;
  /** The local wall-clock times affected, HH:MM */
  times: string[];
  message: string;
}

const span = (from: number, to: number): string => `${timeText(from)}–${timeText(to)}`;

function list(times: string[]): string {
  if (times.length <= 1) return times.join('');
  return `${times.slice(0, -1).join(', ')} and ${times.at(-1) ?? ''}`;
}

/** "the schedule's 02:30 does", "the schedule's 02:00 and 02:30 do", or a count for long lists. */
function theSchedules(times: string[], singular: string, plural: string): string {
  if (times.length === 1) return `the schedule's ${times[0] ?? ''} ${singular}`;
  const which =
    times.length > 6 ? `${times.length} times from ${times[0] ?? ''} to ${times.at(-1) ?? ''}` : list(times);
  return `the schedule's ${which} ${plural}`;
}

const useUtc = 'or set timeZone: UTC, which has no daylight saving time';

/** What one clock change does to the schedule: runs passed over, doubled, moved, or the controller stuck. */
function warningsAt(spec: CronSpec, zone: Zone, change: Transition): DstWarning[] {
  const shift = change.after - change.before;
  const forward = shift > 0;
  // Instants whose wall-clock time is in the skipped (just after) or repeated (both passes) interval.
  const windowStart = forward ? change.at : change.at + shift;
  const windowEnd = forward ? change.at + shift : change.at - shift;
  const previous = previousMatch(spec, wallOf(zone, windowStart - 1));
  if (previous === undefined) return [];
  const f = fieldsOf(previous);
  const chainStart = goDate(zone, f.year, f.month, f.day, f.hour, f.minute) - 1;

  // The controller's chain of starts through the change: each the Next of the one before.
  const runs: number[] = [];
  let stuck: number | undefined;
  let at = next(spec, zone, chainStart * 1000);
  while (at !== undefined && runs.length < 5000) {
    runs.push(at);
    if (at >= windowEnd) break;
    const after = next(spec, zone, at * 1000);
    if (after !== undefined && after <= at) {
      stuck = at;
      break;
    }
    at = after;
  }

  const zoneName = zone.name;
  const changeText = forward
    ? `${zoneName} moves its clocks forward from ${timeText(change.at + change.before)} to ${timeText(change.at + change.after)}`
    : `${zoneName} turns its clocks back from ${timeText(change.at + change.before)} to ${timeText(change.at + change.after)}`;
  const affected = forward
    ? span(change.at + change.before, change.at + change.after)
    : span(change.at + change.after, change.at + change.before);
  const everyHour = spec.hours.size === 24;
  const oddChange =
    shift % hour !== 0 ? `of ${durationInWords(shift)}` : `at ${timeText(change.at + change.before)}, not on the hour,`;

  if (stuck !== undefined) {
    const wall = wallOf(zone, stuck);
    return [
      {
        kind: 'skipped',
        date: dateText(wall),
        times: [timeText(wall)],
        message:
          `On ${dateText(wall)} ${changeText}. There the cron library of the CronJob controller (robfig/cron, ` +
          `SpecSchedule.Next) gives ${timeText(wall)} as the next start twice in a row, so the controller reports ` +
          `InvalidSchedule ("time difference between two schedules is less than 1 second") and starts no more ` +
          `Jobs until the schedule or time zone is changed. Choose times outside ${affected}, ${useUtc}.`,
      },
    ];
  }

  const earlier = runs.filter((run) => run < windowStart);
  const low = earlier.length > 0 ? wallOf(zone, earlier.at(-1) ?? 0) : wallOf(zone, windowStart) - 1;
  const later = runs.filter((run) => run >= windowStart);
  const high = later.length > 0 ? wallOf(zone, later.at(-1) ?? 0) : wallOf(zone, windowEnd);
  const counts = new Map<number, number>();
  for (const run of later) counts.set(wallOf(zone, run), (counts.get(wallOf(zone, run)) ?? 0) + 1);
  const expected = matchesBetween(spec, low, high);
  const expectedSet = new Set(expected);
  const gapStart = change.at + change.before;
  const gapEnd = change.at + change.after;

  const missing = expected.filter((wall) => (counts.get(wall) ?? 0) === 0);
  const missingSet = new Set(missing);
  const nonexistent = missing.filter((wall) => forward && wall >= gapStart && wall < gapEnd);
  const passedOver = missing.filter((wall) => !(forward && wall >= gapStart && wall < gapEnd));
  const doubled = expected.filter((wall) => (counts.get(wall) ?? 0) >= 2 && !missingSet.has(wall));
  const moved = [...counts.keys()].filter((wall) => !expectedSet.has(wall));

  const warnings: DstWarning[] = [];
  const byDate = (walls: number[]): Map<string, number[]> => {
    const groups = new Map<string, number[]>();
    for (const wall of walls) groups.set(dateText(wall), [...(groups.get(dateText(wall)) ?? []), wall]);
    return groups;
  };
  const movedText = (date: string): string => {
    const here = moved.filter((wall) => dateText(wall) === date).map(timeText);
    return here.length > 0 ? ` It starts a Job at ${list(here)} instead, which the schedule does not name.` : '';
  };

  for (const [date, walls] of byDate(nonexistent)) {
    const times = walls.map(timeText);
    const these = theSchedules(times, 'does not', 'do not');
    const remedy = everyHour
      ? `Its runs at other times are not affected; if it must run at ${times.length === 1 ? 'that clock time' : 'each of those clock times'}, set timeZone: UTC, which has no daylight saving time.`
      : `Choose a time outside ${affected} local time, ${useUtc}.`;
    warnings.push({
      kind: 'skipped',
      date,
      times,
      message:
        `On ${date} ${zoneName} skips ${affected} (its clocks go from ${timeText(gapStart)} to ${timeText(gapEnd)}); ` +
        `${these} exist that day, so the job does not run then: the CronJob controller passes over times that do ` +
        `not exist and does not move them to another time (robfig/cron's SpecSchedule.Next, which it uses, steps ` +
        `over the missing ${durationInWords(shift).replace(/^an /, '')}).${movedText(date)} ${remedy}`,
    });
  }
  for (const [date, walls] of byDate(passedOver)) {
    const times = walls.map(timeText);
    warnings.push({
      kind: 'skipped',
      date,
      times,
      message:
        `On ${date} ${changeText}; ${theSchedules(times, 'exists', 'exist')} that day, but the CronJob ` +
        `controller does not start the job then: its cron library (robfig/cron, SpecSchedule.Next) steps through ` +
        `the day in whole hours, and across a change ${oddChange} those steps pass over ` +
        `${times.length === 1 ? 'it' : 'them'}.${movedText(date)} Set timeZone: UTC, or use a time zone whose ` +
        `clocks change by whole hours on the hour.`,
    });
  }
  for (const [date, walls] of byDate(doubled)) {
    const times = walls.map(timeText);
    const these = theSchedules(times, 'comes', 'come');
    const remedy = everyHour
      ? `Its runs at other times are not affected; if the job must not run twice at the same clock time, set timeZone: UTC, which has no daylight saving time.`
      : `If the job must not run twice, choose a time outside ${affected} local time, ${useUtc}.`;
    warnings.push({
      kind: 'repeated',
      date,
      times,
      message:
        `On ${date} ${zoneName} repeats ${affected} (its clocks go back from ${timeText(change.at + change.before)} ` +
        `to ${timeText(change.at + change.after)}); ${these} twice that day, and the CronJob controller starts a Job ` +
        `both times, ${durationInWords(shift)} apart (robfig/cron's SpecSchedule.Next, which it uses, finds the time again ` +
        `in the repeated hour).${movedText(date)} ${remedy}`,
    });
  }
  return warnings;
}

/** Daylight-saving changes within `horizonDays` after `from` in which the schedule has a time that is skipped or repeated. */
export function dstWarnings(
  schedule: string,
  timeZone: string | undefined,
  from: Date,
  horizonDays = 366,
): DstWarning[] {
  const spec = specOf(schedule);
  const zone = zoneOf(timeZone);
  const start = Math.floor(from.getTime() / 1000);
  const days = Math.min(maxHorizonDays, Math.max(0, horizonDays));
  return transitions(zone, start, start + Math.round(days * day)).flatMap((change) =>
    change.after === change.before ? [] : warningsAt(spec, zone, change),
  );
}
