// Starts one real local cluster per test run; its teardown (or, failing that, process exit)
// stops every process it started, by PID.
import type { Cluster } from '../../cluster/start.ts';

declare global {
  var naisjobTestCluster: Cluster | undefined;
}

// jest loads global setup outside its module mapper, so the cluster's .ts modules are loaded
// by Node itself, by URL (Node 24 strips their types).
async function loadClusterModules(): Promise<{
  start: typeof import('../../cluster/start.ts');
  processes: typeof import('../../cluster/processes.ts');
}> {
  const load = (file: string): Promise<unknown> => import(new URL(`../../cluster/${file}`, import.meta.url).href);
  return {
    start: (await load('start.ts')) as typeof import('../../cluster/start.ts'),
    processes: (await load('processes.ts')) as typeof import('../../cluster/processes.ts'),
  };
}

export default async function globalSetup(): Promise<void> {
  const { start, processes } = await loadClusterModules();
  const cluster = await start.startCluster((line) => {
    process.stderr.write(`${line}\n`);
  });
  globalThis.naisjobTestCluster = cluster;
  process.env.NAISJOB_TEST_CLUSTER = JSON.stringify(cluster);
  process.once('exit', () => {
    processes.killProcessesNow(cluster.processes);
  });
}
