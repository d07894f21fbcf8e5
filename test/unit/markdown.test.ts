import { describe, expect, it } from '@jest/globals';
import { codeBlock, codeSpan, fenceFor, htmlText, markdownText, tableCell } from '../../src/report/markdown.ts';

const joiner = '\u2060';

describe('codeSpan', () => {
  it.each([
    ['plain', '`plain`'],
    ['a `tick` inside', '``a `tick` inside``'],
    ['``double``', '``` ``double`` ```'],
    ['two\nlines', '`two lines`'],
    ['esc\u001b[31mred', '`escred`'],
  ])('%j → %s', (text, expected) => {
    expect(codeSpan(text)).toBe(expected);
  });
});

describe('fenceFor and codeBlock', () => {
  it.each([
    [['plain'], '```'],
    [['a ``` b'], '````'],
    [['a ````` b', '``'], '``````'],
  ])('%j is fenced by %s', (lines, fence) => {
    expect(fenceFor(lines)).toBe(fence);
    expect(codeBlock(lines, 'diff')).toEqual([`${fence}diff`, ...lines, fence]);
  });
});

describe('tableCell', () => {
  it.each([
    [undefined, '–'],
    ['', '–'],
    ['a|b', '`a\\|b`'],
    ['line\nbreak', '`line break`'],
  ])('%j → %s', (text, expected) => {
    expect(tableCell(text)).toBe(expected);
  });
});

describe('markdownText', () => {
  it.each([
    ['a mention', 'ping @octocat', `ping @${joiner}octocat`],
    ['an issue reference', 'see #12', `see #${joiner}12`],
    ['a link', '[x](https://e.example)', `\\[x\\]\\(https:${joiner}//e.example\\)`],
    ['an image', '![i](u)', '\\!\\[i\\]\\(u\\)'],
    ['HTML', '<img src=x onerror=y>', '&lt;img src=x onerror=y&gt;'],
    ['an autolink', 'www.example.com', `www${joiner}.example.com`],
    ['emphasis and code', '*a* _b_ `c`', '\\*a\\* \\_b\\_ \\`c\\`'],
    ['a table pipe and an entity', 'a|b &amp;', 'a\\|b &amp;amp;'],
    ['lines', 'a\n# heading', `a #${joiner} heading`],
  ])('escapes %s', (_, text, expected) => {
    expect(markdownText(text)).toBe(expected);
  });

  it('cuts long text', () => {
    expect(markdownText('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});

describe('htmlText', () => {
  it('escapes what would end or open an element', () => {
    expect(htmlText('a</summary><b>"@x')).toBe(`a&lt;/summary&gt;&lt;b&gt;&quot;@${joiner}x`);
  });
});
