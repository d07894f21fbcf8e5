import { rmSync } from 'node:fs';
import { stopCluster } from '../../cluster/start.ts';

export default async function globalTeardown(): Promise<void> {
  const cluster = globalThis.naisjobTestCluster;
  if (!cluster) return;
  await stopCluster(cluster);
  if (!process.env.NAISJOB_KEEP_CLUSTER_DIR) rmSync(cluster.dir, { recursive: true, force: true });
  globalThis.naisjobTestCluster = undefined;
}
