import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderResources } from '../../src/deploy/render.ts';
import { parseInlineVariables } from '../../src/settings.ts';

// The whole path NAIS deploy takes (nais/deploy e90640a9 pkg/deployclient): VARS read by ghodss/yaml over
// yaml.v2, VAR split by getEnvStringSlice, rendered by raymond, the result read by yaml.v2 again.
describe('variables flow from the vars file and var into the Naisjob as NAIS deploy renders them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-flow-'));
  writeFileSync(join(dir, 'vars.yaml'), 'debug: yes\nmode: 0755\nimage: ghcr.io/navikt/job:1\n');
  writeFileSync(
    join(dir, 'job.yaml'),
    [
      'apiVersion: nais.io/v1',
      'kind: Naisjob',
      'metadata:',
      '  name: job',
      '  namespace: team',
      'spec:',
      '  image: {{ image }}',
      '  env:',
      '    - name: DEBUG',
      '      value: "{{debug}}"',
      '    - name: MODE',
      '      value: "{{mode}}"',
      '    - name: REGION',
      '      value: "{{ REGION }}"',
      '    - name: LEVEL',
      '      value: "{{level}}"',
      '',
    ].join('\n'),
  );
  const rendered = renderResources({
    resources: ['job.yaml'],
    image: undefined,
    varsFile: 'vars.yaml',
    variables: parseInlineVariables('region=eu,\nlevel=info,'),
    cwd: dir,
  });

  it('renders yes as true and 0755 as 493, and takes the var entries split on commas', () => {
    const object = rendered.naisjobs[0]?.object as { spec: { env: { name: string; value: string }[] } };
    expect(object.spec.env).toEqual([
      { name: 'DEBUG', value: 'true' },
      { name: 'MODE', value: '493' },
      { name: 'REGION', value: '' },
      { name: 'LEVEL', value: 'info' },
    ]);
  });

  it('warns about {{ REGION }}, naming region, and notes the empty var entry', () => {
    expect(rendered.warnings).toEqual([
      expect.objectContaining({
        file: 'job.yaml',
        line: 14,
        message: expect.stringContaining("A variable 'region' exists"),
      }),
    ]);
    expect(rendered.notices).toEqual([expect.stringContaining("the template variable '' is set to 'true'")]);
  });
});
