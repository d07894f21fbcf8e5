// Where debug lines and secrets to mask go: the workflow's commands in the action; on the command
// line, stderr (or nothing) for debug lines, and no masking, since a terminal would print the
// `::add-mask::` line, secret and all.
import * as core from '@actions/core';
import { whenCommandsWork } from './report/command-fence.ts';
import { inertText } from './report/outside-text.ts';

interface Sinks {
  debug: (text: string) => void;
  secret: (value: string) => void;
}

let sinks: Sinks = {
  debug: (text) => {
    core.debug(inertText(text));
  },
  secret: (value) => {
    core.setSecret(value);
  },
};

/** Debug lines often quote the cluster's answers; while a job's log is fenced they would show as raw text. */
export function debug(text: string): void {
  whenCommandsWork(() => {
    sinks.debug(text);
  });
}

/** Masks a value in the workflow log from now on. */
export function setSecret(value: string): void {
  sinks.secret(value);
}

export function useTerminalSinks(debugLine: (text: string) => void): void {
  sinks = { debug: debugLine, secret: () => undefined };
}

/** Sends debug lines elsewhere (tests silence them); masking stays as it is. */
export function setDebugSink(debugLine: (text: string) => void): void {
  sinks = { ...sinks, debug: debugLine };
}
