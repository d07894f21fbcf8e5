// Files as real NAIS repositories write them: other documents next to the Naisjob, applied in
// file order as NAIS deploy's server applies them, against the local cluster.
import { describe, expect, it } from '@jest/globals';
import { createClusterGateway, type ClusterGateway } from '../../src/cluster/gateway.ts';
import { deploy, type DeployRequest } from '../../src/deploy/deploy.ts';
import { ValidationError } from '../../src/deploy/render.ts';
import { execute } from '../../src/execute.ts';
import { ManifestError } from '../../src/manifest/errors.ts';
import {
  adminClients,
  executeRequest,
  filesRequest,
  freshNamespace,
  kubeConfigFor,
  naisjobYaml as naisjobFile,
  recordingReporter,
  writeFiles,
} from './cluster.ts';

const request = (cwd: string, overrides: Partial<DeployRequest> = {}): DeployRequest =>
  filesRequest(cwd, overrides, 60_000);

const gateway = (): ClusterGateway => createClusterGateway(kubeConfigFor('admin'));

const secretYaml = (namespace: string, value: string): string => `apiVersion: v1
kind: Secret
metadata:
  name: job-secrets
  namespace: ${namespace}
stringData:
  PASSWORD: ${value}
`;

const naisjobYaml = (namespace: string, name: string, spec = '  image: ghcr.io/navikt/example:1\n'): string =>
  naisjobFile(namespace, name, spec);

/** A gateway that counts calls and answers none, to prove that nothing reached the cluster. */
function unreachableGateway(): ClusterGateway & { calls: string[] } {
  const calls: string[] = [];
  const target = { server: 'https://127.0.0.1:1', calls };
  return new Proxy(target, {
    get(object, property) {
      if (property in object) return object[property as keyof typeof object];
      return () => {
        calls.push(String(property));
        return Promise.reject(new Error(`no call expected: ${String(property)}`));
      };
    },
  }) as unknown as ClusterGateway & { calls: string[] };
}

describe('every document in the files', () => {
  it('applies a Secret and then the Naisjob from one file, and shows the Secret by its key names only', async () => {
    const namespace = await freshNamespace('docs-secret');
    const password = 'hunter2-very-secret-value';
    const cwd = writeFiles({
      'job.yaml': `${secretYaml(namespace, password)}---\n${naisjobYaml(namespace, 'with-secret')}`,
    });
    const reporter = recordingReporter();
    const dry = await deploy(gateway(), request(cwd, { dryRun: true, printPayload: true }), reporter);
    expect(dry.resources).toEqual([
      expect.objectContaining({ kind: 'Secret', name: 'job-secrets', namespace, operation: 'created', dryRun: true }),
    ]);
    expect(dry.resources[0]?.diff?.join('\n')).toContain('PASSWORD: (hidden)');
    const result = await deploy(gateway(), request(cwd), reporter);
    expect(result.resources).toEqual([
      expect.objectContaining({ kind: 'Secret', operation: 'created', dryRun: false }),
    ]);
    expect(result.outcomes.map((o) => [o.name, o.verdict.state])).toEqual([['with-secret', 'synchronised']]);
    expect(reporter.lines.join('\n')).not.toContain(password);
    const secret = await adminClients().core.readNamespacedSecret({ namespace, name: 'job-secrets' });
    expect(Buffer.from(secret.data?.PASSWORD ?? '', 'base64').toString()).toBe(password);
    expect(secret.metadata?.annotations?.['nais.io/deploymentCorrelationID']).toBe(result.correlationId);
    // The order NAIS deploy's server follows: the Secret was written before the Naisjob.
    const index = (text: string): number => reporter.lines.findIndex((line) => line.startsWith(text));
    expect(index(`Secret ${namespace}/job-secrets created.`)).toBeLessThan(
      index(`Naisjob ${namespace}/with-secret created.`),
    );

    // A second deploy replaces the Secret with the live resourceVersion.
    const again = await deploy(gateway(), request(cwd), recordingReporter());
    expect(again.resources).toEqual([expect.objectContaining({ kind: 'Secret', operation: 'replaced' })]);
  });

  it("waits for a batch/v1 Job in the files as for naiserator's Jobs, with its log", async () => {
    const namespace = await freshNamespace('docs-job');
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: ${namespace}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: ghcr.io/navikt/migrate:1
          env:
            - name: LOG_TEXT
              value: migrated
`;
    const cwd = writeFiles({ 'job.yaml': job });
    const reporter = recordingReporter();
    const result = await execute(
      gateway(),
      { ...request(cwd), mode: 'deploy', wait: true, job: executeRequest(cwd).job },
      reporter,
    );
    expect(result.targets).toEqual([{ namespace, name: 'migrate', naisjob: '', startedBy: 'file' }]);
    expect(result.runs.map((r) => r.result)).toEqual(['succeeded']);
    expect(reporter.lines).toContain('| migrated');
  });

  it('says which file, line and kind the cluster does not know, and applies nothing', async () => {
    const namespace = await freshNamespace('docs-unknown');
    const cwd = writeFiles({
      'job.yaml': `${naisjobYaml(namespace, 'first')}---\napiVersion: example.invalid/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: ${namespace}\n`,
    });
    const failure = await deploy(gateway(), request(cwd), recordingReporter()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ManifestError);
    expect((failure as Error).message).toMatch(
      /^job\.yaml:12: the cluster does not know kind 'Gadget' of apiVersion 'example\.invalid\/v1'/,
    );
    const naisjobs = (await adminClients().custom.listNamespacedCustomObject({
      group: 'nais.io',
      version: 'v1',
      namespace,
      plural: 'naisjobs',
    })) as { items: unknown[] };
    expect(naisjobs.items).toEqual([]);
  });

  it('refuses a Naisjob with only a team label, and an Application, before any API call', async () => {
    const cwd = writeFiles({
      'job.yaml': `apiVersion: nais.io/v1\nkind: Naisjob\nmetadata:\n  name: j\n  labels:\n    team: myteam\nspec:\n  image: ghcr.io/navikt/j:1\n---\napiVersion: nais.io/v1alpha1\nkind: Application\nmetadata:\n  name: app\n  namespace: myteam\n`,
    });
    const unreachable = unreachableGateway();
    const failure = await deploy(unreachable, request(cwd), recordingReporter()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).findings.map((f) => [f.line, f.field])).toEqual([
      [3, 'metadata.namespace'],
      [11, 'kind'],
    ]);
    expect((failure as ValidationError).findings[0]?.message).toContain('Write metadata.namespace: myteam.');
    expect(unreachable.calls).toEqual([]);
  });
});
