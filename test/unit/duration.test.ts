import { describe, expect, it } from '@jest/globals';
import { formatDuration, parseDuration } from '../../src/duration.ts';

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

describe('formatDuration', () => {
  it.each<[number, string]>([
    [400, '0.4s'],
    [45_000, '45s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [3_661_000, '1h1m1s'],
  ])('%p → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});
