// The step summary: what was deployed where, naiserator's verdict, and how the Jobs ran. Pure, returns Markdown.
import type { DeployResult, NaisjobOutcome } from '../deploy/deploy.ts';
import type { ExecuteResult } from '../execute.ts';
import type { JobRun } from '../job/wait-for-jobs.ts';
import { attemptsChart } from './attempts-chart.ts';
import { codeBlock, codeSpan, htmlText, markdownText, tableCell } from './markdown.ts';

const verdictLabel: Record<string, string> = {
  synchronised: '✅ synchronised',
  unchanged: '⏸️ unchanged (naiserator skips it)',
  failed: '❌ failed',
  redeployed: '⚠️ deployed again by someone else',
  'timed-out': '⌛ timed out',
  cancelled: '🛑 cancelled',
  'dry-run': '🔍 dry run',
};

// Names, files, messages, events and logs all come from the repository or the cluster: see markdown.ts.
const code = tableCell;

function verdictCell(outcome: NaisjobOutcome): string {
  const label = verdictLabel[outcome.verdict.state] ?? outcome.verdict.state;
  return 'reason' in outcome.verdict ? `${label} (${markdownText(outcome.verdict.reason, 200)})` : label;
}

export function deploySummary(result: DeployResult, server: string): string {
  const lines = [
    `## 🚀 naisjob-deploy${result.dryRun ? ' (dry run)' : ''}`,
    '',
    `Cluster ${codeSpan(server)}, correlation ID ${codeSpan(result.correlationId)}.`,
    '',
    '| Naisjob | Namespace | File | Result | CronJob | Job |',
    '| --- | --- | --- | --- | --- | --- |',
    ...result.outcomes.map(
      (o) =>
        `| ${code(o.name)} | ${code(o.namespace)} | ${code(o.file)} | ${verdictCell(o)} | ${code(o.cronJob)} | ${code(o.job)} |`,
    ),
    '',
  ];
  if (result.resources.length > 0) {
    lines.push('| Other resource | Namespace | File | Result |', '| --- | --- | --- | --- |');
    for (const r of result.resources) {
      const done = r.dryRun ? `🔍 would be ${r.operation}` : r.operation;
      lines.push(`| ${code(`${r.kind} ${r.name}`)} | ${code(r.namespace || undefined)} | ${code(r.file)} | ${done} |`);
    }
    lines.push('');
  }
  for (const outcome of result.outcomes) {
    if (outcome.schedule) {
      lines.push(`**${markdownText(outcome.name)}**`, '', ...outcome.schedule.lines, '');
      for (const warning of outcome.schedule.warnings) lines.push(`> ⚠️ ${warning}`, '');
    }
    if (outcome.cronJobProblem)
      lines.push(`> ⚠️ **${markdownText(outcome.name)}**: ${markdownText(outcome.cronJobProblem)}`, '');
    if (outcome.verdict.state !== 'synchronised' && outcome.verdict.state !== 'dry-run') {
      lines.push(`**${markdownText(outcome.name)}**: ${markdownText(outcome.verdict.message)}`, '');
    }
    if (outcome.diff) {
      lines.push(
        `<details><summary>${htmlText(outcome.name)}: ${outcome.diff.length ? 'changes against the live object' : 'no changes'}</summary>`,
        '',
        ...codeBlock(outcome.diff, 'diff'),
        '</details>',
        '',
      );
    }
  }
  return lines.join('\n');
}

const resultLabel: Record<JobRun['result'], string> = {
  succeeded: '✅ succeeded',
  failed: '❌ failed',
  'timed-out': '⌛ timed out',
  cancelled: '🛑 cancelled',
};

const clock = (at: Date): string => at.toISOString().slice(11, 19);

export function jobsSummary(runs: readonly JobRun[], now: Date = new Date()): string {
  if (runs.length === 0) return '';
  const lines = [
    '### Jobs',
    '',
    '| Job | Naisjob | Result | Exit code | Reason | Duration |',
    '| --- | --- | --- | --- | --- | --- |',
    ...runs.map(
      (r) =>
        `| ${code(r.target.name)} | ${code(r.target.naisjob || undefined)} | ${resultLabel[r.result]} | ${r.exitCode ?? '–'} | ${code(r.reason)} | ${r.durationSeconds !== undefined ? `${r.durationSeconds}s` : '–'} |`,
    ),
    '',
  ];
  const chart = attemptsChart(runs, now);
  if (chart.length > 0) lines.push(...chart, '');
  for (const run of runs) {
    lines.push(`**${markdownText(run.target.name)}**: ${markdownText(run.headline)}`, '');
    if (run.timeline.length > 0) {
      lines.push('| Time (UTC) | What happened |', '| --- | --- |');
      for (const moment of run.timeline) lines.push(`| ${clock(moment.at)} | ${markdownText(moment.text, 500)} |`);
      lines.push('');
    }
    if (run.logTail.length > 0) {
      lines.push(
        `<details><summary>${htmlText(run.target.name)}: the last ${run.logTail.length} lines of the log</summary>`,
        '',
        ...codeBlock(run.logTail),
        '</details>',
        '',
      );
    }
  }
  return lines.join('\n');
}

export function actionSummary(result: ExecuteResult, server: string): string {
  const parts = [
    result.deploy
      ? deploySummary(result.deploy, server)
      : `## ▶️ naisjob-deploy: run\n\nCluster ${codeSpan(server)}.\n`,
  ];
  parts.push(jobsSummary(result.runs));
  return parts.filter((p) => p !== '').join('\n');
}
