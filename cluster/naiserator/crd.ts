// The CustomResourceDefinitions of the local cluster: Naisjob, Image and a minimal Kafka Topic.
//
// Why our own: the real CRDs live in the liberator Go module (config/crd/bases/*.yaml), but this
// workplace's Go module proxy refuses github.com/nais/liberator (and naiserator) with
// `403 Forbidden ... This module version is not available.` So these schemas are builder code
// written here from the field facts of liberator 4a88a485 `config/crd/bases/nais.io_naisjobs.yaml`
// (names, types, enums, patterns, limits, required fields, the schema default and the CEL rules),
// `nais.io_images.yaml` and `kafka.nais.io_topics.yaml`. The API server therefore rejects,
// prunes and defaults a Naisjob as a NAIS cluster does.
import type { V1CustomResourceDefinition, V1JSONSchemaProps } from '@kubernetes/client-node';

/** A JSON schema as the API server reads it (wire names: `enum`, `x-kubernetes-…`). */
export type WireSchema = Record<string, unknown>;

const string = (extra: WireSchema = {}): WireSchema => ({ type: 'string', ...extra });
/** `int` fields in Go: no format in the real CRD. */
const integer = (extra: WireSchema = {}): WireSchema => ({ type: 'integer', ...extra });
const int32 = (extra: WireSchema = {}): WireSchema => ({ type: 'integer', format: 'int32', ...extra });
const int64 = (extra: WireSchema = {}): WireSchema => ({ type: 'integer', format: 'int64', ...extra });
const boolean = (extra: WireSchema = {}): WireSchema => ({ type: 'boolean', ...extra });
const array = (items: WireSchema, extra: WireSchema = {}): WireSchema => ({ type: 'array', items, ...extra });
const object = (properties: Record<string, WireSchema>, required?: string[], extra: WireSchema = {}): WireSchema => ({
  type: 'object',
  properties,
  ...(required ? { required } : {}),
  ...extra,
});
const oneOf = (...values: string[]): WireSchema => string({ enum: values });

const resourceSpec = object({
  cpu: string({ pattern: '^\\d+m?$' }),
  memory: string({ pattern: '^\\d+[KMG]i$' }),
});

// accessPolicy (liberator accesspolicy.go)
const permission = string({ pattern: '^[a-z0-9-_./]+$' });
const accessPolicyRule = { application: string(), namespace: string(), cluster: string() };
const hostLabel = '([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])';
const octet = '(([0-9])|([1-9][0-9])|(1([0-9]{2}))|(2[0-4][0-9])|(25[0-5]))';
const accessPolicy = object({
  inbound: object(
    {
      rules: array(
        object({ ...accessPolicyRule, permissions: object({ roles: array(permission), scopes: array(permission) }) }, [
          'application',
        ]),
      ),
    },
    ['rules'],
  ),
  outbound: object({
    external: array(
      object({
        host: string({ pattern: `^${hostLabel}(\\.${hostLabel})*$` }),
        ipv4: string({ pattern: `^${octet}((\\.${octet}){3})$` }),
        ports: array(object({ port: int32() }, ['port'])),
      }),
    ),
    rules: array(object(accessPolicyRule, ['application'])),
  }),
});

const azure = object(
  {
    application: object(
      {
        allowAllUsers: boolean(),
        claims: object({
          extra: array(oneOf('NAVident', 'azp_name')),
          groups: array(object({ id: string() })),
        }),
        enabled: boolean(),
        replyURLs: array(string({ pattern: '^https?:\\/\\/.+$' })),
        singlePageApplication: boolean(),
        tenant: oneOf('nav.no', 'trygdeetaten.no'),
      },
      ['enabled'],
    ),
  },
  ['application'],
);

const gcp = object({
  bigQueryDatasets: array(
    object(
      {
        cascadingDelete: boolean(),
        description: string(),
        name: string({ pattern: '^[a-z0-9][a-z0-9_]+$' }),
        permission: oneOf('READ', 'READWRITE'),
      },
      ['name', 'permission'],
    ),
  ),
  buckets: array(
    object(
      {
        cascadingDelete: boolean(),
        lifecycleCondition: object({
          age: integer(),
          createdBefore: string(),
          daysSinceCustomTime: integer(),
          numNewerVersions: integer(),
          withState: oneOf('', 'LIVE', 'ARCHIVED', 'ANY'),
        }),
        name: string(),
        publicAccessPrevention: boolean(),
        retentionPeriodDays: integer({ minimum: 1, maximum: 36500 }),
      },
      ['name'],
    ),
  ),
  permissions: array(
    object(
      {
        resource: object({ apiVersion: string(), kind: string(), name: string() }, ['apiVersion', 'kind']),
        role: string(),
      },
      ['resource', 'role'],
    ),
  ),
  sqlInstances: array(
    object(
      {
        autoBackupHour: integer({ minimum: 0, maximum: 23 }),
        cascadingDelete: boolean(),
        collation: string(),
        databases: array(
          object(
            {
              envVarPrefix: string(),
              name: string(),
              users: array(object({ name: string({ pattern: '^[_a-zA-Z][-_a-zA-Z0-9]+$' }) }, ['name'])),
            },
            ['name'],
          ),
          { maxItems: 1 },
        ),
        diskAutoresize: boolean(),
        diskAutoresizeLimit: integer({ minimum: 0, maximum: 1000 }),
        diskSize: integer({ minimum: 10 }),
        diskType: oneOf('SSD', 'HDD'),
        flags: array(object({ name: string(), value: string() }, ['name', 'value'])),
        highAvailability: boolean(),
        insights: object({
          enabled: boolean(),
          queryStringLength: integer({ minimum: 256, maximum: 4500 }),
          recordApplicationTags: boolean(),
          recordClientAddress: boolean(),
        }),
        maintenance: object({ day: integer({ minimum: 1, maximum: 7 }), hour: integer({ minimum: 0, maximum: 23 }) }, [
          'day',
          'hour',
        ]),
        name: string(),
        pointInTimeRecovery: boolean(),
        retainedBackups: integer({ minimum: 1, maximum: 365 }),
        tier: string({ pattern: 'db-.+' }),
        transactionLogRetentionDays: integer({ minimum: 1, maximum: 7 }),
        type: oneOf(
          'POSTGRES_12',
          'POSTGRES_13',
          'POSTGRES_14',
          'POSTGRES_15',
          'POSTGRES_16',
          'POSTGRES_17',
          'POSTGRES_18',
        ),
      },
      ['tier', 'type'],
    ),
    { maxItems: 1 },
  ),
});

/** liveness, readiness and startup share one type (liberator `Probe`). */
const probe = (): WireSchema =>
  object(
    {
      failureThreshold: integer(),
      initialDelay: integer(),
      path: string(),
      periodSeconds: integer(),
      port: integer({ minimum: 1, maximum: 65535 }),
      timeout: integer(),
    },
    ['path'],
  );

const scopeChar = 'a-z\u00e6\u00f8\u00e50-9';
const maskinporten = object(
  {
    enabled: boolean(),
    scopes: object({
      consumes: array(object({ name: string() }, ['name'])),
      exposes: array(
        object(
          {
            accessibleForAll: boolean(),
            allowedIntegrations: array(string(), { minItems: 1 }),
            atMaxAge: integer({ minimum: 30, maximum: 680 }),
            consumers: array(object({ name: string(), orgno: string({ pattern: '^\\d{9}$' }) }, ['orgno'])),
            delegationSource: oneOf('altinn'),
            enabled: boolean(),
            name: string({
              pattern: `^([${scopeChar}]+\\/?)+(\\:[${scopeChar}]+)*[${scopeChar}]+(\\.[${scopeChar}]+)*$`,
            }),
            product: string({ pattern: '^[a-z0-9]+$' }),
            separator: string({ minLength: 1, maxLength: 1, pattern: '^[\\/:.]$' }),
            visibility: oneOf('private', 'public'),
          },
          ['enabled', 'name', 'product'],
          {
            'x-kubernetes-validations': [
              {
                rule: '!has(self.delegationSource) || (has(self.separator) && self.separator == "/")',
                message: 'scopes.exposes[].separator must be set to "/" when scopes.exposes[].delegationSource is set',
              },
            ],
          },
        ),
      ),
    }),
  },
  ['enabled'],
);

const destinations = (): WireSchema => array(object({ id: string() }, ['id']));
const observability = object({
  autoInstrumentation: object({
    destinations: destinations(),
    enabled: boolean(),
    runtime: oneOf('java', 'nodejs', 'python', 'dotnet', 'sdk'),
  }),
  // The one schema default of the real CRD: the API server stores `enabled: true` when it is left out.
  logging: object({ destinations: destinations(), enabled: boolean({ default: true }) }),
  tracing: object({ enabled: boolean() }),
});

const aivenAccess = (): WireSchema => oneOf('read', 'write', 'readwrite', 'admin');

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
  completionMode: oneOf('NonIndexed', 'Indexed'),
  concurrencyPolicy: oneOf('Forbid', 'Replace', 'Allow'),
  successfulJobsHistoryLimit: int32(),
  failedJobsHistoryLimit: int32(),
  restartPolicy: oneOf('OnFailure', 'Never'),
  terminationGracePeriodSeconds: int64({ minimum: 0, maximum: 180 }),
  resources: object({ limits: resourceSpec, requests: resourceSpec }),
  ttl: string(),
  // Pod extras.
  env: array(
    object(
      {
        name: string(),
        value: string(),
        valueFrom: object(
          {
            fieldRef: object(
              {
                fieldPath: oneOf(
                  '',
                  'metadata.name',
                  'metadata.namespace',
                  'metadata.labels',
                  'metadata.annotations',
                  'spec.nodeName',
                  'spec.serviceAccountName',
                  'status.hostIP',
                  'status.podIP',
                ),
              },
              ['fieldPath'],
            ),
          },
          ['fieldRef'],
        ),
      },
      ['name'],
    ),
  ),
  envFrom: array(object({ configmap: string(), secret: string() })),
  filesFrom: array(
    object({
      configmap: string(),
      emptyDir: object({ medium: oneOf('Memory', 'Disk') }),
      mountPath: string(),
      persistentVolumeClaim: string(),
      secret: string(),
    }),
  ),
  preStopHook: object({
    exec: object({ command: array(string()) }),
    http: object({ path: string(), port: integer({ minimum: 1, maximum: 65535 }) }, ['path']),
  }),
  liveness: probe(),
  readiness: probe(),
  startup: probe(),
  // Integrations.
  accessPolicy,
  azure,
  gcp,
  kafka: object({ pool: string(), streams: boolean() }, ['pool']),
  maskinporten,
  observability,
  openSearch: object({ access: aivenAccess(), instance: string() }, ['instance']),
  postgres: object({ clusterName: string({ pattern: '^[a-z0-9][a-z0-9-]{1,49}$' }) }, ['clusterName']),
  valkey: array(object({ access: aivenAccess(), instance: string() })),
  vault: object({
    enabled: boolean(),
    paths: array(
      object(
        {
          format: oneOf('flatten', 'json', 'yaml', 'env', 'properties', ''),
          kvPath: string(),
          mountPath: string(),
        },
        ['kvPath', 'mountPath'],
      ),
    ),
  }),
  webproxy: boolean(),
  skipCaBundle: boolean(),
});

/** metav1.Condition's constraints, as controller-gen writes them. */
const condition = object(
  {
    type: string({
      maxLength: 316,
      pattern:
        '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$',
    }),
    status: oneOf('True', 'False', 'Unknown'),
    reason: string({ minLength: 1, maxLength: 1024, pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$' }),
    message: string({ maxLength: 32768 }),
    lastTransitionTime: string({ format: 'date-time' }),
    observedGeneration: int64({ minimum: 0 }),
  },
  ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
);

const naisjobStatus = object({
  conditions: array(condition),
  synchronizationState: string(),
  synchronizationHash: string(),
  synchronizationTime: int64(),
  rolloutCompleteTime: int64(),
  correlationID: string(),
  effectiveImage: string(),
  deploymentRolloutStatus: string(),
  problems: array(
    object({ type: string(), message: string(), source: string(), endOfLife: string() }, ['message', 'type']),
  ),
});

const nameLimit = {
  'x-kubernetes-validations': [
    { rule: 'self.metadata.name.size() <= 63', message: 'metadata.name must be no more than 63 characters' },
  ],
};

/** A root schema: apiVersion, kind, metadata, a required spec and a status. */
function rootSchema(spec: WireSchema, status: WireSchema, extra: WireSchema = {}): WireSchema {
  return object({ apiVersion: string(), kind: string(), metadata: { type: 'object' }, spec, status }, ['spec'], extra);
}

/** The Naisjob's root schema in wire form. */
export function naisjobSchema(): WireSchema {
  return rootSchema(naisjobSpec, naisjobStatus, nameLimit);
}

/** liberator `nais.io_images.yaml`: what NAIS deploy's WORKLOAD_IMAGE creates; its status has no fields. */
export function imageSchema(): WireSchema {
  return rootSchema(object({ image: string({ pattern: '^.*/.*:.*$' }) }, ['image']), { type: 'object' }, nameLimit);
}

/**
 * liberator `kafka.nais.io_topics.yaml`, minimal: the spec as the real CRD checks it, so a file that
 * carries a Topic next to a Naisjob is applied (and refused) as in NAIS; no operator acts on it.
 */
export function topicSchema(): WireSchema {
  const spec = object(
    {
      acl: array(
        object({ access: oneOf('read', 'write', 'readwrite'), application: string(), team: string() }, [
          'access',
          'application',
          'team',
        ]),
      ),
      config: object({
        cleanupPolicy: oneOf('delete', 'compact', 'compact,delete'),
        deleteRetentionHours: integer(),
        localRetentionBytes: integer(),
        localRetentionHours: integer({ maximum: 2147483648 }),
        maxCompactionLagMs: integer({ minimum: 0 }),
        maxMessageBytes: integer({ minimum: 1, maximum: 5242880 }),
        minCleanableDirtyRatioPercent: {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
        },
        minCompactionLagMs: integer({ minimum: 0 }),
        minimumInSyncReplicas: integer({ minimum: 1, maximum: 7 }),
        partitions: integer({ minimum: 1, maximum: 1000000 }),
        replication: integer({ minimum: 2 }),
        retentionBytes: integer(),
        retentionHours: integer({ maximum: 2147483648 }),
        segmentHours: integer({ minimum: 1, maximum: 8760 }),
      }),
      pool: string(),
    },
    ['acl', 'pool'],
  );
  const status = object({
    credentialsExpiryTime: string(),
    errors: array(string()),
    fullyQualifiedName: string(),
    latestAivenSyncFailure: string(),
    message: string(),
    synchronizationHash: string(),
    synchronizationState: string(),
    synchronizationTime: string(),
  });
  return rootSchema(spec, status);
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

interface CrdFacts {
  group: string;
  kind: string;
  plural: string;
  shortNames?: string[];
  schema: WireSchema;
  statusSubresource: boolean;
  columns: { name: string; type: string; jsonPath: string }[];
}

/** One namespaced, served and stored version `v1`, as each of these CRDs has. */
function crd(facts: CrdFacts): V1CustomResourceDefinition {
  const singular = facts.kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${facts.plural}.${facts.group}` },
    spec: {
      group: facts.group,
      names: {
        kind: facts.kind,
        listKind: `${facts.kind}List`,
        plural: facts.plural,
        singular,
        ...(facts.shortNames ? { shortNames: facts.shortNames } : {}),
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: facts.statusSubresource ? { status: {} } : {},
          schema: { openAPIV3Schema: toClientSchema(facts.schema) },
          additionalPrinterColumns: facts.columns,
        },
      ],
    },
  };
}

/** The `naisjobs.nais.io` CRD, as a client-node model ready for `createCustomResourceDefinition`. */
export function naisjobCrd(): V1CustomResourceDefinition {
  return crd({
    group: 'nais.io',
    kind: 'Naisjob',
    plural: 'naisjobs',
    shortNames: ['nj'],
    schema: naisjobSchema(),
    statusSubresource: true,
    columns: [
      { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      { name: 'Team', type: 'string', jsonPath: '.metadata.labels.team' },
      { name: 'State', type: 'string', jsonPath: '.status.synchronizationState' },
    ],
  });
}

/** The `images.nais.io` CRD (no status subresource, as in liberator). */
export function imageCrd(): V1CustomResourceDefinition {
  return crd({
    group: 'nais.io',
    kind: 'Image',
    plural: 'images',
    schema: imageSchema(),
    statusSubresource: false,
    columns: [
      { name: 'Image', type: 'string', jsonPath: '.spec.image' },
      { name: 'Last synchronization time', type: 'string', jsonPath: '.status.synchronizationTime' },
    ],
  });
}

/** The `topics.kafka.nais.io` CRD (no status subresource, as in liberator). */
export function topicCrd(): V1CustomResourceDefinition {
  return crd({
    group: 'kafka.nais.io',
    kind: 'Topic',
    plural: 'topics',
    schema: topicSchema(),
    statusSubresource: false,
    columns: [
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      { name: 'State', type: 'string', jsonPath: '.status.synchronizationState' },
      { name: 'Fully Qualified Name', type: 'string', jsonPath: '.status.fullyQualifiedName' },
    ],
  });
}

/** Every CRD the local cluster installs. */
export function localCrds(): V1CustomResourceDefinition[] {
  return [naisjobCrd(), imageCrd(), topicCrd()];
}
