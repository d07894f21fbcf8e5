// The faults, each injected while one full deploy-and-wait runs. `toxic` scenarios disturb only
// the action's own connection (through toxiproxy) and may run on a shared cluster; the others
// restart or pause the cluster's components, or change its API Priority and Fairness, and need a
// cluster of their own.
import type { Cluster } from '../../cluster/start.ts';
import { teamNamespace, teamUser } from '../../cluster/rbac.ts';
import { flood, limitUser } from './apf.ts';
import { pause, restart } from './components.ts';
import type { Toxic, Toxiproxy } from './toxiproxy.ts';

export interface FaultContext {
  cluster: Cluster;
  toxiproxy: Toxiproxy;
}

export interface Scenario {
  name: string;
  /** What is done, for the table. */
  fault: string;
  kind: 'toxic' | 'component';
  /** The identity the step uses; the APF scenario needs one that APF does not exempt. */
  context?: 'admin' | 'team';
  /** A larger log, for the bandwidth limit. */
  logLines?: number;
  logLineBytes?: number;
  /** Starts the fault as the step starts; resolves to what ends it (and a note for the table). */
  inject: (context: FaultContext) => Promise<() => Promise<string>>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function withToxic(toxic: Toxic): Scenario['inject'] {
  return async ({ toxiproxy }) => {
    await toxiproxy.add(toxic);
    return async () => {
      await toxiproxy.reset();
      return '';
    };
  };
}

/** Runs `fault` after `afterMs`, in the background; the end waits for it. */
function later(afterMs: number, fault: () => Promise<string>): () => Promise<string> {
  const done = sleep(afterMs).then(fault);
  return () => done;
}

function replaceProcess(cluster: Cluster, name: string): (next: Cluster['processes'][number]) => void {
  return (next) => {
    const index = cluster.processes.findIndex((p) => p.name === name);
    cluster.processes[index] = next;
  };
}

function processNamed(cluster: Cluster, name: string): Cluster['processes'][number] {
  const found = cluster.processes.find((p) => p.name === name);
  if (!found) throw new Error(`The cluster has no process ${name}`);
  return found;
}

export const baseline: Scenario = {
  name: 'none',
  fault: 'no fault, through toxiproxy (the reference for the extra seconds)',
  kind: 'toxic',
  inject: () => Promise.resolve(() => Promise.resolve('')),
};

export const toxicScenarios: Scenario[] = [
  {
    name: 'reset_peer',
    fault: 'reset_peer: 30% of connections reset (TCP RST) 1.5 s after they open',
    kind: 'toxic',
    inject: withToxic({
      name: 'reset',
      type: 'reset_peer',
      stream: 'downstream',
      toxicity: 0.3,
      attributes: { timeout: 1500 },
    }),
  },
  {
    name: 'latency',
    fault: 'latency: 2 s added to every answer',
    kind: 'toxic',
    inject: withToxic({
      name: 'latency',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 2000, jitter: 0 },
    }),
  },
  {
    name: 'timeout',
    fault: 'timeout: 20% of connections stop passing data and close after 2 s',
    kind: 'toxic',
    inject: withToxic({
      name: 'timeout',
      type: 'timeout',
      stream: 'downstream',
      toxicity: 0.2,
      attributes: { timeout: 2000 },
    }),
  },
  {
    name: 'slow_close',
    fault: 'slow_close: every connection closes 2 s late',
    kind: 'toxic',
    inject: withToxic({
      name: 'slow',
      type: 'slow_close',
      stream: 'downstream',
      toxicity: 1,
      attributes: { delay: 2000 },
    }),
  },
  {
    name: 'bandwidth',
    fault: 'bandwidth: 32 KB/s while a 600 kB log is followed (the log alone needs 19 s at that rate)',
    kind: 'toxic',
    logLines: 3000,
    logLineBytes: 200,
    inject: withToxic({
      name: 'bandwidth',
      type: 'bandwidth',
      stream: 'downstream',
      toxicity: 1,
      attributes: { rate: 32 },
    }),
  },
];

export const componentScenarios: Scenario[] = [
  {
    name: 'apiserver-restart',
    fault: 'kube-apiserver stopped 4 s into the wait and started again',
    kind: 'component',
    inject: ({ cluster }) =>
      Promise.resolve(
        later(4000, async () => {
          replaceProcess(cluster, 'kube-apiserver')(await restart(processNamed(cluster, 'kube-apiserver')));
          return '';
        }),
      ),
  },
  {
    name: 'etcd-pause',
    fault: 'etcd paused (SIGSTOP) for 20 s, 4 s into the wait',
    kind: 'component',
    inject: ({ cluster }) =>
      Promise.resolve(
        later(4000, async () => {
          await pause(processNamed(cluster, 'etcd'), 20_000);
          return '';
        }),
      ),
  },
  {
    name: 'controller-manager-restart',
    fault: 'kube-controller-manager stopped 3 s into the wait and started again',
    kind: 'component',
    inject: ({ cluster }) =>
      Promise.resolve(
        later(3000, async () => {
          const name = 'kube-controller-manager';
          replaceProcess(cluster, name)(await restart(processNamed(cluster, name)));
          return '';
        }),
      ),
  },
  {
    name: 'apf-429',
    fault: `API Priority and Fairness: ${teamUser} gets a priority level of one share that rejects, and 8 parallel lists of its own beside the step`,
    kind: 'component',
    context: 'team',
    inject: async ({ cluster }) => {
      const undo = await limitUser(cluster.kubeconfigPath, teamUser);
      // The API server picks up new flow schemas within a second or so.
      await sleep(2000);
      const load = flood(cluster.kubeconfigPath, teamNamespace, 8, 90_000, 200_000);
      return async () => {
        const counted = await load.stop();
        await undo();
        return `the flood got ${counted.rejected} 429s in ${counted.requests} requests`;
      };
    },
  },
];
