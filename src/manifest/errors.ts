/**
 * A problem in a manifest or vars file, located so the caller can annotate the file in the pull request.
 * The message already starts with `file:line:`, so it reads well on its own in a log.
 */
export class ManifestError extends Error {
  readonly file: string;
  /** 1-based; undefined when the problem concerns the file as a whole. */
  readonly line: number | undefined;
  /** 1-based. */
  readonly column: number | undefined;

  constructor(file: string, line: number | undefined, column: number | undefined, detail: string) {
    super(`${location(file, line, column)}: ${detail}`);
    this.name = 'ManifestError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** `file`, `file:line` or `file:line:column`, as compilers print them. */
export function location(file: string, line?: number, column?: number): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}
