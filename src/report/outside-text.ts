// The one sanitiser for text that comes from outside the action (a job's log, a termination
// message, an event, an API answer, a file) and is printed outside the stop-commands fence.
//
// The runner reads its output line by line (a line ends at \n, \r\n or a lone \r) and acts on
// `::name ...::` when it starts a line after leading white space, and on the legacy `##[name]`
// anywhere in a line. A word joiner (U+2060) placed inside those markers keeps the text as a
// reader sees it while no marker is left for the runner to find.
import { stripVTControlCharacters } from 'node:util';

const wordJoiner = '\u2060';

/** Every line break the runner or a terminal would honour. */
const lineBreak = /\r\n|\r|\n|\u2028|\u2029|\u0085/;

/**
 * Control characters left after escape sequences are stripped: C0 but tab, DEL and C1. A lone ESC or
 * CSI would start a sequence in a terminal; BEL rings; backspace rewrites what was printed.
 */
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text without terminal escape sequences or control characters (tabs and line breaks stay). */
export function printable(text: string): string {
  return text
    .split(lineBreak)
    .map((line) => stripVTControlCharacters(line).replace(controls, ''))
    .join('\n');
}

/** One line of outside text made inert: no control characters, no command the runner would act on. */
export function inertLine(line: string): string {
  const plain = stripVTControlCharacters(line).replace(controls, '');
  const noLegacy = plain.replaceAll('##[', `#${wordJoiner}#[`);
  return noLegacy.trimStart().startsWith('::') ? `${wordJoiner}${noLegacy}` : noLegacy;
}

/** Outside text of any number of lines, each made inert, joined by `\n`. */
export function inertText(text: string): string {
  return text.split(lineBreak).map(inertLine).join('\n');
}

/** Outside text squeezed onto one line (for a headline, an output, a table cell). */
export function inertOneLine(text: string): string {
  return text
    .split(lineBreak)
    .map((line) => inertLine(line.trim()))
    .filter(Boolean)
    .join(' ⏎ ');
}
