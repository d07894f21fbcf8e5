// The template's errors in words that point at the file and line: Handlebars' own errors, and a value that
// would change the YAML's structure. Pure.
import { ManifestError } from './errors.ts';
import type { Structure } from './structure.ts';

/** Where a `{{…}}` stands, and how it was written. */
export interface TemplateOutput {
  /** The expression as written, such as `image`, `this.name` or `lookup a b`. */
  name: string;
  line: number;
  column: number;
}

/** The `{{…}}` whose value alone changes the YAML structure, and what to write instead. */
export function structureError(output: TemplateOutput, value: string, result: Structure, file: string): ManifestError {
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  const effect =
    'error' in result
      ? `makes the YAML invalid (${(result.error.split(/ at line \d+/)[0] ?? '').trim()})`
      : 'adds or removes YAML keys, items or documents';
  const advice = /[\r\n]/.test(value)
    ? 'Template values must be a single line: make the value one line (in a double-quoted "{{…}}" YAML reads \\n as a line break).'
    : `Quote it in the manifest, such as key: "{{${output.name}}}", so that YAML reads the value as text.`;
  return new ManifestError(
    file,
    output.line,
    output.column,
    `the value of '{{${output.name}}}', ${shown}, ${effect}. ${advice}`,
  );
}

/** Template errors as ManifestErrors; `source` is given for parse errors, whose line needs the source text. */
export function asTemplateError(error: unknown, file: string, source = ''): Error {
  if (error instanceof ManifestError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').filter((part) => part.trim() !== '');
  // The grammar's errors carry the line only in their text: "Parse error on line 3:\n<source>\n---^\nExpecting …".
  const parserError = /^(?:Parse|Lexical) error on line (\d+)[.:]/.exec(message);
  if (parserError) {
    // It counts the empty line after a final newline; point at the last line people see.
    const sourceLines = source.replace(/\n+$/, '').split('\n');
    const line = Math.min(Number(parserError[1]), sourceLines.length);
    return new ManifestError(file, line, undefined, syntaxErrorDetail(sourceLines[line - 1] ?? '', lines));
  }
  // Other errors (handlebars' Exception) may carry a position of the node they concern.
  const fields = error as { lineNumber?: unknown; column?: unknown };
  const line = typeof fields.lineNumber === 'number' ? fields.lineNumber : undefined;
  const column = typeof fields.column === 'number' ? fields.column + 1 : undefined;
  return new ManifestError(file, line, column, `template error: ${(lines[0] ?? message).replace(/ - \d+:\d+$/, '')}`);
}

/** The grammar's message lists token names; say instead where it stopped and what usually causes it. */
function syntaxErrorDetail(sourceLine: string, lines: string[]): string {
  const near = sourceLine.trim() === '' ? '' : ` near '${sourceLine.trim()}'`;
  const atEnd = (lines.at(-1) ?? '').endsWith("got 'EOF'");
  return atEnd
    ? `template syntax error${near}: the file ends inside an unclosed {{…}} or {{#block}}.`
    : `template syntax error${near}: check that every {{ has its }} and every {{#block}} its {{/block}}.`;
}
