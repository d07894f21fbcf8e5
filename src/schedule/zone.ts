// A time zone's UTC offset at any instant, read with Intl and cached per UTC hour. Pure.
//
// Hand-made rather than a date library: SpecSchedule.Next (see spec-next.ts) needs only the offset at a given
// second, and Intl answers that from the same IANA data the controller's Go reads.

const hour = 3600;

export interface Zone {
  name: string;
  /** The zone's offset from UTC, in seconds, at `at` (Unix seconds). */
  offset(at: number): number;
}

const zones = new Map<string, Zone>();

/** The zone of `spec.timeZone`; without one, UTC, the CronJob controller's local zone on NAIS. */
export function zoneOf(timeZone: string | undefined): Zone {
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
