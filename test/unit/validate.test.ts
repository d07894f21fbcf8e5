import { describe, expect, it } from '@jest/globals';
import { parseManifests } from '../../src/manifest/parse.ts';
import { formatFinding, validateDocuments, type Finding, type ValidationOptions } from '../../src/manifest/validate.ts';

/** A valid Naisjob, one field per line, with lines replaced or added by `changes`. */
function naisjob(changes: Record<string, string | null> = {}): string {
  const lines: Record<string, string> = {
    apiVersion: 'apiVersion: nais.io/v1',
    kind: 'kind: Naisjob',
    metadata: 'metadata:',
    name: '  name: my-job',
    namespace: '  namespace: myteam',
    labels: '  labels:\n    team: myteam',
    spec: 'spec:',
    image: '  image: ghcr.io/navikt/my-job:1',
    schedule: '  schedule: "0 3 * * *"',
    timeZone: '  timeZone: Europe/Oslo',
  };
  for (const [key, line] of Object.entries(changes)) {
    if (line === null) Reflect.deleteProperty(lines, key);
    else lines[key] = line;
  }
  return `${Object.values(lines).join('\n')}\n`;
}

/** Matches messages that contain the text. */
const containing = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

function validate(text: string, options: ValidationOptions = {}, file = 'nais/job.yaml'): Finding[] {
  return validateDocuments(parseManifests(text, file), options);
}

describe('validateDocuments', () => {
  it('accepts a valid Naisjob', () => {
    expect(validate(naisjob())).toEqual([]);
  });

  it.each<[string, Record<string, string | null>]>([
    ['a name of 52 characters', { name: `  name: ${'a'.repeat(52)}` }],
    ['only a namespace', { labels: null }],
    ['no schedule (run once)', { schedule: null }],
    ['a descriptor', { schedule: '  schedule: "@daily"' }],
    ['no time zone', { timeZone: null }],
    ['UTC', { timeZone: '  timeZone: UTC' }],
  ])('accepts %s', (_name, changes) => {
    expect(validate(naisjob(changes))).toEqual([]);
  });

  it.each<[string, Record<string, string | null>, Omit<Finding, 'file' | 'message'> & { message: string | RegExp }]>([
    [
      'an old apiVersion',
      { apiVersion: 'apiVersion: nais.io/v1alpha1' },
      {
        line: 1,
        field: 'apiVersion',
        value: 'nais.io/v1alpha1',
        message:
          "apiVersion is 'nais.io/v1alpha1', but Naisjobs have only apiVersion nais.io/v1: write apiVersion: nais.io/v1.",
      },
    ],
    [
      'an Application',
      { kind: 'kind: Application' },
      {
        line: 2,
        field: 'kind',
        value: 'Application',
        message: containing('kind Application is not deployed by this action'),
      },
    ],
    [
      'no name',
      { name: null },
      {
        line: 3,
        field: 'metadata.name',
        value: undefined,
        message:
          "metadata.name is missing: give the Naisjob a name; use at most 52 lowercase letters, digits and '-', starting and ending with a letter or digit (naiserator names the CronJob after the Naisjob, and CronJob names are limited to 52 characters).",
      },
    ],
    [
      'an invalid name',
      { name: '  name: My_Job' },
      {
        line: 4,
        field: 'metadata.name',
        value: 'My_Job',
        message:
          "metadata.name 'My_Job' is not a valid name: use at most 52 lowercase letters, digits and '-', starting and ending with a letter or digit (naiserator names the CronJob after the Naisjob, and CronJob names are limited to 52 characters).",
      },
    ],
    [
      'a name of 53 characters',
      { name: `  name: ${'a'.repeat(53)}` },
      {
        line: 4,
        field: 'metadata.name',
        value: 'a'.repeat(53),
        message: /^metadata\.name 'a{53}' is 53 characters, too long: use at most 52 /,
      },
    ],
    [
      'a name ending in -',
      { name: '  name: job-' },
      {
        line: 4,
        field: 'metadata.name',
        value: 'job-',
        message: containing('is not a valid name'),
      },
    ],
    [
      'neither namespace nor team',
      { namespace: null, labels: null },
      {
        line: 3,
        field: 'metadata.namespace',
        value: undefined,
        message:
          "metadata.namespace is missing: write metadata.namespace: <your team>, your team's namespace (NAIS teams deploy into the namespace named after the team).",
      },
    ],
    [
      // nais/deploy pkg/deployd/kubeclient/kubeclient.go: no namespace means the cluster-wide path, which fails.
      'only a team label',
      { namespace: null },
      {
        line: 3,
        field: 'metadata.namespace',
        value: undefined,
        message:
          'metadata.namespace is missing; the team label alone does not place the Naisjob, and NAIS deploy fails on it too. Write metadata.namespace: myteam.',
      },
    ],
    [
      'a team that differs from the namespace',
      { labels: '  labels:\n    team: otherteam' },
      {
        line: 7,
        field: 'metadata.labels.team',
        value: 'otherteam',
        message:
          "metadata.labels.team 'otherteam' differs from metadata.namespace 'myteam': NAIS teams deploy into the namespace named after the team, so make them the same.",
      },
    ],
    [
      'an invalid namespace',
      { namespace: '  namespace: My_Team', labels: null },
      {
        line: 5,
        field: 'metadata.namespace',
        value: 'My_Team',
        message: containing("metadata.namespace 'My_Team' is not a valid namespace"),
      },
    ],
    [
      'an invalid schedule',
      { schedule: '  schedule: "61 * * * *"' },
      {
        line: 10,
        field: 'spec.schedule',
        value: '61 * * * *',
        message:
          "spec.schedule '61 * * * *' is not a valid schedule: the minute field '61' has 61, which is outside 0-59; use 0-59, '*', lists (a,b), ranges (a-b) and steps (*/n, a-b/n).",
      },
    ],
    [
      'a schedule with TZ=',
      { schedule: '  schedule: "TZ=Europe/Oslo 0 3 * * *"' },
      {
        line: 10,
        field: 'spec.schedule',
        value: 'TZ=Europe/Oslo 0 3 * * *',
        message: containing('remove it and set spec.timeZone'),
      },
    ],
    [
      'a number as schedule',
      { schedule: '  schedule: 5' },
      { line: 10, field: 'spec.schedule', value: 5, message: containing('it must be text') },
    ],
    [
      'an unknown time zone',
      { timeZone: '  timeZone: Europe/Olso' },
      {
        line: 11,
        field: 'spec.timeZone',
        value: 'Europe/Olso',
        message:
          "spec.timeZone 'Europe/Olso' is not a known time zone: use an IANA time zone name such as Europe/Oslo or UTC.",
      },
    ],
    [
      'a time zone in the wrong case',
      { timeZone: '  timeZone: europe/oslo' },
      {
        line: 11,
        field: 'spec.timeZone',
        value: 'europe/oslo',
        message: "spec.timeZone 'europe/oslo' is not written as the time zone database writes it: use 'Europe/Oslo'.",
      },
    ],
    [
      'Local as time zone',
      { timeZone: '  timeZone: Local' },
      {
        line: 11,
        field: 'spec.timeZone',
        value: 'Local',
        message: containing('is not an explicit time zone'),
      },
    ],
    [
      'no image and no image input',
      { image: null },
      {
        line: 8,
        field: 'spec.image',
        value: undefined,
        message:
          "spec.image is not set and the action's image input is empty: set spec.image in the manifest or give the image input.",
      },
    ],
    [
      'an empty image',
      { image: '  image: ""' },
      { line: 9, field: 'spec.image', value: '', message: containing('spec.image is not set') },
    ],
  ])('reports %s', (_name, changes, { message, ...expected }) => {
    const [finding, ...others] = validate(naisjob(changes));
    expect(others).toEqual([]);
    expect(finding).toMatchObject({ file: 'nais/job.yaml', ...expected });
    if (typeof message === 'string') expect(finding?.message).toBe(message);
    else expect(finding?.message).toMatch(message);
  });

  it('leaves the rest of another kind to the cluster, which validates it strictly', () => {
    expect(validate('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n')).toEqual([]);
  });

  it('reports several problems of one document', () => {
    const findings = validate(naisjob({ name: '  name: Bad', schedule: '  schedule: "* * *"', image: null }));
    expect(findings.map((finding) => [finding.field, finding.line])).toEqual([
      ['metadata.name', 4],
      ['spec.schedule', 9],
      ['spec.image', 8],
    ]);
  });

  it.each<[string, ValidationOptions, Finding[]]>([
    ['a plain file and the image input', { imageInput: 'ghcr.io/x:1' }, []],
    [
      'a templated file and the image input',
      { imageInput: 'ghcr.io/x:1', templatedFiles: new Set(['nais/job.yaml']) },
      [
        {
          file: 'nais/job.yaml',
          line: 8,
          field: 'spec.image',
          value: undefined,
          message:
            "spec.image is not set: this file uses template variables, so the image input reaches it only as the variable 'image'; write image: {{image}} under spec.",
        },
      ],
    ],
  ])('without spec.image, given %s', (_name, options, expected) => {
    expect(validate(naisjob({ image: null }), options)).toEqual(expected);
  });

  it('reports a Naisjob defined twice across files', () => {
    const documents = [
      ...parseManifests(naisjob(), 'nais/a.yaml'),
      ...parseManifests(`${naisjob({ labels: null })}---\n${naisjob({ name: '  name: other' })}`, 'nais/b.yaml'),
    ];
    expect(validateDocuments(documents)).toEqual([
      {
        file: 'nais/b.yaml',
        line: 4,
        field: 'metadata.name',
        value: 'my-job',
        message:
          "Naisjob 'my-job' in namespace 'myteam' is also defined at nais/a.yaml:4: deploy each resource once, so remove one of them or rename it.",
      },
    ]);
  });

  it('accepts other kinds next to a Naisjob, and a Naisjob without spec.image that a workload image serves', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: myteam\nstringData:\n  pw: x\n';
    const topic = 'apiVersion: kafka.nais.io/v1\nkind: Topic\nmetadata:\n  name: t\n  namespace: myteam\n';
    expect(validate(`${secret}---\n${topic}---\n${naisjob({ image: null })}`, { workloadImageFor: 'my-job' })).toEqual(
      [],
    );
  });

  it.each<[string, string, Partial<Finding>]>([
    ['no kind', 'apiVersion: v1\nmetadata:\n  name: x\n', { field: 'kind', line: 1 }],
    ['no apiVersion', 'kind: Secret\nmetadata:\n  name: x\n', { field: 'apiVersion', line: 1 }],
    ['no name', 'apiVersion: v1\nkind: Secret\nmetadata:\n  namespace: x\n', { field: 'metadata.name', line: 3 }],
  ])('refuses another document with %s', (_name, text, expected) => {
    expect(validate(text)).toEqual([expect.objectContaining(expected)]);
  });
});

describe('values that YAML 1.1 reads as booleans or numbers (go-yaml/yaml v2.4.0 resolve.go)', () => {
  it.each<[string, Record<string, string>, string, unknown, string]>([
    ['a name written no', { name: '  name: no' }, 'metadata.name', false, 'metadata.name false is not a valid name'],
    [
      'a namespace written on',
      { namespace: '  namespace: on', labels: '  labels:\n    app: x' },
      'metadata.namespace',
      true,
      'metadata.namespace true is not a valid namespace',
    ],
    ['a schedule written 0755', { schedule: '  schedule: 0755' }, 'spec.schedule', 493, 'spec.schedule 493 is not'],
    ['an image written 1_0', { image: '  image: 1_0' }, 'spec.image', 10, 'spec.image 10 must be text'],
  ])('%s names the text as written', (_name, changes, field, value, start) => {
    const [finding] = validate(naisjob(changes));
    const source = /: (\S+)$/.exec(Object.values(changes)[0] ?? '')?.[1] ?? '';
    expect(finding?.field).toBe(field);
    expect(finding?.value).toBe(value);
    expect(finding?.message).toContain(start);
    expect(finding?.message).toContain(
      `YAML reads the unquoted ${source} as ${JSON.stringify(value)}, as NAIS deploy does; write "${source}" to keep it as text.`,
    );
  });
});

describe('formatFinding', () => {
  it('prefixes the location', () => {
    const [finding] = validate(naisjob({ name: '  name: My_Job' }));
    expect(finding && formatFinding(finding)).toMatch(
      /^nais\/job\.yaml:4: metadata\.name 'My_Job' is not a valid name: /,
    );
  });
});

describe('spec.image that can never work', () => {
  it.each<[string, string, ValidationOptions, RegExp]>([
    ['leftover markers', '  image: "{{ image "', {}, /still holds template markers/],
    ['white space', '  image: ghcr.io/a/b:1 2', {}, /contains white space/],
    [
      'an untemplated {{ image }} (a YAML mapping), with the reason',
      '  image: {{ image }}',
      { untemplatedFiles: new Set(['nais/job.yaml']) },
      /must be text.*This file has template markers, but no variable was given/,
    ],
  ])('%s', (_name, line, options, message) => {
    const findings = validate(naisjob({ image: line }), options);
    expect(findings).toEqual([
      expect.objectContaining({ field: 'spec.image', line: 9, message: expect.stringMatching(message) }),
    ]);
  });
});
