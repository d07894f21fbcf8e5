// The main job on a fresh machine: start the local cluster, run the bundled action (dist/index.js)
// against it as a workflow step would, show its log, outputs and summary, and stop the cluster.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startCluster, stopCluster } from '../cluster/start.ts';
import { actionEntry, actionStep, kubeconfigFor } from './action-step.ts';

const root = path.resolve(import.meta.dirname, '..');
const cluster = await startCluster();
let status: number;
// The team identity, as a NAIS team's deploy key would be.
const step = actionStep({
  resource: 'examples/hello-naisjob.yaml',
  image: 'ghcr.io/navikt/hello-naisjob:1.0.0',
  var: 'greeting=hello from the demo',
  kubeconfig: kubeconfigFor(cluster.kubeconfigPath, 'team'),
  timeout: '2m',
});
try {
  const run = spawnSync(process.execPath, [actionEntry], { cwd: root, stdio: 'inherit', env: step.env });
  status = run.status ?? 1;
  console.log('\n--- outputs ---');
  for (const [name, value] of Object.entries(step.outputs())) console.log(`${name} = ${value}`);
  console.log('\n--- step summary ---');
  console.log(step.summary());
} finally {
  step.dispose();
  await stopCluster(cluster);
  rmSync(cluster.dir, { recursive: true, force: true });
}
console.log(status === 0 ? 'Demo deploy succeeded.' : `Demo deploy failed (exit ${status}).`);
process.exit(status);
