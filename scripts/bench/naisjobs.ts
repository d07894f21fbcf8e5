// Bench namespaces and Naisjob files.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { actionRules, teamUser } from '../../cluster/rbac.ts';
import { Api } from './raw-api.ts';

/** A namespace labelled with its team; with `team`, the team identity gets the action's Role in it. */
export async function createNamespace(api: Api, name: string, options: { team: boolean }): Promise<void> {
  await api.create('/api/v1/namespaces', { metadata: { name, labels: { team: name } } });
  if (!options.team) return;
  await api.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${name}/roles`, {
    metadata: { name: 'naisjob-deploy' },
    rules: actionRules,
  });
  await api.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${name}/rolebindings`, {
    metadata: { name: 'naisjob-deploy' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'naisjob-deploy' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: teamUser }],
  });
}

export interface NaisjobSpec {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  spec?: Record<string, unknown>;
}

/** An unscheduled Naisjob, as tests make them; test.kwok/* labels steer its fake pod. */
export function naisjobYaml(naisjob: NaisjobSpec): string {
  return stringify({
    apiVersion: 'nais.io/v1',
    kind: 'Naisjob',
    metadata: {
      name: naisjob.name,
      namespace: naisjob.namespace,
      labels: { team: naisjob.namespace, ...naisjob.labels },
    },
    spec: { image: 'ghcr.io/navikt/bench:1', ...naisjob.spec },
  });
}

export function writeNaisjob(dir: string, file: string, naisjob: NaisjobSpec): string {
  writeFileSync(path.join(dir, file), naisjobYaml(naisjob));
  return file;
}
