// When naiserator refuses a Naisjob, as pure functions of the (defaulted) spec and the cluster's
// features. The conditions are naiserator's (808737d2); the messages are this stand-in's own words
// for the same thing. What a test cluster has is set per cluster (the stand-in's environment) and
// per namespace (annotations), see `featuresFrom`.
import type { SyncState } from './resources.ts';

/** The naiserator settings (pkg/naiserator/config/config.go) that decide these refusals. */
export interface NaiseratorFeatures {
  /** `features.cnrm`: Config Connector creates GCP resources. */
  cnrm: boolean;
  /** `features.azurerator`: Azure AD applications can be made. */
  azurerator: boolean;
  /** `observability.otel.enabled`. */
  otel: boolean;
  /** `observability.otel.auto-instrumentation.enabled`. */
  autoInstrumentation: boolean;
  /** `observability.logging.destinations`. */
  loggingDestinations: string[];
  /** `observability.otel.destinations`. */
  otelDestinations: string[];
}

/** A plain cluster: none of the features, no destinations (naiserator's flag defaults). */
export const plainCluster: NaiseratorFeatures = {
  cnrm: false,
  azurerator: false,
  otel: false,
  autoInstrumentation: false,
  loggingDestinations: [],
  otelDestinations: [],
};

/** The settings as text: a comma list of feature names and of destinations. */
export const featureNames = ['cnrm', 'azurerator', 'otel', 'auto-instrumentation'] as const;
export interface FeatureSettings {
  features?: string;
  loggingDestinations?: string;
  otelDestinations?: string;
}

/** Namespace annotations that override the cluster's settings for Naisjobs in that namespace (tests only). */
export const featureAnnotations = {
  features: 'test.naiserator/features',
  loggingDestinations: 'test.naiserator/logging-destinations',
  otelDestinations: 'test.naiserator/otel-destinations',
} as const;

/** Label on a Naisjob that makes the stand-in fail its synchronization (tests only). */
export const failLabel = 'test.naiserator/fail';
export const failLabelValue = 'synchronization';

const list = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** Settings on top of `base`; a setting that is present replaces the base's, an absent one keeps it. */
export function featuresFrom(settings: FeatureSettings, base: NaiseratorFeatures = plainCluster): NaiseratorFeatures {
  const result = { ...base };
  if (settings.features !== undefined) {
    const names = list(settings.features);
    const unknown = names.filter((name) => !(featureNames as readonly string[]).includes(name));
    if (unknown.length > 0) throw new Error(`unknown naiserator feature(s): ${unknown.join(', ')}`);
    result.cnrm = names.includes('cnrm');
    result.azurerator = names.includes('azurerator');
    result.otel = names.includes('otel');
    result.autoInstrumentation = names.includes('auto-instrumentation');
  }
  if (settings.loggingDestinations !== undefined) result.loggingDestinations = list(settings.loggingDestinations);
  if (settings.otelDestinations !== undefined) result.otelDestinations = list(settings.otelDestinations);
  return result;
}

export interface Refusal {
  state: Extract<SyncState, 'FailedPrepare' | 'FailedGenerate' | 'FailedSynchronization'>;
  message: string;
}

type Json = Record<string, unknown>;
const objectAt = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
const ids = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map((item) => {
        const id = objectAt(item)?.id;
        return typeof id === 'string' ? id : '';
      })
    : [];

/**
 * naiserator pkg/generators/naisjob.go `Prepare` (through synchronizer.go, so the message starts
 * with "preparing rollout configuration"): `preparePostgres` reads the Postgres resource that
 * `spec.postgres.clusterName` names, and this cluster has no Postgres operator, so never finds it.
 */
export function prepareRefusal(spec: Json, namespace: string): Refusal | undefined {
  const clusterName = objectAt(spec.postgres)?.clusterName;
  if (typeof clusterName === 'string') {
    return {
      state: 'FailedPrepare',
      message: `preparing rollout configuration: failed to get postgres cluster: ${namespace}/${clusterName} does not exist (this cluster runs no Postgres operator)`,
    };
  }
  return undefined;
}

/**
 * naiserator pkg/generators/naisjob.go `Generate`, in its order, on the spec after liberator's
 * defaults: observability (pkg/resourcecreator/observability/observability.go `Create`,
 * `logLabels`, `otelAutoInstrumentationDestinations`), Azure (azure/azureadapplication.go), GCP
 * (google/gcp/gcp.go), then the container's preStop hook (pod/pod.go `lifecycle`).
 */
export function generateRefusal(spec: Json, features: NaiseratorFeatures): Refusal | undefined {
  const refuse = (message: string): Refusal => ({ state: 'FailedGenerate', message });

  const observability = objectAt(spec.observability);
  if (observability) {
    const tracing = objectAt(observability.tracing)?.enabled === true;
    const autoInstrumentation = objectAt(observability.autoInstrumentation);
    const autoEnabled = autoInstrumentation?.enabled === true;
    if (tracing && autoEnabled) return refuse('observability: tracing and autoInstrumentation may not both be enabled');
    if (tracing || autoEnabled) {
      if (!features.otel) return refuse('observability: this cluster offers no OpenTelemetry');
      if (autoEnabled && !features.autoInstrumentation)
        return refuse('observability: this cluster offers no auto-instrumentation');
      if (autoEnabled) {
        const unknown = ids(autoInstrumentation.destinations).find((id) => !features.otelDestinations.includes(id));
        if (unknown !== undefined)
          return refuse(
            `observability: this cluster has no auto-instrumentation destination ${JSON.stringify(unknown)}`,
          );
      }
    }
    const logging = objectAt(observability.logging);
    if (logging && logging.enabled === true) {
      const unknown = ids(logging.destinations).find((id) => !features.loggingDestinations.includes(id));
      if (unknown !== undefined)
        return refuse(`observability: this cluster has no logging destination ${JSON.stringify(unknown)}`);
    }
  }

  // Only an enabled application needs azurerator (liberator's defaults add a disabled one to every Naisjob).
  const azureApplication = objectAt(objectAt(spec.azure)?.application);
  if (azureApplication?.enabled === true && !features.azurerator)
    return refuse('azure: this cluster cannot make Azure AD applications (no azurerator)');

  // Any gcp block at all, even an empty one, needs Config Connector.
  if (objectAt(spec.gcp) && !features.cnrm)
    return refuse('gcp: this cluster cannot create GCP resources (no Config Connector, CNRM)');

  const preStopHook = objectAt(spec.preStopHook);
  if (preStopHook && objectAt(preStopHook.exec) && objectAt(preStopHook.http))
    return refuse('preStopHook: give either exec or http, not both');

  return undefined;
}

/** The test label's refusal: naiserator's Sync failing permanently (synchronizer.go: the hash is stored). */
export function synchronizationRefusal(labels: Record<string, string> | undefined): Refusal | undefined {
  if (labels?.[failLabel] !== failLabelValue) return undefined;
  return {
    state: 'FailedSynchronization',
    message: `persisting CronJob to Kubernetes: failed on purpose (label ${failLabel}: ${failLabelValue})`,
  };
}
