// When the CronJob controller starts a scheduled Naisjob, and what daylight-saving changes do to that. Pure.
//
// Kubernetes' CronJob controller (k8s.io/kubernetes v1.34, pkg/controller/cronjob: cronjob_controllerv2.go,
// formatSchedule, and utils.go, mostRecentScheduleTime) parses `TZ=<spec.timeZone> <spec.schedule>` with robfig/cron
// v3's ParseStandard and takes each start time from SpecSchedule.Next (spec.go) of the previous one. Without
// spec.timeZone it uses the controller's local zone, UTC on NAIS. So this file emulates SpecSchedule.Next step by
// step, with Go's time.Date, AddDate, Add and Truncate over the zone's UTC offsets (read with Intl), and so carries
// its behaviour at clock changes, checked against robfig/cron v3.0.1 itself:
// - A time that does not exist (clocks go forward) is passed over: no Job that day at that time, none moved to
//   another time. Next walks the hours with Add(1 hour), so it never sees the missing hour.
// - A time that comes twice (clocks go back) starts a Job twice, once at each instant: Next from the first finds
//   the same wall-clock time again in the repeated hour. The two Jobs get different names (getJobName, from the
//   Unix minute).
// - Where the clocks move by half an hour (Australia/Lord_Howe), Next's whole-hour steps across the change land on
//   half past, so later that day times before half past an hour are passed over although they exist.
// - Where a change is not on the hour (Pacific/Chatham, at 02:45 and 03:45), whole-hour steps miss times after it,
//   and after the change back Next can return its own input; the controller then finds t2 == t1 in
//   mostRecentScheduleTime, reports InvalidSchedule ("time difference between two schedules is less than 1
//   second") and starts no more Jobs.
import { parseSchedule, scheduleProblem, type CronSpec } from '../manifest/schedule.ts';

const minute = 60;
const hour = 3600;
const day = 86400;
/** Steps one Next may take: far more than its five-year search needs, so only a guard. */
const maxSteps = 200_000;
const maxRuns = 1000;
const maxHorizonDays = 3660;

// --- Time zones ----------------------------------------------------------------------------------------------

interface Zone {
  name: string;
  /** The zone's offset from UTC, in seconds, at `at` (Unix seconds). */
  offset(at: number): number;
}

const zones = new Map<string, Zone>();

function zoneOf(timeZone: string | undefined): Zone {
  const name = timeZone ?? 'UTC';
  const known = zones.get(name);
  if (known) return known;
  const zone = name === 'UTC' ? { name, offset: () => 0 } : intlZone(name);
  zones.set(name, zone);
  return zone;
}

function intlZone(name: string): Zone {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new Error(`'${name}' is not a known time zone; use an IANA time zone name such as Europe/Oslo or UTC`);
  }
  const exact = (at: number): number => {
    const fields: Record<string, number> = {};
    for (const part of format.formatToParts(at * 1000)) {
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    }
    const { year = 0, month = 1, day: date = 1, hour: hours = 0, minute: minutes = 0, second = 0 } = fields;
    return Date.UTC(year, month - 1, date, hours, minutes, second) / 1000 - at;
  };
  // Offsets per UTC hour: when an hour starts and ends with the same offset, it holds all through (zones change
  // at most once an hour); otherwise each second is looked up.
  const hours = new Map<number, number | undefined>();
  const bounds = new Map<number, number>();
  const offsetAtHour = (index: number): number => {
    let offset = bounds.get(index);
    if (offset === undefined) {
      offset = exact(index * hour);
      if (bounds.size > 50_000) bounds.clear();
      bounds.set(index, offset);
    }
    return offset;
  };
  return {
    name,
    offset(at) {
      const index = Math.floor(at / hour);
      if (!hours.has(index)) {
        const start = offsetAtHour(index);
        if (hours.size > 50_000) hours.clear();
        hours.set(index, start === offsetAtHour(index + 1) ? start : undefined);
      }
      return hours.get(index) ?? exact(at);
    },
  };
}

// --- Go's time package, as SpecSchedule.Next uses it ----------------------------------------------------------

interface Local {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** Wall-clock seconds: the local time written as if it were UTC. */
function wallOf(zone: Zone, at: number): number {
  return at + zone.offset(at);
}

function fieldsOf(wall: number): Local {
  const date = new Date(wall * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    weekday: date.getUTCDay(),
  };
}

function local(zone: Zone, at: number): Local {
  return fieldsOf(wallOf(zone, at));
}

/**
 * Go's time.Date: fields overflow into the next ones, and a wall-clock time is read with the offset in force at
 * that number taken as UTC, or, when that is not in force at the result, with the offset there. So a time that
 * does not exist moves by the size of the change, and which of two repeated times it gives depends on the zone.
 */
function goDate(zone: Zone, year: number, month: number, date: number, hours: number, minutes = 0): number {
  const wall = Date.UTC(year, month - 1, date, hours, minutes, 0) / 1000;
  const guess = zone.offset(wall);
  return guess === 0 ? wall : wall - zone.offset(wall - guess);
}

/** Go's Time.AddDate: the wall-clock fields moved by months and days, read again with time.Date. */
function addDate(zone: Zone, at: number, months: number, days: number): number {
  const now = local(zone, at);
  const wall = Date.UTC(now.year, now.month - 1 + months, now.day + days, now.hour, now.minute, now.second) / 1000;
  const guess = zone.offset(wall);
  return guess === 0 ? wall : wall - zone.offset(wall - guess);
}

function dayMatches(spec: CronSpec, dayOfMonth: number, weekday: number): boolean {
  const dom = spec.daysOfMonth.has(dayOfMonth);
  const dow = spec.daysOfWeek.has(weekday);
  return spec.dayOfMonthStar || spec.dayOfWeekStar ? dom && dow : dom || dow;
}

/**
 * robfig/cron v3 SpecSchedule.Next (spec.go): the first start after `from` (Unix milliseconds) as Unix seconds,
 * or undefined when none comes within five years. Same loops, same resets, same wrap-arounds.
 */
function next(spec: CronSpec, zone: Zone, from: number): number | undefined {
  let t = Math.floor(from / 1000) + 1;
  let added = false;
  const yearLimit = local(zone, t).year + 5;
  let steps = 0;
  wrap: while (++steps < maxSteps) {
    let at = local(zone, t);
    if (at.year > yearLimit) return undefined;

    while (!spec.months.has(at.month)) {
      if (!added) {
        added = true;
        t = goDate(zone, at.year, at.month, 1, 0);
      }
      t = addDate(zone, t, 1, 0);
      at = local(zone, t);
      if (at.month === 1) continue wrap;
      if (++steps > maxSteps) return undefined;
    }

    while (!dayMatches(spec, at.day, at.weekday)) {
      if (!added) {
        added = true;
        t = goDate(zone, at.year, at.month, at.day, 0);
      }
      t = addDate(zone, t, 0, 1);
      at = local(zone, t);
      // Next's own fix for zones where midnight does not exist.
      if (at.hour !== 0) {
        t += (at.hour > 12 ? 24 - at.hour : -at.hour) * hour;
        at = local(zone, t);
      }
      if (at.day === 1) continue wrap;
      if (++steps > maxSteps) return undefined;
    }

    while (!spec.hours.has(at.hour)) {
      if (!added) {
        added = true;
        t = goDate(zone, at.year, at.month, at.day, at.hour);
      }
      t += hour;
      at = local(zone, t);
      if (at.hour === 0) continue wrap;
      if (++steps > maxSteps) return undefined;
    }

    while (!spec.minutes.has(at.minute)) {
      if (!added) {
        added = true;
        t = Math.floor(t / minute) * minute;
      }
      t += minute;
      at = local(zone, t);
      if (at.minute === 0) continue wrap;
      if (++steps > maxSteps) return undefined;
    }

    // The seconds field is 0: step to the next second 0, then start over.
    if (at.second !== 0) {
      added = true;
      const ahead = t + (minute - at.second);
      if (local(zone, ahead).second === 0) {
        t = ahead;
      } else {
        do t += 1;
        while (local(zone, t).second !== 0 && ++steps < maxSteps);
      }
      continue;
    }
    return t;
  }
  return undefined;
}

// --- The schedule ---------------------------------------------------------------------------------------------

function specOf(schedule: string): CronSpec {
  const spec = parseSchedule(schedule);
  if (!spec) throw new Error(`'${schedule}' is not a valid schedule: ${scheduleProblem(schedule) ?? 'unknown'}`);
  return spec;
}

/**
 * Start times from `from` on: each the Next of the one before, as the controller takes them. A start whose own
 * Next is not later is never made: mostRecentScheduleTime fails with "time difference between two schedules is
 * less than 1 second", so nothing after it starts either. Returns Unix seconds.
 */
function starts(spec: CronSpec, zone: Zone, from: number, limit: number): number[] {
  const found: number[] = [];
  let at = next(spec, zone, from);
  while (at !== undefined && found.length < limit) {
    const after = next(spec, zone, at * 1000);
    if (after === undefined || after <= at) break;
    found.push(at);
    at = after;
  }
  return found;
}

/** The next `count` times the CronJob controller would start a Job, after `from`, in `timeZone` (default 'UTC'). */
export function nextRuns(schedule: string, timeZone: string | undefined, from: Date, count: number): Date[] {
  const spec = specOf(schedule);
  const limit = Math.min(maxRuns, Math.max(0, Math.floor(count)));
  return starts(spec, zoneOf(timeZone), from.getTime(), limit).map((at) => new Date(at * 1000));
}

// --- Clock changes --------------------------------------------------------------------------------------------

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

const pad = (value: number): string => String(value).padStart(2, '0');
const dateText = (wall: number): string => {
  const f = fieldsOf(wall);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
};
const timeText = (wall: number): string => {
  const f = fieldsOf(wall);
  return `${pad(f.hour)}:${pad(f.minute)}`;
};
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

function duration(seconds: number): string {
  const minutes = Math.round(Math.abs(seconds) / minute);
  if (minutes % 60 === 0) return minutes === 60 ? 'an hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
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
    shift % hour !== 0 ? `of ${duration(shift)}` : `at ${timeText(change.at + change.before)}, not on the hour,`;

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
        `over the missing ${duration(shift).replace(/^an /, '')}).${movedText(date)} ${remedy}`,
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
        `both times, ${duration(shift)} apart (robfig/cron's SpecSchedule.Next, which it uses, finds the time again ` +
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

/** Local wall-clock rendering for the summary, e.g. `2026-11-24 03:00 (Europe/Oslo, UTC+01:00)`. */
export function formatLocal(at: Date, timeZone: string | undefined): string {
  const zone = zoneOf(timeZone);
  const seconds = Math.floor(at.getTime() / 1000);
  const offset = zone.offset(seconds);
  const wall = seconds + offset;
  const text = `${dateText(wall)} ${timeText(wall)}`;
  if (zone.name === 'UTC') return `${text} (UTC)`;
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offset) / minute);
  return `${text} (${zone.name}, UTC${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)})`;
}
