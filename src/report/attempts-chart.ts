// A Mermaid Gantt of the pods' attempts over time, one section per Job, for the step summary
// (GitHub renders Mermaid there). Only when there is something to see: a Job that needed several
// attempts, or several Jobs. Pure, returns Markdown lines.
import type { PodAttempt } from '../job/attempts.ts';
import type { JobRun } from '../job/wait-for-jobs.ts';
import { codeBlock, mermaidLabel } from './markdown.ts';

/** Mermaid's task tags: crit is red, done grey, active highlighted. */
const tag: Record<PodAttempt['outcome'], string> = {
  failed: 'crit',
  succeeded: 'done',
  running: 'active',
  waiting: 'active',
};

/** A bar shorter than a second is too thin to see. */
const minimumBarMs = 1_000;

function taskLabel(attempt: PodAttempt, number: number): string {
  const how =
    attempt.outcome === 'succeeded' || attempt.outcome === 'failed'
      ? `exit ${attempt.exitCode ?? '?'}`
      : attempt.outcome;
  return `attempt ${number} ${mermaidLabel(attempt.pod, 70)} ${how}`;
}

/** The chart, or no lines when every Job ran once and there is one Job. */
export function attemptsChart(runs: readonly JobRun[], now: Date = new Date()): string[] {
  const withAttempts = runs.filter((run) => run.attempts.length > 0);
  const worthDrawing = withAttempts.length > 1 || withAttempts.some((run) => run.attempts.length > 1);
  if (!worthDrawing) return [];
  const diagram = ['gantt', '  title Pod attempts (UTC)', '  dateFormat x', '  axisFormat %H:%M:%S'];
  withAttempts.forEach((run, runIndex) => {
    diagram.push(`  section ${mermaidLabel(run.target.name)}`);
    run.attempts.forEach((attempt, index) => {
      const start = attempt.start.getTime();
      const end = Math.max((attempt.end ?? now).getTime(), start + minimumBarMs);
      diagram.push(
        `  ${taskLabel(attempt, index + 1)} :${tag[attempt.outcome]}, j${runIndex}a${index}, ${start}, ${end}`,
      );
    });
  });
  return codeBlock(diagram, 'mermaid');
}
