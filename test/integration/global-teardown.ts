import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const cluster = globalThis.naisjobTestCluster;
  if (!cluster) return;
  // Loaded by Node itself, as in global setup.
  const start = (await import(
    new URL('../../cluster/start.ts', import.meta.url).href
  )) as typeof import('../../cluster/start.ts');
  await start.stopCluster(cluster);
  if (!process.env.NAISJOB_KEEP_CLUSTER_DIR) rmSync(cluster.dir, { recursive: true, force: true });
  globalThis.naisjobTestCluster = undefined;
}
