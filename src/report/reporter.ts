// Where the action's words go: the workflow log and annotations through @actions/core.
import * as core from '@actions/core';

export interface Location {
  file: string;
  line?: number | undefined;
}

export interface Reporter {
  info(text: string): void;
  warning(text: string, at?: Location): void;
  error(text: string, at?: Location): void;
  group<T>(title: string, work: () => Promise<T>): Promise<T>;
}

const properties = (at?: Location): core.AnnotationProperties | undefined =>
  at ? { file: at.file, ...(at.line ? { startLine: at.line } : {}) } : undefined;

export const actionsReporter: Reporter = {
  info: (text) => {
    core.info(text);
  },
  warning: (text, at) => {
    core.warning(text, properties(at));
  },
  error: (text, at) => {
    core.error(text, properties(at));
  },
  group: (title, work) => core.group(title, work),
};
