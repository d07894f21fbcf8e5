// API Priority and Fairness set up so that one identity, the team's (not system:masters, which
// APF exempts), gets real 429s: a priority level with a tiny share that rejects instead of queuing,
// and a flood of the identity's own requests beside the step, bounded in count and time.
import { CoreV1Api, FlowcontrolApiserverV1Api, KubeConfig } from '@kubernetes/client-node';

const name = 'naisjob-deploy-faults';

function kubeConfigAs(kubeconfigPath: string, context: 'admin' | 'team'): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  kubeConfig.setCurrentContext(context);
  return kubeConfig;
}

/** A priority level of one share that rejects, and a flow schema that sends the user's requests to it. */
export async function limitUser(kubeconfigPath: string, user: string): Promise<() => Promise<void>> {
  const api = kubeConfigAs(kubeconfigPath, 'admin').makeApiClient(FlowcontrolApiserverV1Api);
  await api.createPriorityLevelConfiguration({
    body: {
      metadata: { name },
      spec: {
        type: 'Limited',
        limited: {
          nominalConcurrencyShares: 1,
          lendablePercent: 0,
          borrowingLimitPercent: 0,
          limitResponse: { type: 'Reject' },
        },
      },
    },
  });
  await api.createFlowSchema({
    body: {
      metadata: { name },
      spec: {
        priorityLevelConfiguration: { name },
        matchingPrecedence: 500,
        distinguisherMethod: { type: 'ByUser' },
        rules: [
          {
            subjects: [{ kind: 'User', user: { name: user } }],
            resourceRules: [
              { verbs: ['*'], apiGroups: ['*'], resources: ['*'], namespaces: ['*'], clusterScope: true },
            ],
            nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
          },
        ],
      },
    },
  });
  return async () => {
    await api.deleteFlowSchema({ name }).catch(() => undefined);
    await api.deletePriorityLevelConfiguration({ name }).catch(() => undefined);
  };
}

export interface Flood {
  stop: () => Promise<{ requests: number; rejected: number }>;
}

/** `parallel` loops of pod lists as the team identity until stopped, at most `maxMs` and `maxRequests`. */
export function flood(
  kubeconfigPath: string,
  namespace: string,
  parallel: number,
  maxMs: number,
  maxRequests: number,
): Flood {
  const api = kubeConfigAs(kubeconfigPath, 'team').makeApiClient(CoreV1Api);
  const until = Date.now() + maxMs;
  const counts = { requests: 0, rejected: 0, stopped: false };
  const loop = async (): Promise<void> => {
    while (!counts.stopped && Date.now() < until && counts.requests < maxRequests) {
      counts.requests += 1;
      try {
        await api.listNamespacedPod({ namespace });
      } catch (error) {
        if ((error as { code?: unknown }).code === 429) counts.rejected += 1;
      }
    }
  };
  const loops = Array.from({ length: parallel }, loop);
  return {
    stop: async () => {
      counts.stopped = true;
      await Promise.all(loops);
      return { requests: counts.requests, rejected: counts.rejected };
    },
  };
}
