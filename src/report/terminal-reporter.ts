// The command line's words: plain text on stdout/stderr, with colour and a status line that
// redraws in place when the output is a terminal (and NO_COLOR is not set).
import { styleText } from 'node:util';
import { printable } from './outside-text.ts';
import { drained, type Reporter } from './reporter.ts';

export interface TerminalStream {
  write(text: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean;
}

export function terminalReporter(
  out: TerminalStream,
  err: TerminalStream,
  env: NodeJS.ProcessEnv = process.env,
): Reporter {
  const tty = out.isTTY === true;
  const colour = tty && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  // Whether to colour is decided above, from this stream and this env, so styleText must not look again
  // at process.stdout and process.env.
  const paint =
    (format: 'bold' | 'dim' | 'red' | 'yellow') =>
    (text: string): string =>
      colour ? styleText(format, text, { validateStream: false }) : text;
  const bold = paint('bold');
  const dim = paint('dim');
  const red = paint('red');
  const yellow = paint('yellow');
  let status = '';
  // Every line first clears the status line, then redraws it below.
  /** Returns a promise when the stream's buffer is full (a pipe whose reader lags), to wait on. */
  const line = (stream: TerminalStream, text: string): Promise<void> | undefined => {
    if (status) stream.write('\r\u001b[2K');
    let room = stream.write(`${text}\n`);
    if (status) room = out.write(dim(status)) && room;
    return room || !stream.once ? undefined : drained(stream as Required<TerminalStream>);
  };
  const where = (at?: { file: string; line?: number | undefined }): string =>
    at ? `${at.file}${at.line ? `:${at.line}` : ''}: ` : '';
  return {
    // Only a job's log is loud enough to need waiting on; the step's own lines are few.
    // Outside text may carry escape sequences that would move the cursor or retitle the terminal.
    info: (text) => {
      void line(out, printable(text));
    },
    warning: (text, at) => {
      void line(err, `${yellow('warning:')} ${where(at)}${printable(text)}`);
    },
    error: (text, at) => {
      void line(err, `${red('error:')} ${where(at)}${printable(text)}`);
    },
    group: async (title, work) => {
      void line(out, bold(printable(title)));
      return work();
    },
    verbatim: async (title, work) => {
      void line(out, bold(`── ${printable(title)}`));
      return work((text) => line(out, `${dim('│')} ${printable(text)}`));
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
      const plain = printable(text).replaceAll('\n', ' ');
      status = plain.length > width - 1 ? `${plain.slice(0, width - 2)}…` : plain;
      out.write(`\r\u001b[2K${dim(status)}`);
    },
  };
}
