import { describe, expect, it } from '@jest/globals';
import {
  durationInWords,
  durationRangeProblem,
  formatDuration,
  parseDuration,
  spacedDuration,
} from '../../src/duration.ts';

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

describe('formatDuration', () => {
  it.each<[number, string]>([
    [600_000, '10m'],
    [90_000, '1m30s'],
    [5_400_000, '1h30m'],
    [3_600_000, '1h'],
    [45_000, '45s'],
    [400, '400ms'],
  ])('%p → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('spacedDuration', () => {
  it.each<[number | undefined, string]>([
    [undefined, '–'],
    [45, '45s'],
    [65, '1m 5s'],
    [3605, '1h 0m 5s'],
  ])('%p → %s', (seconds, expected) => {
    expect(spacedDuration(seconds)).toBe(expected);
  });
});

describe('durationInWords', () => {
  it.each<[number, string]>([
    [3600, 'an hour'],
    [-3600, 'an hour'],
    [7200, '2 hours'],
    [1800, '30 minutes'],
  ])('%p → %s', (seconds, expected) => {
    expect(durationInWords(seconds)).toBe(expected);
  });
});
