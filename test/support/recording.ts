// What unit and integration tests share to run the action's code: a reporter that keeps every
// line, and a request with the tests' defaults.
import type { ExecuteRequest } from '../../src/execute.ts';
import type { Reporter } from '../../src/report/reporter.ts';

/** A reporter that keeps every line; a verbatim block's lines are kept as `| line`. */
export function recordingReporter(): Reporter & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (text) => lines.push(text),
    warning: (text, at) => lines.push(`warning ${at?.file ?? ''}:${at?.line ?? ''} ${text}`),
    error: (text, at) => lines.push(`error ${at?.file ?? ''}:${at?.line ?? ''} ${text}`),
    group: (_title, work) => work(),
    verbatim: (title, work) => {
      lines.push(`>> ${title}`);
      return work((line) => {
        lines.push(`| ${line}`);
        return undefined;
      });
    },
  };
}

/** A request for `execute` (or `deploy`, which takes a part of it) with the tests' defaults. */
export function executeRequest(cwd: string, overrides: Partial<ExecuteRequest> = {}): ExecuteRequest {
  return {
    resources: ['job.yaml'],
    image: undefined,
    varsFile: undefined,
    variables: [],
    cwd,
    dryRun: false,
    printPayload: false,
    run: { actor: 'octocat', sha: 'abc123', serverUrl: 'https://github.com', repository: 'navikt/x', runId: '42' },
    deadline: Date.now() + 100_000,
    signal: new AbortController().signal,
    mode: 'deploy',
    wait: true,
    job: { stuckGraceMs: 60_000, logs: true, onCancel: 'leave', tailLines: 30 },
    ...overrides,
  };
}
