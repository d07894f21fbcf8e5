// A short subset of `npm run faults`: toxiproxy's toxics on the action's own connection only, so
// no other test is disturbed. Each deploy-and-wait must give the right verdict and every log line
// exactly once. Bounded: two scenarios, a short Job, a deadline each.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deployAndWait, makeNamespace } from '../../scripts/faults/deploy-and-wait.ts';
import { startToxiproxy, type Toxiproxy } from '../../scripts/faults/toxiproxy.ts';
import { testCluster } from './cluster.ts';

describe('transient faults on the action’s connection (toxiproxy)', () => {
  const cluster = testCluster();
  let toxiproxy: Toxiproxy;

  beforeAll(async () => {
    toxiproxy = await startToxiproxy(cluster.dir, cluster.ports.apiserver ?? 0);
  });
  afterAll(async () => {
    await toxiproxy.stop();
  });

  const run = async (slug: string): Promise<Awaited<ReturnType<typeof deployAndWait>>> => {
    const namespace = `faults-${slug}-${Math.random().toString(16).slice(2, 6)}`;
    await makeNamespace(cluster.kubeconfigPath, namespace);
    return deployAndWait({
      kubeconfigPath: cluster.kubeconfigPath,
      context: 'admin',
      server: toxiproxy.server,
      namespace,
      name: `faults-${slug}`,
      logLines: 120,
      runFor: '6s',
      timeoutMs: 90_000,
    });
  };

  it.each([
    ['reset_peer on 30% of connections', 'reset', { type: 'reset_peer', toxicity: 0.3, attributes: { timeout: 1500 } }],
    [
      'a time-out toxic on 20% of connections',
      'timeout',
      { type: 'timeout', toxicity: 0.2, attributes: { timeout: 2000 } },
    ],
  ] as const)(
    '%s: the right verdict, every line exactly once',
    async (_name, slug, toxic) => {
      await toxiproxy.add({ name: slug, stream: 'downstream', ...toxic, attributes: { ...toxic.attributes } });
      try {
        const outcome = await run(slug);
        expect({ verdict: outcome.verdict, lost: outcome.lost, repeated: outcome.repeated }).toEqual({
          verdict: 'succeeded',
          lost: 0,
          repeated: 0,
        });
      } finally {
        await toxiproxy.reset();
      }
    },
    120_000,
  );

  it('a failing Job is still reported as failed under faults, with its whole log', async () => {
    await toxiproxy.add({
      name: 'reset',
      type: 'reset_peer',
      stream: 'downstream',
      toxicity: 0.3,
      attributes: { timeout: 1500 },
    });
    try {
      const namespace = `faults-fail-${Math.random().toString(16).slice(2, 6)}`;
      await makeNamespace(cluster.kubeconfigPath, namespace);
      const outcome = await deployAndWait({
        kubeconfigPath: cluster.kubeconfigPath,
        context: 'admin',
        server: toxiproxy.server,
        namespace,
        name: 'faults-fail',
        logLines: 60,
        runFor: '4s',
        exitCode: 3,
        timeoutMs: 90_000,
      });
      expect({ verdict: outcome.verdict, lost: outcome.lost, repeated: outcome.repeated }).toEqual({
        verdict: 'failed',
        lost: 0,
        repeated: 0,
      });
    } finally {
      await toxiproxy.reset();
    }
  }, 120_000);
});
