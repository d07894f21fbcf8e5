// Kubernetes CronJob schedules, as its cron parser (robfig/cron, standard format) accepts them. Pure.
// Hand-made rather than an npm cron parser: the rules must be robfig/cron v3's own (bounds 0-6 for the day of week,
// no seconds, no TZ= prefix), and each refusal says what to write instead.

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: Record<string, number>;
  example: string;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const cronFields: readonly CronField[] = [
  { name: 'minute', min: 0, max: 59, example: '0-59' },
  { name: 'hour', min: 0, max: 23, example: '0-23' },
  { name: 'day-of-month', min: 1, max: 31, example: '1-31' },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: Object.fromEntries(months.map((month, at) => [month, at + 1])),
    example: '1-12 or JAN-DEC',
  },
  // 0-6 only: Kubernetes parses with robfig/cron v3, whose day-of-week bounds are 0-6, and
  // refuses 7 although many crons take it for Sunday.
  {
    name: 'day-of-week',
    min: 0,
    max: 6,
    names: Object.fromEntries(weekdays.map((day, at) => [day, at])),
    example: '0-6 or SUN-SAT',
  },
];

const descriptors = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

const format = "five fields, 'minute hour day-of-month month day-of-week', such as '0 3 * * *' for 03:00 every day";

/** What is wrong with a schedule, as a phrase to follow "is not a valid schedule: ", or undefined when it is valid. */
export function scheduleProblem(schedule: string): string | undefined {
  const text = schedule.trim();
  if (text === '') return `it is empty; use ${format}`;
  if (/^(CRON_)?TZ=/i.test(text)) {
    return 'Kubernetes does not allow a time zone (TZ= or CRON_TZ=) in the schedule; remove it and set spec.timeZone, such as timeZone: Europe/Oslo';
  }
  if (text.startsWith('@')) {
    return descriptors.includes(text)
      ? undefined
      : `'${text}' is not a known descriptor; use one of ${descriptors.join(', ')}`;
  }
  const parts = text.split(/\s+/);
  if (parts.length !== cronFields.length) {
    const seconds = parts.length === 6 ? ' (seconds are not supported)' : '';
    return `it has ${parts.length} field${parts.length === 1 ? '' : 's'}${seconds}; use ${format}`;
  }
  for (const [at, field] of cronFields.entries()) {
    const problem = fieldProblem(parts[at] ?? '', field);
    if (problem)
      return `the ${field.name} field '${parts[at] ?? ''}' ${problem}; use ${field.example}, '*', lists (a,b), ranges (a-b) and steps (*/n, a-b/n)`;
  }
  return undefined;
}

/** Checks one field: a comma list of `*`, `?`, `a` or `a-b`, each optionally followed by `/step`. */
function fieldProblem(text: string, field: CronField): string | undefined {
  for (const entry of text.split(',')) {
    if (entry === '') return 'has an empty list entry';
    const [range = '', step, extra] = entry.split('/');
    if (extra !== undefined) return `has more than one '/' in '${entry}'`;
    if (step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0)) {
      return `has the step '${step}', which must be a whole number of at least 1`;
    }
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `has the range '${range}' with more than one '-'`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = fieldValue(bound, field);
      if (value === undefined) {
        const named = field.names ? ' or a name' : '';
        return `has '${bound}', which is not a number${named}`;
      }
      if (value < field.min || value > field.max) return `has ${bound}, which is outside ${field.min}-${field.max}`;
      values.push(value);
    }
    const [first = 0, last = first] = values;
    if (first > last) return `has the range '${range}', which runs backwards`;
  }
  return undefined;
}

function fieldValue(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  return field.names?.[text.toLowerCase()];
}

/**
 * A valid schedule as robfig/cron v3's parser (parser.go, getRange and parseDescriptor) holds it: the values each
 * field allows, and whether the day fields were written as `*` or `?` (a step above 1 makes them not so). When
 * either day field is such a star a day must match both, otherwise either (spec.go, dayMatches).
 */
export interface CronSpec {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0-6, Sunday 0. */
  daysOfWeek: ReadonlySet<number>;
  dayOfMonthStar: boolean;
  dayOfWeekStar: boolean;
}

const descriptorFields: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** The schedule's fields, or undefined when scheduleProblem finds it invalid. */
export function parseSchedule(schedule: string): CronSpec | undefined {
  if (scheduleProblem(schedule) !== undefined) return undefined;
  const text = schedule.trim();
  const parts = (descriptorFields[text] ?? text).split(/\s+/);
  const fields = cronFields.map((field, at) => fieldValues(parts[at] ?? '*', field));
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  if (!minute || !hour || !dayOfMonth || !month || !dayOfWeek) return undefined;
  return {
    minutes: minute.values,
    hours: hour.values,
    daysOfMonth: dayOfMonth.values,
    months: month.values,
    daysOfWeek: dayOfWeek.values,
    dayOfMonthStar: dayOfMonth.star,
    dayOfWeekStar: dayOfWeek.star,
  };
}

/** The values of one field already found valid; `*` and `n/step` run to the field's maximum, as in robfig/cron. */
function fieldValues(text: string, field: CronField): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const entry of text.split(',')) {
    const [range = '', stepText] = entry.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const all = range === '*' || range === '?';
    const bounds = all ? [] : range.split('-').map((bound) => fieldValue(bound, field) ?? field.min);
    const first = all ? field.min : (bounds[0] ?? field.min);
    const last = all || (stepText !== undefined && bounds.length === 1) ? field.max : (bounds[1] ?? first);
    if (all && step <= 1) star = true;
    for (let value = first; value <= last; value += step) values.add(value);
  }
  return { values, star };
}
