import { describe, expect, it } from '@jest/globals';
import { durationRangeProblem, parseDuration } from '../../src/duration.ts';

describe('parseDuration', () => {
  it.each<[string, number | undefined]>([
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    [' 2m ', 120_000],
    ['', undefined],
    ['10', undefined],
    ['10 m', undefined],
    ['-5s', undefined],
    ['0s', undefined],
    ['5d', undefined],
  ])('%j → %p', (text, expected) => {
    expect(parseDuration(text)).toBe(expected);
  });
});

describe('durationRangeProblem', () => {
  it.each<[number, RegExp | undefined]>([
    [1000, undefined],
    [576 * 3_600_000, undefined],
    [999, /shorter than 1s/],
    [0.4, /shorter than 1s/],
    [597 * 3_600_000, /longer than 576h/],
  ])('%p ms → %p', (milliseconds, expected) => {
    const problem = durationRangeProblem(milliseconds);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});
