// Where the action's words go: the workflow log and annotations through @actions/core.
import { randomUUID } from 'node:crypto';
import * as core from '@actions/core';
import { fenceClosed, fenceOpened, whenCommandsWork } from './command-fence.ts';
import { inertText } from './outside-text.ts';

export interface Location {
  file: string;
  line?: number | undefined;
}

/** Writes one line; a promise means "wait for it before writing more" (the output's buffer is full). */
export type PrintLine = (line: string) => Promise<void> | undefined;

/** Resolves when a stream whose write returned false has room again. */
export function drained(stream: { once(event: 'drain', listener: () => void): unknown }): Promise<void> {
  return new Promise((resolve) => {
    stream.once('drain', resolve);
  });
}

/** Writes a line to a stream, and says when to wait: a pipe queues in memory what its reader has not taken. */
export function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> | undefined {
  return stream.write(`${line}\n`) ? undefined : drained(stream);
}

export interface Reporter {
  info(text: string): void;
  warning(text: string, at?: Location): void;
  error(text: string, at?: Location): void;
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
  /**
   * A block of a program's own output, printed verbatim: nothing in it may act as a command.
   * `print` returns a promise when the output is full; awaiting it keeps memory flat.
   */
  verbatim<T>(title: string, work: (print: PrintLine) => Promise<T>): Promise<T>;
  /** A status line that replaces the previous one, where the output is a terminal; else nothing. */
  progress?(text: string): void;
}

const properties = (at?: Location): core.AnnotationProperties | undefined =>
  at ? { file: at.file, ...(at.line ? { startLine: at.line } : {}) } : undefined;

/**
 * The workflow log. Every text may hold words from outside (a log tail, an event, an API answer), so each
 * goes through {@link inertText}; annotations wait while a job's log is fenced, where the runner ignores them.
 */
export const actionsReporter: Reporter = {
  info: (text) => {
    core.info(inertText(text));
  },
  warning: (text, at) => {
    whenCommandsWork(() => {
      core.warning(inertText(text), properties(at));
    });
  },
  error: (text, at) => {
    whenCommandsWork(() => {
      core.error(inertText(text), properties(at));
    });
  },
  group: (title, work) => core.group(inertText(title), work),
  verbatim: async (title, work) => {
    core.startGroup(inertText(title));
    // A job's log could hold `::set-output` or `::add-mask` lines; the runner ignores commands
    // between stop-commands and its token, which no log line can guess.
    const token = randomUUID();
    process.stdout.write(`::stop-commands::${token}\n`);
    fenceOpened();
    try {
      return await work((line) => writeLine(process.stdout, line));
    } finally {
      process.stdout.write(`::${token}::\n`);
      core.endGroup();
      fenceClosed((count) => {
        core.debug(`${count} debug lines and annotations written while a log was printed were dropped.`);
      });
    }
  },
};
