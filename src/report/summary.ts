// The step summary: what was deployed where, and naiserator's verdict. Pure, returns Markdown.
import type { DeployResult, NaisjobOutcome } from '../deploy/deploy.ts';

const verdictLabel: Record<string, string> = {
  synchronised: '✅ synchronised',
  unchanged: '⏸️ unchanged (naiserator skips it)',
  failed: '❌ failed',
  redeployed: '⚠️ deployed again by someone else',
  'timed-out': '⌛ timed out',
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
  for (const outcome of result.outcomes) {
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
