// Debug lines: the workflow's debug log in the action, stderr (or nothing) on the command line.
import * as core from '@actions/core';

let sink: (text: string) => void = (text) => {
  core.debug(text);
};

export function debug(text: string): void {
  sink(text);
}

export function setDebugSink(write: (text: string) => void): void {
  sink = write;
}
