// The command line's words: plain text on stdout/stderr, with colour and a status line that
// redraws in place when the output is a terminal (and NO_COLOR is not set).
import type { Reporter } from './reporter.ts';

export interface TerminalStream {
  write(text: string): boolean;
  isTTY?: boolean;
}

export function terminalReporter(
  out: TerminalStream,
  err: TerminalStream,
  env: NodeJS.ProcessEnv = process.env,
): Reporter {
  const tty = out.isTTY === true;
  const colour = tty && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  const paint =
    (code: string) =>
    (text: string): string =>
      colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  const bold = paint('1');
  const dim = paint('2');
  const red = paint('31');
  const yellow = paint('33');
  let status = '';
  // Every line first clears the status line, then redraws it below.
  const line = (stream: TerminalStream, text: string): void => {
    if (status) stream.write('\r\u001b[2K');
    stream.write(`${text}\n`);
    if (status) out.write(dim(status));
  };
  const where = (at?: { file: string; line?: number | undefined }): string =>
    at ? `${at.file}${at.line ? `:${at.line}` : ''}: ` : '';
  return {
    info: (text) => {
      line(out, text);
    },
    warning: (text, at) => {
      line(err, `${yellow('warning:')} ${where(at)}${text}`);
    },
    error: (text, at) => {
      line(err, `${red('error:')} ${where(at)}${text}`);
    },
    group: async (title, work) => {
      line(out, bold(title));
      return work();
    },
    verbatim: async (title, work) => {
      line(out, bold(`── ${title}`));
      return work((text) => {
        line(out, `${dim('│')} ${text}`);
      });
    },
    progress: (text) => {
      if (!tty) return;
      if (text === '') {
        if (status) out.write('\r\u001b[2K');
        status = '';
        return;
      }
      // One line: cut to the terminal's width so a redraw never wraps.
      const width = (out as { columns?: number }).columns ?? 100;
      status = text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text;
      out.write(`\r\u001b[2K${dim(status)}`);
    },
  };
}
