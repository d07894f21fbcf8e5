// When the CronJob controller starts a scheduled Naisjob: each start the SpecSchedule.Next of the one before
// (spec-next.ts). Pure.
import { parseSchedule, scheduleProblem, type CronSpec } from '../manifest/schedule.ts';
import { dateText, offsetText, timeText } from './go-time.ts';
import { next } from './spec-next.ts';
import { zoneOf, type Zone } from './zone.ts';

const maxRuns = 1000;

/** The parsed schedule, or an error naming it and what is wrong. */
export function specOf(schedule: string): CronSpec {
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

/** Local wall-clock rendering for the summary, e.g. `2026-11-24 03:00 (Europe/Oslo, UTC+01:00)`. */
export function formatLocal(at: Date, timeZone: string | undefined): string {
  const zone = zoneOf(timeZone);
  const seconds = Math.floor(at.getTime() / 1000);
  const offset = zone.offset(seconds);
  const wall = seconds + offset;
  const text = `${dateText(wall)} ${timeText(wall)}`;
  if (zone.name === 'UTC') return `${text} (UTC)`;
  return `${text} (${zone.name}, UTC${offsetText(offset)})`;
}
