// The Naisjob CustomResourceDefinition for the local cluster.
//
// Why our own: the real CRD lives in the liberator Go module (config/crd/bases/nais.io_naisjobs.yaml),
// but this workplace's Go module proxy refuses github.com/nais/liberator (and naiserator) with
// `403 Forbidden ... This module version is not available.` So this schema is written here from
// liberator's documented field list (see shared/reference/nais-behaviour.md, section 8):
// the same names, types, enums, patterns and the one CEL rule, with the integrations left open.
// What matters for tests is that the API server's strict field validation rejects unknown and
// mistyped fields the way it does in a NAIS cluster.
import type { V1CustomResourceDefinition, V1JSONSchemaProps } from '@kubernetes/client-node';

/** A JSON schema as the API server reads it (wire names: `enum`, `x-kubernetes-…`). */
export type WireSchema = Record<string, unknown>;

const string = (extra: WireSchema = {}): WireSchema => ({ type: 'string', ...extra });
const int32 = (extra: WireSchema = {}): WireSchema => ({ type: 'integer', format: 'int32', ...extra });
const int64 = (extra: WireSchema = {}): WireSchema => ({ type: 'integer', format: 'int64', ...extra });
const boolean = (): WireSchema => ({ type: 'boolean' });
const array = (items: WireSchema): WireSchema => ({ type: 'array', items });
const object = (properties: Record<string, WireSchema>, required?: string[]): WireSchema => ({
  type: 'object',
  properties,
  ...(required ? { required } : {}),
});
/** Integrations and other blocks this stand-in does not act on: any content is kept. */
const open = (): WireSchema => ({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true });

const resourceSpec = object({
  cpu: string({ pattern: '^\\d+m?$' }),
  memory: string({ pattern: '^\\d+[KMG]i$' }),
});

const naisjobSpec = object({
  // The job's shape.
  image: string(),
  schedule: string(),
  timeZone: string(),
  command: array(string()),
  backoffLimit: int32(),
  activeDeadlineSeconds: int64(),
  ttlSecondsAfterFinished: int32(),
  completions: int32(),
  parallelism: int32(),
  completionMode: string({ enum: ['NonIndexed', 'Indexed'] }),
  concurrencyPolicy: string({ enum: ['Forbid', 'Replace', 'Allow'] }),
  successfulJobsHistoryLimit: int32(),
  failedJobsHistoryLimit: int32(),
  restartPolicy: string({ enum: ['OnFailure', 'Never'] }),
  terminationGracePeriodSeconds: int64({ minimum: 0, maximum: 180 }),
  resources: object({ limits: resourceSpec, requests: resourceSpec }),
  ttl: string(),
  // Pod extras.
  env: array(object({ name: string(), value: string(), valueFrom: open() }, ['name'])),
  envFrom: array(object({ configmap: string(), secret: string() })),
  filesFrom: array(open()),
  preStopHook: object({
    exec: object({ command: array(string()) }),
    http: object({ path: string(), port: int32() }),
  }),
  liveness: open(),
  readiness: open(),
  startup: open(),
  // Integrations.
  accessPolicy: open(),
  azure: open(),
  gcp: open(),
  kafka: open(),
  maskinporten: open(),
  observability: open(),
  openSearch: open(),
  postgres: open(),
  valkey: array(open()),
  vault: open(),
  webproxy: boolean(),
  skipCaBundle: boolean(),
});

const naisjobStatus = object({
  conditions: array(
    object(
      {
        type: string(),
        status: string(),
        reason: string(),
        message: string(),
        lastTransitionTime: string({ format: 'date-time' }),
        observedGeneration: int64(),
      },
      ['type', 'status'],
    ),
  ),
  synchronizationState: string(),
  synchronizationHash: string(),
  synchronizationTime: int64(),
  rolloutCompleteTime: int64(),
  correlationID: string(),
  effectiveImage: string(),
  deploymentRolloutStatus: string(),
  problems: array(
    object({ type: string(), message: string(), source: string(), endOfLife: string() }, ['type', 'message']),
  ),
});

/** The root schema in wire form. */
export function naisjobSchema(): WireSchema {
  return {
    ...object(
      {
        apiVersion: string(),
        kind: string(),
        metadata: { type: 'object' },
        spec: naisjobSpec,
        status: naisjobStatus,
      },
      ['spec'],
    ),
    'x-kubernetes-validations': [
      { rule: 'self.metadata.name.size() <= 63', message: 'metadata.name must be no more than 63 characters' },
    ],
  };
}

/**
 * @kubernetes/client-node serializes its typed models by renaming properties (`_enum` → `enum`,
 * `x_kubernetes_preserve_unknown_fields` → `x-kubernetes-preserve-unknown-fields`), except inside
 * `items` and `additionalProperties`, which it types as `any` and sends untouched. So those two
 * stay in wire form and everything else gets the model's names.
 */
export function toClientSchema(wire: WireSchema): V1JSONSchemaProps {
  const model: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wire)) {
    if (key === 'properties') {
      const properties: Record<string, V1JSONSchemaProps> = {};
      for (const [name, schema] of Object.entries(value as Record<string, WireSchema>)) {
        properties[name] = toClientSchema(schema);
      }
      model[key] = properties;
    } else if (key === 'enum' || key === 'default') {
      model[`_${key}`] = value;
    } else if (key.startsWith('x-kubernetes-')) {
      model[key.replaceAll('-', '_')] = value;
    } else {
      model[key] = value;
    }
  }
  return model;
}

/** The `naisjobs.nais.io` CRD, as a client-node model ready for `createCustomResourceDefinition`. */
export function naisjobCrd(): V1CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'naisjobs.nais.io' },
    spec: {
      group: 'nais.io',
      names: { kind: 'Naisjob', listKind: 'NaisjobList', plural: 'naisjobs', singular: 'naisjob', shortNames: ['nj'] },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: toClientSchema(naisjobSchema()) },
          additionalPrinterColumns: [
            { name: 'State', type: 'string', jsonPath: '.status.synchronizationState' },
            { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
        },
      ],
    },
  };
}
