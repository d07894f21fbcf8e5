// Go's time package as robfig/cron's SpecSchedule.Next uses it: time.Date, AddDate and the wall-clock fields,
// over a zone's UTC offsets. Pure.
import type { Zone } from './zone.ts';

export const minute = 60;
export const hour = 3600;
export const day = 86400;

export interface Local {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** Wall-clock seconds: the local time written as if it were UTC. */
export function wallOf(zone: Zone, at: number): number {
  return at + zone.offset(at);
}

export function fieldsOf(wall: number): Local {
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

export function local(zone: Zone, at: number): Local {
  return fieldsOf(wallOf(zone, at));
}

/**
 * Go's time.Date: fields overflow into the next ones, and a wall-clock time is read with the offset in force at
 * that number taken as UTC, or, when that is not in force at the result, with the offset there. So a time that
 * does not exist moves by the size of the change, and which of two repeated times it gives depends on the zone.
 */
export function goDate(zone: Zone, year: number, month: number, date: number, hours: number, minutes = 0): number {
  const wall = Date.UTC(year, month - 1, date, hours, minutes, 0) / 1000;
  const guess = zone.offset(wall);
  return guess === 0 ? wall : wall - zone.offset(wall - guess);
}

/** Go's Time.AddDate: the wall-clock fields moved by months and days, read again with time.Date. */
export function addDate(zone: Zone, at: number, months: number, days: number): number {
  const now = local(zone, at);
  const wall = Date.UTC(now.year, now.month - 1 + months, now.day + days, now.hour, now.minute, now.second) / 1000;
  const guess = zone.offset(wall);
  return guess === 0 ? wall : wall - zone.offset(wall - guess);
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** `YYYY-MM-DD` of wall-clock seconds. */
export const dateText = (wall: number): string => {
  const f = fieldsOf(wall);
  return `${f.year}-${pad(f.month)}-${pad(f.day)}`;
};

/** `HH:MM` of wall-clock seconds. */
export const timeText = (wall: number): string => {
  const f = fieldsOf(wall);
  return `${pad(f.hour)}:${pad(f.minute)}`;
};

/** `+01:00` for an offset in seconds. */
export function offsetText(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(offset) / minute);
  return `${sign}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
