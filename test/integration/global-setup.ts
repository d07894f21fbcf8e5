// Starts one real local cluster per test run; its teardown (or, failing that, process exit)
// stops every process it started, by PID.
import { killProcessesNow } from '../../cluster/processes.ts';
import { startCluster, type Cluster } from '../../cluster/start.ts';

declare global {
  var naisjobTestCluster: Cluster | undefined;
}

export default async function globalSetup(): Promise<void> {
  const cluster = await startCluster((line) => {
    process.stderr.write(`${line}\n`);
  });
  globalThis.naisjobTestCluster = cluster;
  process.env.NAISJOB_TEST_CLUSTER = JSON.stringify(cluster);
  process.once('exit', () => {
    killProcessesNow(cluster.processes);
  });
}
