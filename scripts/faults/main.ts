// `npm run faults`: on a cluster of its own, one full deploy-and-wait per fault, and a table of
// verdicts, log lines lost or repeated, and the time each fault cost. FAULTS_ONLY=a,b picks scenarios.
import { appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { teamNamespace } from '../../cluster/rbac.ts';
import { startCluster, stopCluster } from '../../cluster/start.ts';
import { killProcessesNow } from '../../cluster/processes.ts';
import { deployAndWait, makeNamespace, type Outcome } from './deploy-and-wait.ts';
import { baseline, componentScenarios, toxicScenarios, type Scenario } from './scenarios.ts';
import { startToxiproxy } from './toxiproxy.ts';
import { setDebugSink } from '../../src/log-sinks.ts';

export const jobShape = { logLines: 300, runFor: '12s', timeoutMs: 240_000 };

interface Row {
  scenario: Scenario;
  outcome: Outcome;
  note: string;
}

function table(rows: Row[]): string {
  const reference = rows.find((row) => row.scenario.name === 'none')?.outcome.seconds;
  const lines = [
    '| Fault | Verdict | Lines lost | Lines repeated | Seconds | Extra seconds | Retries | Note |',
    '| --- | --- | --: | --: | --: | --: | --: | --- |',
  ];
  for (const { scenario, outcome, note } of rows) {
    const extra = reference === undefined ? '-' : (outcome.seconds - reference).toFixed(1);
    lines.push(
      `| ${scenario.fault} | ${outcome.verdict} | ${outcome.lost} | ${outcome.repeated} | ${outcome.seconds.toFixed(1)} | ${scenario.name === 'none' ? '0' : extra} | ${outcome.retries} | ${note} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  // The step's debug lines (each API call, each retry) go to a file, FAULTS_DEBUG_LOG, or nowhere.
  const debugLog = process.env.FAULTS_DEBUG_LOG;
  setDebugSink((text) => {
    if (debugLog) appendFileSync(debugLog, `${new Date().toISOString()} ${text}\n`);
  });
  const only = process.env.FAULTS_ONLY?.split(',').filter(Boolean);
  const chosen = [baseline, ...toxicScenarios, ...componentScenarios].filter(
    (s) => s.name === 'none' || !only || only.includes(s.name),
  );
  const startedAt = new Date();
  const cluster = await startCluster((line) => {
    console.log(line);
  });
  const toxiproxy = await startToxiproxy(cluster.dir, cluster.ports.apiserver ?? 0);
  const everything = (): typeof cluster.processes => [...cluster.processes, toxiproxy.process];
  const onExit = (): void => {
    killProcessesNow(everything());
  };
  process.once('SIGINT', () => {
    onExit();
    process.exit(130);
  });
  const rows: Row[] = [];
  try {
    for (const scenario of chosen) {
      const team = scenario.context === 'team';
      const slug = scenario.name.replace(/_/g, '-');
      const namespace = team ? teamNamespace : `faults-${slug}-${randomBytes(2).toString('hex')}`;
      if (!team) await makeNamespace(cluster.kubeconfigPath, namespace);
      console.log(`\n${scenario.name}: ${scenario.fault}`);
      const end = await scenario.inject({ cluster, toxiproxy });
      const outcome = await deployAndWait({
        kubeconfigPath: cluster.kubeconfigPath,
        context: scenario.context ?? 'admin',
        server: scenario.kind === 'toxic' ? toxiproxy.server : cluster.server,
        namespace,
        name: `faults-${slug}`.slice(0, 40),
        logLines: scenario.logLines ?? jobShape.logLines,
        logLineBytes: scenario.logLineBytes,
        runFor: jobShape.runFor,
        timeoutMs: jobShape.timeoutMs,
      });
      const note = await end();
      console.log(
        `  ${outcome.verdict}; lost ${outcome.lost}, repeated ${outcome.repeated}; ${outcome.seconds.toFixed(1)} s; ${outcome.retries} retries${note ? `; ${note}` : ''}`,
      );
      if (!outcome.verdict.startsWith('succeeded') || outcome.lost > 0 || outcome.repeated > 0)
        console.log(outcome.last.map((l) => `    ${l}`).join('\n'));
      rows.push({ scenario, outcome, note });
    }
  } finally {
    await toxiproxy.stop();
    await stopCluster(cluster);
  }
  const printed = table(rows);
  console.log(`\n${printed}`);
  const file = path.join(tmpdir(), `naisjob-deploy-faults-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        startedAt,
        seconds: (Date.now() - startedAt.getTime()) / 1000,
        jobShape,
        rows: rows.map((r) => ({ name: r.scenario.name, fault: r.scenario.fault, note: r.note, ...r.outcome })),
      },
      null,
      2,
    ),
  );
  console.log(`\nRaw results: ${file}`);
  const bad = rows.filter((r) => r.outcome.verdict !== 'succeeded' || r.outcome.lost > 0 || r.outcome.repeated > 0);
  if (bad.length > 0) {
    console.log(`Broken promise in: ${bad.map((r) => r.scenario.name).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
