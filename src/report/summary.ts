// The step summary: what was deployed where, naiserator's verdict, and how the Jobs ran. Pure, returns Markdown.
import type { DeployResult, NaisjobOutcome } from '../deploy/deploy.ts';
import type { ExecuteResult } from '../execute.ts';
import type { JobRun } from '../job/wait-for-jobs.ts';

const verdictLabel: Record<string, string> = {
  synchronised: '✅ synchronised',
  unchanged: '⏸️ unchanged (naiserator skips it)',
  failed: '❌ failed',
  redeployed: '⚠️ deployed again by someone else',
  'timed-out': '⌛ timed out',
  cancelled: '🛑 cancelled',
  'dry-run': '🔍 dry run',
};

const code = (text: string | undefined): string => (text ? `\`${text}\`` : '–');
const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function verdictCell(outcome: NaisjobOutcome): string {
  const label = verdictLabel[outcome.verdict.state] ?? outcome.verdict.state;
  return 'reason' in outcome.verdict ? `${label} (${outcome.verdict.reason})` : label;
}

export function deploySummary(result: DeployResult, server: string): string {
  const lines = [
    `## 🚀 naisjob-deploy${result.dryRun ? ' (dry run)' : ''}`,
    '',
    `Cluster \`${server}\`, correlation ID \`${result.correlationId}\`.`,
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
      lines.push(`**${outcome.name}**`, '', ...outcome.schedule.lines, '');
      for (const warning of outcome.schedule.warnings) lines.push(`> ⚠️ ${warning}`, '');
    }
    if (outcome.cronJobProblem) lines.push(`> ⚠️ **${outcome.name}**: ${escapeCell(outcome.cronJobProblem)}`, '');
    if (outcome.verdict.state !== 'synchronised' && outcome.verdict.state !== 'dry-run') {
      lines.push(`**${outcome.name}**: ${escapeCell(outcome.verdict.message)}`, '');
    }
    if (outcome.diff) {
      lines.push(
        `<details><summary>${outcome.name}: ${outcome.diff.length ? 'changes against the live object' : 'no changes'}</summary>`,
        '',
        '```diff',
        ...outcome.diff,
        '```',
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

export function jobsSummary(runs: readonly JobRun[]): string {
  if (runs.length === 0) return '';
  const lines = [
    '### Jobs',
    '',
    '| Job | Naisjob | Result | Exit code | Reason | Duration |',
    '| --- | --- | --- | --- | --- | --- |',
    ...runs.map(
      (r) =>
        `| ${code(r.target.name)} | ${code(r.target.naisjob || undefined)} | ${resultLabel[r.result]} | ${r.exitCode ?? '–'} | ${r.reason ?? '–'} | ${r.durationSeconds !== undefined ? `${r.durationSeconds}s` : '–'} |`,
    ),
    '',
  ];
  for (const run of runs) {
    lines.push(`**${run.target.name}**: ${escapeCell(run.headline)}`, '');
    if (run.timeline.length > 0) {
      lines.push('| Time (UTC) | What happened |', '| --- | --- |');
      for (const moment of run.timeline) lines.push(`| ${clock(moment.at)} | ${escapeCell(moment.text)} |`);
      lines.push('');
    }
    if (run.logTail.length > 0) {
      // A fence longer than any backtick run in the log, so the log cannot end it.
      const longest = run.logTail.reduce(
        (most, line) => (line.match(/`+/g) ?? []).reduce((inLine, ticks) => Math.max(inLine, ticks.length), most),
        2,
      );
      const fence = '`'.repeat(longest + 1);
      lines.push(
        `<details><summary>${run.target.name}: the last ${run.logTail.length} lines of the log</summary>`,
        '',
        fence,
        ...run.logTail,
        fence,
        '</details>',
        '',
      );
    }
  }
  return lines.join('\n');
}

export function actionSummary(result: ExecuteResult, server: string): string {
  const parts = [
    result.deploy ? deploySummary(result.deploy, server) : `## ▶️ naisjob-deploy: run\n\nCluster \`${server}\`.\n`,
  ];
  parts.push(jobsSummary(result.runs));
  return parts.filter((p) => p !== '').join('\n');
}
