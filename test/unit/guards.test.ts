import { describe, expect, it } from '@jest/globals';
import { isRecord, matchesDnsLabel } from '../../src/guards.ts';

describe('isRecord', () => {
  it.each<[unknown, boolean]>([
    [{}, true],
    [{ a: 1 }, true],
    [null, false],
    [undefined, false],
    [[], false],
    ['text', false],
    [3, false],
  ])('%p → %p', (value, expected) => {
    expect(isRecord(value)).toBe(expected);
  });
});

describe('matchesDnsLabel', () => {
  it.each<[string, boolean]>([
    ['team-a', true],
    ['a', true],
    ['0abc9', true],
    ['', false],
    ['-team', false],
    ['team-', false],
    ['Team', false],
    ['team_a', false],
    ['team.a', false],
  ])('%p → %p', (text, expected) => {
    expect(matchesDnsLabel(text)).toBe(expected);
  });
});
