// The stand-in's copy of naiserator's skip rule: liberator's defaults, Go's JSON and the hash.
// Each row names the upstream fact it checks.
import {
  applyNaisjobDefaults,
  goJson,
  imageHasChanged,
  intHash,
  naiseratorSkips,
  naisjobSpecHash,
} from '../../cluster/naiserator/spec-hash.ts';

describe('hash values', () => {
  it.each<[string, () => string, string]>([
    [
      'liberator pkg/hash/hash_test.go TestHash',
      () =>
        intHash({
          SomeKey: 'some-value',
          SomeOtherKey: 0,
          SomeStruct: { SomeStructKey: 'some-other-value', SomeOtherStructKey: 'some-other-value' },
        }).toString(16),
      '8a26a8b71bf71ecb',
    ],
    [
      'liberator pkg/apis/nais.io/v1/naisjob_types_test.go TestNaisjobHash (after ApplyDefaults)',
      () => naisjobSpecHash({ schedule: 'test * * * * :)', image: 'example/image:tag' }),
      '81c0356aed6b4cd8',
    ],
  ])('%s', (_source, compute, expected) => {
    expect(compute()).toBe(expected);
  });
});

describe('applyNaisjobDefaults', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'naisjob_defaults.go: every default on an empty spec; empty lists marshal only where not omitempty',
      {},
      {
        accessPolicy: { inbound: { rules: [] }, outbound: {} },
        azure: { application: { enabled: false } },
        backoffLimit: 6,
        failedJobsHistoryLimit: 1,
        liveness: { path: '', periodSeconds: 10, failureThreshold: 3, timeout: 1 },
        restartPolicy: 'Never',
        resources: { limits: { memory: '512Mi' }, requests: { cpu: '200m', memory: '256Mi' } },
        successfulJobsHistoryLimit: 3,
        vault: {},
      },
    ],
    ['naisjob_defaults.go noBackoffLimit: an explicit 0 stays', { backoffLimit: 0 }, { backoffLimit: 0 }],
    [
      'mergo: a pointer to 0 takes the default (failedJobsHistoryLimit)',
      { failedJobsHistoryLimit: 0 },
      { failedJobsHistoryLimit: 1 },
    ],
    [
      'mergo: 0 is unset (successfulJobsHistoryLimit)',
      { successfulJobsHistoryLimit: 0 },
      { successfulJobsHistoryLimit: 3 },
    ],
    [
      'mergo: a given value stays',
      { successfulJobsHistoryLimit: 5, restartPolicy: 'OnFailure' },
      { successfulJobsHistoryLimit: 5, restartPolicy: 'OnFailure' },
    ],
    [
      'mergo: a given struct is merged into field by field (resources)',
      { resources: { limits: { cpu: '1' } } },
      { resources: { limits: { cpu: '1', memory: '512Mi' }, requests: { cpu: '200m', memory: '256Mi' } } },
    ],
    [
      'mergo: a given probe keeps its values and gets the missing ones',
      { liveness: { path: '/x', periodSeconds: 5 } },
      { liveness: { path: '/x', periodSeconds: 5, failureThreshold: 3, timeout: 1 } },
    ],
    [
      'mergo: the empty default lists do not replace given ones (accessPolicy)',
      { accessPolicy: { outbound: { rules: [{ application: 'a' }] } } },
      { accessPolicy: { inbound: { rules: [] }, outbound: { rules: [{ application: 'a' }] } } },
    ],
    [
      'naisjob_types.go omitempty: false, "" and 0 are left out; fields outside the Go type are dropped',
      { webproxy: false, schedule: '', activeDeadlineSeconds: 0, unknownField: 1 },
      { activeDeadlineSeconds: 0 },
    ],
    [
      'naiserator_types.go Logging.Enabled omitempty: enabled false is left out',
      { observability: { logging: { enabled: false } } },
      { observability: { logging: {} } },
    ],
    [
      'naiserator_types.go Maskinporten.Scopes is a struct value: always written',
      { maskinporten: { enabled: true } },
      { maskinporten: { enabled: true, scopes: {} } },
    ],
  ])('%s', (_source, spec, expected) => {
    expect(applyNaisjobDefaults(spec)).toMatchObject(expected);
  });

  it('writes fields in Go declaration order (naisjob_types.go), which the hash depends on', () => {
    expect(Object.keys(applyNaisjobDefaults({ image: 'i', schedule: 's', command: ['c'] }))).toEqual([
      'accessPolicy',
      'azure',
      'backoffLimit',
      'command',
      'failedJobsHistoryLimit',
      'image',
      'liveness',
      'restartPolicy',
      'resources',
      'schedule',
      'successfulJobsHistoryLimit',
      'vault',
    ]);
  });
});

describe('goJson', () => {
  it('escapes as encoding/json does (HTMLEscape: <, >, &)', () => {
    expect(goJson({ a: '<b>&' })).toBe('{"a":"\\u003cb\\u003e\\u0026"}');
  });
});

describe('naisjobSpecHash', () => {
  const base = { image: 'ghcr.io/navikt/x:1' };
  it.each<[string, Record<string, unknown>, boolean]>([
    ['naisjob_defaults.go: a written default hashes as the default', { ...base, restartPolicy: 'Never' }, true],
    ['naisjob_defaults.go: backoffLimit 6 written out', { ...base, backoffLimit: 6 }, true],
    ['naisjob_defaults.go: backoffLimit 0 is not the default', { ...base, backoffLimit: 0 }, false],
    ['mergo: failedJobsHistoryLimit 0 hashes as 1', { ...base, failedJobsHistoryLimit: 0 }, true],
    ['omitempty: webproxy false is no change', { ...base, webproxy: false }, true],
    ['the spec changed', { ...base, command: ['x'] }, false],
  ])('%s → same hash: %p', (_source, spec, same) => {
    expect(naisjobSpecHash(spec) === naisjobSpecHash(base)).toBe(same);
  });

  it('aiven_hash.go: adds aiven-generation % 10 only with kafka, openSearch or valkey', () => {
    const plain = naisjobSpecHash(base, 3);
    expect(plain).toBe(naisjobSpecHash(base, 0));
    const kafka = { ...base, kafka: { pool: 'p' } };
    expect(BigInt(`0x${naisjobSpecHash(kafka, 13)}`) - BigInt(`0x${naisjobSpecHash(kafka, 0)}`)).toBe(3n);
    expect(naisjobSpecHash({ ...base, valkey: [] }, 1)).not.toBe(naisjobSpecHash({ ...base, valkey: [] }, 0));
  });
});

describe('naiseratorSkips', () => {
  const spec = { image: 'ghcr.io/navikt/x:1' };
  const hash = naisjobSpecHash(spec);
  it.each<[string, Parameters<typeof naiseratorSkips>[0], string, boolean]>([
    [
      'synchronizer.go Prepare: same hash, same image',
      { spec, status: { synchronizationHash: hash, effectiveImage: spec.image } },
      spec.image,
      true,
    ],
    ['synchronizer.go Prepare: never synchronized', { spec }, spec.image, false],
    [
      'synchronizer.go Prepare: other hash',
      { spec, status: { synchronizationHash: 'x', effectiveImage: spec.image } },
      spec.image,
      false,
    ],
    [
      'externalimage.go imageHasChanged: the Image resource moved on',
      { spec: {}, status: { synchronizationHash: naisjobSpecHash({}), effectiveImage: 'ghcr.io/navikt/x:1' } },
      'ghcr.io/navikt/x:2',
      false,
    ],
    [
      'externalimage.go imageHasChanged: no effectiveImage yet with spec.image is no change',
      { spec, status: { synchronizationHash: hash } },
      spec.image,
      true,
    ],
  ])('%s', (_source, naisjob, wantedImage, expected) => {
    expect(naiseratorSkips(naisjob, wantedImage)).toBe(expected);
  });

  it.each<[string, string, string, boolean]>([
    ['wanted differs from effective', 'a/b:2', 'a/b:1', true],
    ['same', 'a/b:1', 'a/b:1', false],
  ])('imageHasChanged: %s', (_name, wanted, effective, expected) => {
    expect(imageHasChanged(wanted, '', effective)).toBe(expected);
  });
});
