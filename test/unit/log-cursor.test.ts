import { describe, expect, it } from '@jest/globals';
import { LogCursor, splitLogLine, TailBuffer, timestampNanos } from '../../src/job/log-cursor.ts';

describe('timestampNanos', () => {
  it.each([
    ['2026-11-23T20:22:42Z', 1795465362000000000n],
    ['2026-11-23T20:22:42.5Z', 1795465362500000000n],
    ['2026-11-23T20:22:42.123456789Z', 1795465362123456789n],
    ['2026-11-23T21:22:42.000000001+01:00', 1795465362000000001n],
    ['not a time', undefined],
    ['2026-11-23', undefined],
  ])('%s', (stamp, expected) => {
    expect(timestampNanos(stamp)).toBe(expected);
  });
});

describe('splitLogLine', () => {
  it.each([
    ['2026-11-23T20:22:42.1Z hello world', 'hello world'],
    ['2026-11-23T20:22:42.1Z ', ''],
    ['2026-11-23T20:22:42.1Z', ''],
    ['no stamp here', 'no stamp here'],
    ['', ''],
  ])('%j has the text %j', (raw, text) => {
    expect(splitLogLine(raw).text).toBe(text);
  });
});

const at = (fraction: string, text: string): string => `2026-11-23T20:22:42.${fraction}Z ${text}`;

/** Feeds streams to one cursor, resuming between them, and returns the accepted lines. */
function follow(streams: string[][]): { lines: string[]; sinceTimes: (string | undefined)[] } {
  const cursor = new LogCursor();
  const lines: string[] = [];
  const sinceTimes: (string | undefined)[] = [];
  for (const stream of streams) {
    sinceTimes.push(cursor.resume());
    for (const raw of stream) {
      const text = cursor.accept(raw);
      if (text !== undefined) lines.push(text);
    }
  }
  return { lines, sinceTimes };
}

describe('LogCursor', () => {
  it.each([
    {
      case: 'one unbroken stream',
      streams: [[at('1', 'a'), at('2', 'b')]],
      lines: ['a', 'b'],
    },
    {
      case: 'a resumed stream repeats the whole second',
      streams: [
        [at('1', 'a'), at('2', 'b')],
        [at('1', 'a'), at('2', 'b'), at('3', 'c')],
      ],
      lines: ['a', 'b', 'c'],
    },
    {
      case: 'lines sharing the last timestamp are skipped only as often as seen',
      streams: [
        [at('1', 'a'), at('2', 'b1'), at('2', 'b2')],
        [at('2', 'b1'), at('2', 'b2'), at('2', 'b3'), at('3', 'c')],
      ],
      lines: ['a', 'b1', 'b2', 'b3', 'c'],
    },
    {
      case: 'several breaks',
      streams: [[at('1', 'a')], [at('1', 'a')], [at('1', 'a'), at('4', 'd')], [at('4', 'd'), at('5', 'e')]],
      lines: ['a', 'd', 'e'],
    },
    {
      case: 'an empty resumed stream',
      streams: [[at('1', 'a')], [], [at('1', 'a'), at('2', 'b')]],
      lines: ['a', 'b'],
    },
    {
      case: 'lines without timestamps pass',
      streams: [['plain', at('1', 'a')]],
      lines: ['plain', 'a'],
    },
  ])('$case', ({ streams, lines }) => {
    expect(follow(streams).lines).toEqual(lines);
  });

  it('asks to resume from the last timestamp seen', () => {
    expect(follow([[at('1', 'a'), at('7', 'b')], []]).sinceTimes).toEqual([undefined, '2026-11-23T20:22:42.7Z']);
  });
});

describe('TailBuffer', () => {
  it.each([
    { size: 3, pushed: 0, tail: [] },
    { size: 3, pushed: 2, tail: ['1', '2'] },
    { size: 3, pushed: 3, tail: ['1', '2', '3'] },
    { size: 3, pushed: 7, tail: ['5', '6', '7'] },
    { size: 0, pushed: 4, tail: [] },
  ])('keeps the last $size of $pushed', ({ size, pushed, tail }) => {
    const buffer = new TailBuffer(size);
    for (let i = 1; i <= pushed; i += 1) buffer.push(String(i));
    expect(buffer.toArray()).toEqual(tail);
    expect(buffer.total).toBe(pushed);
  });
});
