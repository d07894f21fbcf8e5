// The action against NAIS's rules, on the local cluster: files written as real NAIS repositories
// write them, the unchanged rule after the CRD's schema defaults, the workload's Image, previews
// that leave shared documents alone, naiserator's refusals, and variables as NAIS deploy reads them.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { createClusterGateway, type ClusterGateway } from '../../src/cluster/gateway.ts';
import { deploy } from '../../src/deploy/deploy.ts';
import { execute } from '../../src/execute.ts';
import { parseInlineVariables } from '../../src/settings.ts';
import {
  adminClients,
  eventually,
  filesRequest as request,
  freshNamespace,
  kubeConfigFor,
  naisjobYaml,
  recordingReporter,
  writeFiles,
} from './cluster.ts';

const gateway = (): ClusterGateway => createClusterGateway(kubeConfigFor('admin'));
const { custom, core } = adminClients();

async function readNaisjob(namespace: string, name: string): Promise<{ spec: Record<string, unknown> } | undefined> {
  return (await custom
    .getNamespacedCustomObject({ group: 'nais.io', version: 'v1', plural: 'naisjobs', namespace, name })
    .catch(() => undefined)) as { spec: Record<string, unknown> } | undefined;
}

describe('files as NAIS teams write them', () => {
  it('applies a Kafka Topic next to the Naisjob, in file order', async () => {
    const namespace = await freshNamespace('parity-topic');
    const topic = `apiVersion: kafka.nais.io/v1
kind: Topic
metadata:
  name: events
  namespace: ${namespace}
spec:
  pool: nav-dev
  acl:
    - access: read
      application: reader
      team: ${namespace}
`;
    const cwd = writeFiles({
      'job.yaml': `${topic}---\n${naisjobYaml(namespace, 'reader', '  image: ghcr.io/navikt/reader:1\n')}`,
    });
    const result = await deploy(gateway(), request(cwd), recordingReporter());
    expect(result.resources.map((r) => [r.kind, r.name, r.operation])).toEqual([['Topic', 'events', 'created']]);
    expect(result.outcomes.map((o) => o.verdict.state)).toEqual(['synchronised']);
  });

  it('runs a Naisjob without spec.image from the workload image, and again when only that image changes', async () => {
    const namespace = await freshNamespace('parity-workload');
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'worker', '  backoffLimit: 0\n') });
    const first = await execute(
      gateway(),
      request(cwd, { workloadImage: 'ghcr.io/navikt/worker:1' }),
      recordingReporter(),
    );
    expect(first.deploy?.resources.map((r) => [r.kind, r.name, r.namespace])).toEqual([['Image', 'worker', namespace]]);
    expect(first.runs.map((r) => r.result)).toEqual(['succeeded']);
    const image = (await custom.getNamespacedCustomObject({
      group: 'nais.io',
      version: 'v1',
      plural: 'images',
      namespace,
      name: 'worker',
    })) as {
      spec: { image: string };
    };
    expect(image.spec.image).toBe('ghcr.io/navikt/worker:1');

    const again = await execute(
      gateway(),
      request(cwd, { workloadImage: 'ghcr.io/navikt/worker:2' }),
      recordingReporter(),
    );
    expect(again.deploy?.outcomes.map((o) => o.verdict.state)).toEqual(['synchronised']);
    expect(again.runs.map((r) => [r.result, r.target.name === first.runs[0]?.target.name])).toEqual([
      ['succeeded', false],
    ]);
    const job = await adminClients().batch.readNamespacedJob({ namespace, name: again.runs[0]?.target.name ?? '' });
    expect(job.spec?.template.spec?.containers[0]?.image).toBe('ghcr.io/navikt/worker:2');

    // The same workload image once more: naiserator's hash and effective image are the same, so it is skipped.
    const same = await execute(
      gateway(),
      request(cwd, { workloadImage: 'ghcr.io/navikt/worker:2' }),
      recordingReporter(),
    );
    expect(same.deploy?.outcomes.map((o) => o.verdict.state)).toEqual(['unchanged']);
  });

  it('previews only the Naisjob, with the workload image as its own spec.image, leaving the shared Secret and Image alone', async () => {
    const namespace = await freshNamespace('parity-preview');
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: shared\n  namespace: ${namespace}\nstringData:\n  KEY: production-value\n`;
    const cwd = writeFiles({
      'job.yaml': `${secret}---\n${naisjobYaml(namespace, 'nightly', '  schedule: "0 3 * * *"\n')}`,
    });
    // The real deploy, then a preview of a pull request's image.
    await deploy(gateway(), request(cwd, { workloadImage: 'ghcr.io/navikt/nightly:main' }), recordingReporter());
    const reporter = recordingReporter();
    const preview = await execute(
      gateway(),
      request(cwd, {
        mode: 'preview',
        workloadImage: 'ghcr.io/navikt/nightly:pr-7',
        preview: { pullRequest: 7, repository: 'navikt/x', sha: 'abc', runId: 99, ttl: '1h' },
      }),
      reporter,
    );
    expect(preview.deploy?.resources).toEqual([]);
    expect(
      reporter.lines.some(
        (line) =>
          line.startsWith('A preview deploys only the Naisjobs; left out, and not touched: ') &&
          line.includes('Secret'),
      ),
    ).toBe(true);
    const previewJob = await readNaisjob(namespace, 'nightly-pr-7');
    expect(previewJob?.spec.image).toBe('ghcr.io/navikt/nightly:pr-7');
    const image = (await custom.getNamespacedCustomObject({
      group: 'nais.io',
      version: 'v1',
      plural: 'images',
      namespace,
      name: 'nightly',
    })) as {
      spec: { image: string };
    };
    expect(image.spec.image).toBe('ghcr.io/navikt/nightly:main');
    const shared = await core.readNamespacedSecret({ namespace, name: 'shared' });
    expect(shared.metadata?.annotations?.['naisjob-deploy.nais.io/preview-of']).toBeUndefined();
  });
});

describe('the unchanged rule, after the CRD schema defaults and liberator defaults', () => {
  it('skips the second deploy of a file with logging destinations and no enabled, and of one with backoffLimit 6 written out', async () => {
    const namespace = await freshNamespace('parity-unchanged', { 'test.naiserator/logging-destinations': 'loki' });
    const spec =
      '  image: ghcr.io/navikt/logs:1\n  observability:\n    logging:\n      destinations:\n        - id: loki\n';
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'logs', spec) });
    const first = await deploy(gateway(), request(cwd), recordingReporter());
    expect(first.outcomes.map((o) => o.verdict.state)).toEqual(['synchronised']);
    // The monitor writes RolloutComplete after its event (naiserator monitoring.go).
    await eventually(
      () => readNaisjob(namespace, 'logs') as Promise<{ status?: { synchronizationState?: string } } | undefined>,
      (live) => live?.status?.synchronizationState === 'RolloutComplete',
      30_000,
    );
    const reporter = recordingReporter();
    const second = await deploy(gateway(), request(cwd), reporter);
    // 'unchanged' is decided before any wait; a wait would end in 'synchronised' or 'timed-out'.
    expect(second.outcomes.map((o) => o.verdict.state)).toEqual(['unchanged']);
    expect(reporter.lines.filter((line) => line.startsWith('  logs: '))).toEqual([]);
    writeFileSync(path.join(cwd, 'job.yaml'), naisjobYaml(namespace, 'logs', `${spec}  backoffLimit: 6\n`));
    const third = await deploy(gateway(), request(cwd), recordingReporter());
    expect(third.outcomes.map((o) => o.verdict.state)).toEqual(['unchanged']);
  });

  it('fails at once with the stored message when the same spec ended in FailedSynchronization', async () => {
    const namespace = await freshNamespace('parity-failed');
    const labels = '    test.naiserator/fail: synchronization\n';
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'doomed', '  image: ghcr.io/navikt/d:1\n', labels) });
    const first = await deploy(gateway(), request(cwd), recordingReporter());
    expect(first.outcomes[0]?.verdict).toMatchObject({ state: 'failed', reason: 'FailedSynchronization' });
    const second = await deploy(gateway(), request(cwd), recordingReporter());
    expect(second.outcomes[0]?.verdict).toMatchObject({ state: 'failed', reason: 'FailedSynchronization' });
    expect(second.outcomes[0]?.verdict.message).toMatch(/never retries that spec: .*failed on purpose/);
  });
});

// A wait would end at the request's deadline as 'timed-out'; 'failed' with the message is the event's verdict.
describe("naiserator's refusals, reported at once with naiserator's message", () => {
  it.each<[string, string, string, RegExp]>([
    [
      'gcp without CNRM',
      '  gcp:\n    buckets:\n      - name: b\n',
      'FailedGenerate',
      /this cluster cannot create GCP resources/,
    ],
    [
      'both kinds of preStopHook',
      '  preStopHook:\n    exec:\n      command: [stop]\n    http:\n      path: /stop\n',
      'FailedGenerate',
      /give either exec or http, not both/,
    ],
    [
      'a Postgres cluster that is not there',
      '  postgres:\n    clusterName: pg\n',
      'FailedPrepare',
      /failed to get postgres cluster/,
    ],
  ])('%s', async (_name, spec, reason, message) => {
    const namespace = await freshNamespace('parity-refusal');
    const cwd = writeFiles({ 'job.yaml': naisjobYaml(namespace, 'refused', `  image: ghcr.io/navikt/r:1\n${spec}`) });
    const result = await deploy(gateway(), request(cwd), recordingReporter());
    expect(result.outcomes[0]?.verdict).toMatchObject({ state: 'failed', reason });
    expect(result.outcomes[0]?.verdict.message).toMatch(message);
  });
});

describe('variables as NAIS deploy reads them', () => {
  it('stores yes as true and 0755 as 493 from the vars file, and splits a multi-line var with trailing commas', async () => {
    const namespace = await freshNamespace('parity-vars');
    const spec = `  image: {{ image }}
  env:
    - name: DEBUG
      value: "{{ debug }}"
    - name: MODE
      value: "{{ mode }}"
    - name: A
      value: "{{ a }}"
    - name: B
      value: "{{ b }}"
`;
    const cwd = writeFiles({
      'job.yaml': naisjobYaml(namespace, 'vars', spec),
      'vars.yml.txt': 'debug: yes\nmode: 0755\n',
    });
    const result = await deploy(
      gateway(),
      request(cwd, {
        varsFile: 'vars.yml.txt',
        // As a workflow writes VAR over several lines, each ending in a comma.
        variables: parseInlineVariables('image=ghcr.io/navikt/vars:1,\n  a=one,\n  b=two,\n'),
      }),
      recordingReporter(),
    );
    expect(result.outcomes[0]?.verdict.state).toBe('synchronised');
    const stored = await readNaisjob(namespace, 'vars');
    expect(stored?.spec.env).toEqual([
      { name: 'DEBUG', value: 'true' },
      { name: 'MODE', value: '493' },
      { name: 'A', value: 'one' },
      { name: 'B', value: 'two' },
    ]);
  });
});
