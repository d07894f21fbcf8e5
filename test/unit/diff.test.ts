import { describe, expect, it } from '@jest/globals';
import { changedLines, lineDiff } from '../../src/deploy/diff.ts';

describe('lineDiff', () => {
  it.each([
    ['a\nb\nc', 'a\nb\nc', ['  a', '  b', '  c']],
    ['a\nb\nc', 'a\nx\nc', ['  a', '+ x', '- b', '  c']],
    ['a', 'a\nb', ['  a', '+ b']],
    ['a\nb', 'b', ['- a', '  b']],
  ])('%j → %j', (before, after, expected) => {
    expect(lineDiff(before, after)).toEqual(expected);
  });
  it('matches the common start and end directly, and shows a middle too large to compare as removed and added', () => {
    const lines = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    const before = [...lines('head', 100), ...lines('old', 3_000), ...lines('tail', 100)].join('\n');
    const after = [...lines('head', 100), ...lines('new', 3_000), ...lines('tail', 100)].join('\n');
    // 3,000 × 3,000 cells would be over the limit: the middle is not compared, only shown.
    const diff = lineDiff(before, after);
    expect(diff).toHaveLength(6_200);
    expect(diff.slice(99, 101)).toEqual(['  head99', '- old0']);
    expect(diff.slice(3_099, 3_101)).toEqual(['- old2999', '+ new0']);
    expect(diff.at(-1)).toBe('  tail99');
  });
  it('keeps context around changes only', () => {
    const diff = lineDiff('1\n2\n3\n4\n5\n6\n7\n8', '1\n2\n3\n4\n5\n6\n7\nX');
    expect(changedLines(diff, 1)).toEqual(['  7', '+ X', '- 8']);
  });
});
