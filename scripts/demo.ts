// The main job on a fresh machine: start the local cluster, run the bundled action (dist/index.js)
// against it as a workflow step would, show its log, outputs and summary, and stop the cluster.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startCluster, stopCluster } from '../cluster/start.ts';
import { actionEntry, actionStep, kubeconfigFor } from './action-step.ts';

const root = path.resolve(import.meta.dirname, '..');

/** Prints the step's log roughly as a runner shows it: debug lines hidden, commands drawn. */
async function showAsRunner(child: ChildProcessWithoutNullStreams): Promise<number> {
  child.stderr.pipe(process.stderr);
  let stopToken: string | undefined;
  for await (const line of createInterface({ input: child.stdout })) {
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      else console.log(`  ${line}`);
      continue;
    }
    const command = /^::([\w-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (!command) console.log(line);
    else if (command[1] === 'stop-commands') stopToken = command[2];
    else if (command[1] === 'group') console.log(`▼ ${command[2] ?? ''}`);
    else if (command[1] === 'error' || command[1] === 'warning') console.log(`${command[1]}: ${command[2] ?? ''}`);
    // debug, endgroup, add-mask: not shown
  }
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else
      child.on('exit', (code) => {
        resolve(code ?? 1);
      });
  });
}
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
  status = await showAsRunner(spawn(process.execPath, [actionEntry], { cwd: root, env: step.env }));
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
