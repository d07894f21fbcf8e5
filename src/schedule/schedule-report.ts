// The schedule part of the step summary: when a scheduled Naisjob runs next, and what clock changes do to it. Pure.
import { scheduleProblem } from '../manifest/schedule.ts';
import { dstWarnings } from './dst-warnings.ts';
import { formatLocal, nextRuns } from './next-runs.ts';

export interface ScheduleReport {
  lines: string[];
  warnings: string[];
}

const runCount = 5;
const horizonDays = 366;

/** For the step summary: the next 5 runs in the zone, and DST warnings for the coming year. Unscheduled (empty schedule): undefined. */
export function scheduleReport(
  schedule: string | undefined,
  timeZone: string | undefined,
  now: Date,
): ScheduleReport | undefined {
  if (schedule === undefined || schedule.trim() === '') return undefined;
  const problem = scheduleProblem(schedule);
  if (problem !== undefined) {
    return { lines: [], warnings: [`spec.schedule '${schedule}' is not a valid schedule: ${problem}.`] };
  }
  const zone =
    timeZone === undefined
      ? "UTC (spec.timeZone is not set, so the CronJob uses the cluster's time zone, UTC on NAIS)"
      : timeZone;
  let runs: Date[];
  let warnings: string[];
  try {
    runs = nextRuns(schedule, timeZone, now, runCount);
    warnings = dstWarnings(schedule, timeZone, now, horizonDays).map((warning) => warning.message);
  } catch (error) {
    // Only an unknown time zone gets here; the schedule was checked above.
    const reason = error instanceof Error ? error.message : String(error);
    return { lines: [], warnings: [`spec.timeZone: ${reason}.`] };
  }
  if (runs.length === 0 && warnings.length > 0) {
    return { lines: [`Schedule \`${schedule}\` in ${zone}: the CronJob controller starts no further runs.`], warnings };
  }
  if (runs.length === 0) {
    return {
      lines: [`Schedule \`${schedule}\` in ${zone}: no run within the next five years.`],
      warnings: [
        ...warnings,
        `spec.schedule '${schedule}' names no date that comes within five years (such as the 30th of February), so the job never runs.`,
      ],
    };
  }
  return {
    lines: [`Next runs of \`${schedule}\` in ${zone}:`, ...runs.map((run) => `- ${formatLocal(run, timeZone)}`)],
    warnings,
  };
}
