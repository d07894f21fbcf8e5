import { describe, expect, it } from '@jest/globals';
import { toDate } from '../../src/cluster/api-time.ts';

describe('toDate', () => {
  it.each<[Date | string | undefined, string | undefined]>([
    [undefined, undefined],
    ['', undefined],
    ['not a time', undefined],
    ['2026-11-23T10:00:00Z', '2026-11-23T10:00:00.000Z'],
    [new Date('2026-11-23T10:00:00Z'), '2026-11-23T10:00:00.000Z'],
  ])('%p → %p', (value, expected) => {
    expect(toDate(value)?.toISOString()).toBe(expected);
  });
});
