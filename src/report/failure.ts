// How a step that threw says so, once, the same in the action and on the command line: each
// finding at its file and line, and one line that says nothing was applied.
import { ValidationError } from '../deploy/render.ts';
import { ManifestError } from '../manifest/errors.ts';
import type { Reporter } from './reporter.ts';

export function reportFailure(error: unknown, reporter: Reporter): void {
  if (error instanceof ValidationError) {
    for (const finding of error.findings) reporter.error(finding.message, finding);
    const count = error.findings.length;
    reporter.error(`${count} problem${count === 1 ? '' : 's'} in the Naisjob files; nothing was applied.`);
  } else if (error instanceof ManifestError) {
    reporter.error(error.message, { file: error.file, line: error.line });
  } else {
    reporter.error(error instanceof Error ? error.message : String(error));
  }
}
