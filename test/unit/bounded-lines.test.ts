import { describe, expect, it } from '@jest/globals';
import { boundedLines } from '../../src/cluster/bounded-lines.ts';

async function linesOf(chunks: string[], max: number): Promise<string[]> {
  async function* source(): AsyncGenerator<string> {
    for (const chunk of chunks) yield await Promise.resolve(chunk);
  }
  const lines: string[] = [];
  for await (const line of boundedLines(source(), max)) lines.push(line);
  return lines;
}

describe('boundedLines', () => {
  it.each<[string, string[], string[]]>([
    ['lines across chunks', ['ab', 'c\nd', 'e\n'], ['abc', 'de']],
    ['a last line without a break', ['a\nb'], ['a', 'b']],
    ['CRLF', ['a\r\nb\r\n'], ['a', 'b']],
    ['empty lines', ['\n\n'], ['', '']],
    ['nothing', [], []],
    ['a long line, cut and said so', ['0123456789', 'abc\nok\n'], ['01234… [line cut: 8 more characters]', 'ok']],
    ['a long last line', ['0123456789'], ['01234… [line cut: 5 more characters]']],
  ])('%s', async (_, chunks, expected) => {
    expect(await linesOf(chunks, 5)).toEqual(expected);
  });

  it('holds at most one cut line of a huge unbroken log', async () => {
    const chunk = 'x'.repeat(64 * 1024);
    async function* huge(): AsyncGenerator<string> {
      for (let i = 0; i < 2_000; i += 1) yield await Promise.resolve(chunk);
    }
    const lines: string[] = [];
    for await (const line of boundedLines(huge(), 1_000)) lines.push(line);
    expect(lines).toEqual([`${'x'.repeat(1_000)}… [line cut: ${2_000 * chunk.length - 1_000} more characters]`]);
  });
});
