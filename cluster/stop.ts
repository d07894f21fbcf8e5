// Stops the cluster that `npm run cluster:up` started, by the PIDs it recorded.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { currentClusterFile, stopCluster, type Cluster } from './start.ts';

if (!existsSync(currentClusterFile)) {
  console.log('No local cluster was started with npm run cluster:up.');
} else {
  const cluster = JSON.parse(readFileSync(currentClusterFile, 'utf8')) as Cluster;
  await stopCluster(cluster);
  rmSync(cluster.dir, { recursive: true, force: true });
  rmSync(currentClusterFile);
  console.log(`Stopped ${cluster.processes.length} processes and removed ${cluster.dir}.`);
}
