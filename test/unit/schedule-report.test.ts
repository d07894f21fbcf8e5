import { describe, expect, it } from '@jest/globals';
import { scheduleReport } from '../../src/schedule/schedule-report.ts';

const containing = (text: string): unknown => expect.stringContaining(text);

describe('scheduleReport', () => {
  const now = new Date('2026-11-23T20:46:49Z');

  it.each([undefined, '', '  '])('is undefined for the unscheduled %p', (schedule) => {
    expect(scheduleReport(schedule, 'Europe/Oslo', now)).toBeUndefined();
  });

  it('lists the next five runs in the zone', () => {
    expect(scheduleReport('0 3 * * *', 'Europe/Oslo', now)).toEqual({
      lines: [
        'Next runs of `0 3 * * *` in Europe/Oslo:',
        '- 2026-11-24 03:00 (Europe/Oslo, UTC+01:00)',
        '- 2026-11-25 03:00 (Europe/Oslo, UTC+01:00)',
        '- 2026-11-26 03:00 (Europe/Oslo, UTC+01:00)',
        '- 2026-11-27 03:00 (Europe/Oslo, UTC+01:00)',
        '- 2026-11-28 03:00 (Europe/Oslo, UTC+01:00)',
      ],
      warnings: [],
    });
  });

  it('says when no time zone is set', () => {
    const report = scheduleReport('@daily', undefined, now);
    expect(report?.lines[0]).toBe(
      "Next runs of `@daily` in UTC (spec.timeZone is not set, so the CronJob uses the cluster's time zone, UTC on NAIS):",
    );
    expect(report?.lines[1]).toBe('- 2026-11-24 00:00 (UTC)');
    expect(report?.warnings).toEqual([]);
  });

  it('warns about the clock changes of the coming year', () => {
    const report = scheduleReport('30 2 * * *', 'Europe/Oslo', now);
    expect(report?.lines).toHaveLength(6);
    expect(report?.warnings).toEqual([
      containing('On 2027-03-28 Europe/Oslo skips'),
      containing('On 2027-10-31 Europe/Oslo repeats'),
    ]);
  });

  it.each<[string, string | undefined, ReturnType<typeof scheduleReport>]>([
    [
      '61 * * * *',
      undefined,
      {
        lines: [],
        warnings: [containing("spec.schedule '61 * * * *' is not a valid schedule: the minute field '61'") as string],
      },
    ],
    [
      '0 3 * * *',
      'Europe/Olso',
      { lines: [], warnings: [containing("spec.timeZone: 'Europe/Olso' is not a known time zone") as string] },
    ],
    [
      '0 0 30 2 *',
      undefined,
      {
        lines: [containing('no run within the next five years') as string],
        warnings: [containing('so the job never runs') as string],
      },
    ],
  ])('reports %p in %p', (schedule, timeZone, expected) => {
    expect(scheduleReport(schedule, timeZone, now)).toEqual(expected);
  });
});
