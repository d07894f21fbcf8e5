// When the stand-in refuses a Naisjob as naiserator does; each row names the upstream condition.
import {
  failLabel,
  featuresFrom,
  generateRefusal,
  plainCluster,
  prepareRefusal,
  synchronizationRefusal,
  type NaiseratorFeatures,
} from '../../cluster/naiserator/refusals.ts';
import { applyNaisjobDefaults } from '../../cluster/naiserator/spec-hash.ts';

const everything: NaiseratorFeatures = featuresFrom({
  features: 'cnrm,azurerator,otel,auto-instrumentation',
  loggingDestinations: 'elastic,loki',
  otelDestinations: 'grafana-lgtm',
});

describe('generateRefusal (FailedGenerate)', () => {
  it.each<[string, Record<string, unknown>, NaiseratorFeatures, string | undefined]>([
    ['nothing to refuse on a plain spec', {}, plainCluster, undefined],
    [
      'google/gcp/gcp.go: gcp without CNRM',
      { gcp: { sqlInstances: [{ type: 'POSTGRES_17', tier: 'db-f1-micro' }] } },
      plainCluster,
      'gcp: ',
    ],
    ['google/gcp/gcp.go: even an empty gcp block', { gcp: {} }, plainCluster, 'gcp: '],
    ['google/gcp/gcp.go: with CNRM', { gcp: { buckets: [{ name: 'b' }] } }, everything, undefined],
    [
      'azure/azureadapplication.go: enabled application without azurerator',
      { azure: { application: { enabled: true } } },
      plainCluster,
      'azure: ',
    ],
    [
      'azure/azureadapplication.go: a disabled application needs nothing',
      { azure: { application: { enabled: false } } },
      plainCluster,
      undefined,
    ],
    [
      'azure/azureadapplication.go: with azurerator',
      { azure: { application: { enabled: true } } },
      everything,
      undefined,
    ],
    [
      'observability.go logLabels: unknown logging destination',
      { observability: { logging: { enabled: true, destinations: [{ id: 'elastic' }] } } },
      plainCluster,
      'observability: this cluster has no logging destination "elastic"',
    ],
    [
      'observability.go logLabels: known destination',
      { observability: { logging: { enabled: true, destinations: [{ id: 'loki' }] } } },
      everything,
      undefined,
    ],
    [
      'observability.go logLabels: logging disabled checks no destination',
      { observability: { logging: { enabled: false, destinations: [{ id: 'x' }] } } },
      plainCluster,
      undefined,
    ],
    [
      'observability.go Create: OpenTelemetry off (auto-instrumentation)',
      { observability: { autoInstrumentation: { enabled: true, runtime: 'java' } } },
      plainCluster,
      'observability: this cluster offers no OpenTelemetry',
    ],
    [
      'observability.go Create: OpenTelemetry off (tracing)',
      { observability: { tracing: { enabled: true } } },
      plainCluster,
      'observability: this cluster offers no OpenTelemetry',
    ],
    [
      'observability.go Create: auto-instrumentation off while OpenTelemetry is on',
      { observability: { autoInstrumentation: { enabled: true } } },
      featuresFrom({ features: 'otel' }),
      'observability: this cluster offers no auto-instrumentation',
    ],
    [
      'observability.go Create: tracing and auto-instrumentation together',
      { observability: { tracing: { enabled: true }, autoInstrumentation: { enabled: true } } },
      everything,
      'observability: tracing and autoInstrumentation may not both be enabled',
    ],
    [
      'observability.go otelAutoInstrumentationDestinations: unknown destination',
      { observability: { autoInstrumentation: { enabled: true, destinations: [{ id: 'x' }] } } },
      everything,
      'observability: this cluster has no auto-instrumentation destination "x"',
    ],
    [
      'pod/pod.go lifecycle: exec and http preStopHook',
      { preStopHook: { exec: { command: ['a'] }, http: { path: '/stop' } } },
      everything,
      'preStopHook: give either exec or http, not both',
    ],
    [
      'pod/pod.go lifecycle: one kind of preStopHook',
      { preStopHook: { http: { path: '/stop' } } },
      plainCluster,
      undefined,
    ],
    [
      'generators/naisjob.go Generate order: observability before gcp',
      { gcp: {}, observability: { tracing: { enabled: true } } },
      plainCluster,
      'observability: ',
    ],
  ])('%s', (_source, spec, features, expected) => {
    const refusal = generateRefusal(applyNaisjobDefaults(spec), features);
    if (expected === undefined) expect(refusal).toBeUndefined();
    else {
      expect(refusal?.state).toBe('FailedGenerate');
      expect(refusal?.message.startsWith(expected)).toBe(true);
    }
  });
});

describe('prepareRefusal (FailedPrepare)', () => {
  it('generators/postgres.go preparePostgres: the Postgres cluster cannot be found here', () => {
    expect(prepareRefusal({ postgres: { clusterName: 'pg' } }, 'team-a')).toEqual({
      state: 'FailedPrepare',
      message: expect.stringMatching(
        /^preparing rollout configuration: failed to get postgres cluster: team-a\/pg /,
      ) as string,
    });
    expect(prepareRefusal({}, 'team-a')).toBeUndefined();
  });
});

describe('synchronizationRefusal (the test label)', () => {
  it.each<[string, Record<string, string> | undefined, boolean]>([
    ['label set', { [failLabel]: 'synchronization' }, true],
    ['other value', { [failLabel]: 'x' }, false],
    ['no labels', undefined, false],
  ])('%s', (_name, labels, refused) => {
    expect(synchronizationRefusal(labels)?.state).toBe(refused ? 'FailedSynchronization' : undefined);
  });
});

describe('featuresFrom', () => {
  it('starts from a plain cluster (naiserator config.go flag defaults)', () => {
    expect(featuresFrom({})).toEqual(plainCluster);
  });

  it('replaces only what is given', () => {
    const base = featuresFrom({ features: 'cnrm', loggingDestinations: 'loki' });
    expect(featuresFrom({ features: 'azurerator' }, base)).toMatchObject({
      cnrm: false,
      azurerator: true,
      loggingDestinations: ['loki'],
    });
  });

  it('refuses an unknown feature name', () => {
    expect(() => featuresFrom({ features: 'cnrm,gpu' })).toThrow('unknown naiserator feature(s): gpu');
  });
});
