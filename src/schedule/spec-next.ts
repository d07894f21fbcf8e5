// robfig/cron v3's SpecSchedule.Next (spec.go), step by step, as Kubernetes' CronJob controller uses it. Pure.
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
// Hand-made rather than an npm cron library: those compute the next time their own way, and only Next's own
// steps give the times (and the missing and doubled runs) the controller really starts.
import type { CronSpec } from '../manifest/schedule.ts';
import { addDate, goDate, hour, local, minute } from './go-time.ts';
import type { Zone } from './zone.ts';

/** Steps one Next may take: far more than its five-year search needs, so only a guard. */
const maxSteps = 200_000;

export function dayMatches(spec: CronSpec, dayOfMonth: number, weekday: number): boolean {
  const dom = spec.daysOfMonth.has(dayOfMonth);
  const dow = spec.daysOfWeek.has(weekday);
  return spec.dayOfMonthStar || spec.dayOfWeekStar ? dom && dow : dom || dow;
}

/**
 * robfig/cron v3 SpecSchedule.Next (spec.go): the first start after `from` (Unix milliseconds) as Unix seconds,
 * or undefined when none comes within five years. Same loops, same resets, same wrap-arounds.
 */
export function next(spec: CronSpec, zone: Zone, from: number): number | undefined {
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
