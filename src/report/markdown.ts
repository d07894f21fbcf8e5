// Outside text (names, a Job's headline, events, logs, naiserator's messages) in GitHub Markdown: the step
// summary and the pull-request comment. Nothing in it may render as a mention, a link, an image, HTML or
// structure. Code spans and fences are safest, since GitHub renders no mention or link inside them; prose
// is escaped character by character.
import { printable } from './outside-text.ts';

/** The longest run of backticks in the text (0 when none). */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/** One line: line breaks become spaces, control characters go. */
const oneLine = (text: string): string => printable(text).replace(/\s*\n\s*/g, ' ');

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A code span, delimited by more backticks than any run inside, so the text cannot end it. */
export function codeSpan(text: string, max = 2_000): string {
  const line = cut(oneLine(text), max);
  const ticks = '`'.repeat(longestBacktickRun(line) + 1);
  // A span that starts or ends with a backtick needs a space, which Markdown strips again.
  const pad = line.startsWith('`') || line.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${line}${pad}${ticks}`;
}

/** A fence longer than any backtick run in the lines (at least three), so they cannot end the block. */
export function fenceFor(lines: readonly string[]): string {
  let longest = 2;
  for (const line of lines) longest = Math.max(longest, longestBacktickRun(line));
  return '`'.repeat(longest + 1);
}

/** A fenced block of outside lines, with an optional info string such as `diff`. */
export function codeBlock(lines: readonly string[], info = ''): string[] {
  const fence = fenceFor(lines);
  const block = [`${fence}${info}`];
  // Pushed one by one: a spread of a long log overflows the stack.
  for (const line of lines) block.push(printable(line).replaceAll('\n', ' '));
  block.push(fence);
  return block;
}

/** A table cell: a code span whose pipes cannot end the cell; `–` for nothing. */
export function tableCell(text: string | undefined, max = 500): string {
  if (text === undefined || text === '') return '–';
  return codeSpan(text, max).replace(/\|/g, '\\|');
}

/**
 * Outside prose, readable but inert: Markdown punctuation is escaped; `@` and `#` are followed by a word
 * joiner, so no mention or issue reference forms; `://` and `www.` are broken, so no autolink forms; `<`
 * and `&` become entities, so no HTML. On one line, and cut.
 */
export function markdownText(text: string, max = 2_000): string {
  return cut(oneLine(text), max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]()!|~{}]/g, (char) => `\\${char}`)
    .replace(/([@#])/g, '$1\u2060')
    .replace(/:\/\//g, ':\u2060//')
    .replace(/www\./gi, (match) => `${match.slice(0, 3)}\u2060.`);
}

/** Text inside an HTML element such as `<summary>`, where Markdown is not read but HTML is. */
export function htmlText(text: string, max = 300): string {
  return cut(oneLine(text), max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/@/g, '@\u2060');
}

/**
 * Outside text as a label in a Mermaid diagram: only letters, digits, `.`, `_`, `-` and spaces stay
 * (Kubernetes names are made of these), so no `:`, `;`, `#`, `%%` or line break can end a label,
 * start a comment or a directive, and no backtick can end the fence. Anything else becomes `_`.
 */
export function mermaidLabel(text: string, max = 80): string {
  const label = cut(oneLine(text), max)
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .trim();
  return label === '' ? '_' : label;
}
