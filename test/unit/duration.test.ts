import { describe, expect, it } from '@jest/globals';
import { parseDuration } from '../../src/duration.ts';

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
