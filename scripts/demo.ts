// The main job on a fresh machine: start the local cluster, run the bundled action (dist/index.js)
// against it as a workflow step would, show its log, outputs and summary, and stop the cluster.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCluster, stopCluster } from '../cluster/start.ts';

const root = path.resolve(import.meta.dirname, '..');
const cluster = await startCluster();
const work = mkdtempSync(path.join(tmpdir(), 'naisjob-demo-'));
let status: number;
try {
  const outputFile = path.join(work, 'output');
  const summaryFile = path.join(work, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  // The team identity, as a NAIS team's deploy key would be.
  const kubeconfig = readFileSync(cluster.kubeconfigPath, 'utf8').replace(
    'current-context: admin',
    'current-context: team',
  );
  const step = spawnSync(process.execPath, [path.join(root, 'dist', 'index.js')], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      INPUT_RESOURCE: 'examples/hello-naisjob.yaml',
      INPUT_IMAGE: 'ghcr.io/navikt/hello-naisjob:1.0.0',
      INPUT_VAR: 'greeting=hello from the demo',
      INPUT_KUBECONFIG: kubeconfig,
      INPUT_TIMEOUT: '2m',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_ACTOR: 'demo',
      GITHUB_SHA: '0000000000000000000000000000000000000000',
    },
  });
  status = step.status ?? 1;
  console.log('\n--- outputs ---');
  console.log(
    readFileSync(outputFile, 'utf8')
      .replace(/<<ghadelimiter_[\w-]+\n/g, '= ')
      .replace(/\nghadelimiter_[\w-]+/g, ''),
  );
  console.log('--- step summary ---');
  console.log(readFileSync(summaryFile, 'utf8'));
} finally {
  await stopCluster(cluster);
  rmSync(cluster.dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
console.log(status === 0 ? 'Demo deploy succeeded.' : `Demo deploy failed (exit ${status}).`);
process.exit(status);
