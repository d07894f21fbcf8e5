// The deploy half of the action against the real local cluster and naiserator stand-in.
import { describe, expect, it } from '@jest/globals';
import { createClusterGateway } from '../../src/cluster/gateway.ts';
import { loadKubeConfig } from '../../src/cluster/kubeconfig.ts';
import { deploy, type DeployRequest } from '../../src/deploy/deploy.ts';
import {
  adminClients,
  eventually,
  executeRequest,
  freshNamespace,
  naisjobYaml as naisjobFile,
  recordingReporter,
  testCluster,
  writeFiles,
} from './cluster.ts';
import { readFileSync } from 'node:fs';

function request(cwd: string, overrides: Partial<DeployRequest> = {}): DeployRequest {
  return executeRequest(cwd, { resources: ['*.yaml'], deadline: Date.now() + 60_000, ...overrides });
}

const kubeconfig = (context: 'admin' | 'team'): ReturnType<typeof loadKubeConfig> =>
  loadKubeConfig({ kubeconfig: readFileSync(testCluster().kubeconfigPath, 'utf8'), context });

const naisjobYaml = (namespace: string, name: string, extra = ''): string =>
  naisjobFile(namespace, name, `  image: {{ image }}\n${extra}`);

describe('deploy', () => {
  it('applies an unscheduled Naisjob with NAIS deploy annotations and reports naiserator synchronised it', async () => {
    const namespace = await freshNamespace('deploy-ok');
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'hello') });
    const result = await deploy(
      createClusterGateway(kubeconfig('admin')),
      request(cwd, { image: 'ghcr.io/navikt/hello:1' }),
      recordingReporter(),
    );
    expect(result.outcomes).toHaveLength(1);
    const outcome = result.outcomes[0];
    expect(outcome?.verdict.state).toBe('synchronised');
    expect(outcome?.cronJob).toBe('hello');
    expect(outcome?.job).toMatch(/^hello-\d+$/);
    const live = (await adminClients().custom.getNamespacedCustomObject({
      group: 'nais.io',
      version: 'v1',
      namespace,
      plural: 'naisjobs',
      name: 'hello',
    })) as { metadata: { annotations: Record<string, string> }; spec: { image: string } };
    expect(live.spec.image).toBe('ghcr.io/navikt/hello:1');
    expect(live.metadata.annotations).toMatchObject({
      'nais.io/deploymentCorrelationID': result.correlationId,
      'deploy.nais.io/github-actor': 'octocat',
      'deploy.nais.io/github-sha': 'abc123',
      'deploy.nais.io/github-workflow-run-url': 'https://github.com/navikt/x/actions/runs/42',
      'kubernetes.io/change-cause': 'nais deploy: commit abc123: https://github.com/navikt/x/actions/runs/42',
    });
  });

  it('recognises an unchanged redeploy at once', async () => {
    const namespace = await freshNamespace('deploy-same');
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'same') });
    const gateway = createClusterGateway(kubeconfig('admin'));
    const first = await deploy(gateway, request(cwd, { image: 'ghcr.io/navikt/same:1' }), recordingReporter());
    expect(first.outcomes[0]?.verdict.state).toBe('synchronised');
    // Were it not recognised, no event would come and the verdict would be 'timed-out'.
    const second = await deploy(gateway, request(cwd, { image: 'ghcr.io/navikt/same:1' }), recordingReporter());
    expect(second.outcomes[0]?.verdict.state).toBe('unchanged');
  });

  it('says at once that a deploy was superseded by the next one, naming its ID; the next one succeeds', async () => {
    const namespace = await freshNamespace('deploy-twice');
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'twice') });
    const gateway = createClusterGateway(kubeconfig('admin'));
    // The second deploy starts as soon as naiserator has synchronised the first and written its
    // status: the stand-in then leaves the Naisjob alone until its rollout check a second later,
    // so the second apply neither conflicts with naiserator's writes nor comes after the first
    // deploy completed.
    const synchronised = async (): Promise<void> => {
      for (let i = 0; i < 1500; i += 1) {
        const live = await gateway.readNaisjob({ namespace, name: 'twice' });
        if (live?.status?.synchronizationState === 'Synchronized') return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const reporter = recordingReporter();
    const finished: string[] = [];
    const first = deploy(gateway, request(cwd, { image: 'ghcr.io/navikt/twice:1' }), reporter).then((result) => {
      finished.push('first');
      return result;
    });
    await Promise.race([synchronised(), first]);
    const second = deploy(gateway, request(cwd, { image: 'ghcr.io/navikt/twice:2' }), recordingReporter()).then(
      (result) => {
        finished.push('second');
        return result;
      },
    );
    const [one, two] = await Promise.all([first, second]);
    expect(two.outcomes[0]?.verdict.state).toBe('synchronised');
    expect(one.outcomes[0]?.verdict.state).toBe('redeployed');
    expect(one.outcomes[0]?.verdict.message).toContain(`'${two.correlationId}'`);
    expect(one.outcomes[0]?.verdict.message).toMatch(/superseded/);
    // At once: not after the time-out, and before the second deploy had its verdict.
    expect(finished).toEqual(['first', 'second']);
  });

  it("fails with naiserator's message when naiserator rejects the Naisjob", async () => {
    const namespace = await freshNamespace('deploy-rejected');
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'rejected', '  backoffLimit: -1\n') });
    const result = await deploy(
      createClusterGateway(kubeconfig('admin')),
      request(cwd, { image: 'ghcr.io/navikt/x:1' }),
      recordingReporter(),
    );
    expect(result.outcomes[0]?.verdict).toMatchObject({ state: 'failed', reason: 'FailedSynchronization' });
    expect(result.outcomes[0]?.verdict.message).toMatch(/backoffLimit/);
  });

  it('catches an unknown field in the server dry run, with its line, and applies nothing', async () => {
    const namespace = await freshNamespace('deploy-unknown');
    const cwd = writeFiles({
      'a.yaml': naisjobYaml(namespace, 'first'),
      'b.yaml': naisjobYaml(namespace, 'second', '  backofLimit: 3\n'),
    });
    const reporter = recordingReporter();
    await expect(
      deploy(createClusterGateway(kubeconfig('admin')), request(cwd, { image: 'ghcr.io/navikt/x:1' }), reporter),
    ).rejects.toThrow(/b\.yaml:10: unknown field 'spec\.backofLimit'[\s\S]*Nothing was applied/);
    const list = (await adminClients().custom.listNamespacedCustomObject({
      group: 'nais.io',
      version: 'v1',
      namespace,
      plural: 'naisjobs',
    })) as { items: unknown[] };
    expect(list.items).toHaveLength(0);
  });

  it('explains a forbidden namespace for the team identity, naming verb, resource and namespace', async () => {
    const cwd = writeFiles({
      'job.yaml': naisjobYaml('default', 'elsewhere').replace('team: default', 'team: default'),
    });
    await expect(
      deploy(
        createClusterGateway(kubeconfig('team')),
        request(cwd, { image: 'ghcr.io/navikt/x:1' }),
        recordingReporter(),
      ),
    ).rejects.toThrow(/Forbidden: team-a-deployer may not list events in namespace 'default'/);
  });

  it('dry-runs against the live object, shows the diff and changes nothing', async () => {
    const namespace = await freshNamespace('deploy-dry');
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'dry') });
    const gateway = createClusterGateway(kubeconfig('admin'));
    await deploy(gateway, request(cwd, { image: 'ghcr.io/navikt/dry:1' }), recordingReporter());
    // naiserator writes the RolloutComplete status after its event (monitoring.go), so after the deploy.
    const settled = await eventually(
      () => gateway.readNaisjob({ namespace, name: 'dry' }),
      (live) =>
        (live?.status as { synchronizationState?: string } | undefined)?.synchronizationState === 'RolloutComplete',
    );
    const before = settled?.metadata?.resourceVersion;
    const result = await deploy(
      gateway,
      request(cwd, { image: 'ghcr.io/navikt/dry:2', dryRun: true }),
      recordingReporter(),
    );
    expect(result.outcomes[0]?.verdict.state).toBe('dry-run');
    expect(result.outcomes[0]?.diff).toEqual(
      expect.arrayContaining(['-   image: ghcr.io/navikt/dry:1', '+   image: ghcr.io/navikt/dry:2']),
    );
    expect((await gateway.readNaisjob({ namespace, name: 'dry' }))?.metadata?.resourceVersion).toBe(before);
  });
});
