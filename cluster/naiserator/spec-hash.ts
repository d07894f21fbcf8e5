// How naiserator decides that a Naisjob is unchanged: pure, no cluster I/O, no imports, so the
// action's src/ can copy it to predict "unchanged" as naiserator will.
//
// Upstream (read at liberator 4a88a485, naiserator 808737d2):
// - naiserator pkg/synchronizer/synchronizer.go `Prepare`: on the Naisjob as stored (after the
//   CRD's schema defaults), ApplyDefaults, then Hash(aivenGeneration), then skip when the image did
//   not change (externalimage.go `imageHasChanged`) and status.synchronizationHash equals the hash.
// - liberator pkg/apis/nais.io/v1/naisjob_defaults.go: the defaults, merged with dario.cat/mergo
//   v1.0.2 `Merge` (fills only zero values; a nil pointer takes the default, a set pointer is
//   merged into, so an explicit 0 behind a pointer takes the default too; backoffLimit 0 is kept
//   by a special case; an empty default list never replaces anything).
// - liberator naisjob_types.go `Hash` and pkg/hash/hash.go: encoding/json of the Go spec struct
//   (fields in declaration order, `omitempty` drops "", 0, false, nil and empty lists, never a
//   struct value; fields the Go type lacks are gone), hashed by mitchellh/hashstructure v1.1.0 as
//   a []byte (FNV-1 64 per byte, folded in order), printed with %x; aiven_hash.go adds
//   aivenGeneration % 10 when kafka, openSearch or valkey is set.

// --- The Go types of NaisjobSpec (liberator naisjob_types.go, naiserator_types.go, accesspolicy.go) ---

/** A Go type as encoding/json sees it. */
export type GoType = 'string' | 'int' | 'bool' | { pointer: GoType } | { slice: GoType } | { struct: GoField[] };

export interface GoField {
  name: string;
  type: GoType;
  omitempty: boolean;
}

/** A field from its JSON tag, e.g. `field('image,omitempty', 'string')`. */
function field(tag: string, type: GoType): GoField {
  const [name = '', ...options] = tag.split(',');
  return { name, type, omitempty: options.includes('omitempty') };
}
const pointer = (type: GoType): GoType => ({ pointer: type });
const slice = (type: GoType): GoType => ({ slice: type });
const struct = (...fields: GoField[]): GoType => ({ struct: fields });

const accessPolicyRule = [
  field('application', 'string'),
  field('namespace,omitempty', 'string'),
  field('cluster,omitempty', 'string'),
];
const accessPolicy = struct(
  field(
    'inbound,omitempty',
    pointer(
      struct(
        field(
          'rules',
          slice(
            struct(
              // AccessPolicyRule is embedded (`json:",inline"`), so its fields come first, at this level.
              ...accessPolicyRule,
              field(
                'permissions,omitempty',
                pointer(struct(field('scopes,omitempty', slice('string')), field('roles,omitempty', slice('string')))),
              ),
            ),
          ),
        ),
      ),
    ),
  ),
  field(
    'outbound,omitempty',
    pointer(
      struct(
        field('rules,omitempty', slice(struct(...accessPolicyRule))),
        field(
          'external,omitempty',
          slice(
            struct(
              field('host,omitempty', 'string'),
              field('ipv4,omitempty', 'string'),
              field('ports,omitempty', slice(struct(field('port', 'int')))),
            ),
          ),
        ),
      ),
    ),
  ),
);

const azure = struct(
  field(
    'application',
    pointer(
      struct(
        field('enabled', 'bool'),
        field('replyURLs,omitempty', slice('string')),
        field('tenant,omitempty', 'string'),
        field(
          'claims,omitempty',
          pointer(
            struct(
              field('extra,omitempty', slice('string')),
              field('groups,omitempty', slice(struct(field('id,omitempty', 'string')))),
            ),
          ),
        ),
        field('singlePageApplication,omitempty', pointer('bool')),
        field('allowAllUsers,omitempty', pointer('bool')),
      ),
    ),
  ),
);

const gcp = struct(
  field(
    'bigQueryDatasets,omitempty',
    slice(
      struct(
        field('name', 'string'),
        field('permission', 'string'),
        field('cascadingDelete,omitempty', 'bool'),
        field('description,omitempty', 'string'),
      ),
    ),
  ),
  field(
    'buckets,omitempty',
    slice(
      struct(
        field('name', 'string'),
        field('cascadingDelete,omitempty', 'bool'),
        field('retentionPeriodDays,omitempty', pointer('int')),
        field(
          'lifecycleCondition,omitempty',
          pointer(
            struct(
              field('age,omitempty', 'int'),
              field('createdBefore,omitempty', 'string'),
              field('daysSinceCustomTime,omitempty', 'int'),
              field('numNewerVersions,omitempty', 'int'),
              field('withState,omitempty', 'string'),
            ),
          ),
        ),
        field('publicAccessPrevention,omitempty', 'bool'),
      ),
    ),
  ),
  field(
    'sqlInstances,omitempty',
    slice(
      struct(
        field('type', 'string'),
        field('name,omitempty', 'string'),
        field('tier', 'string'),
        field('diskType,omitempty', 'string'),
        field('highAvailability,omitempty', 'bool'),
        field('diskSize,omitempty', 'int'),
        field('diskAutoresize,omitempty', 'bool'),
        field('diskAutoresizeLimit,omitempty', 'int'),
        field('autoBackupHour,omitempty', pointer('int')),
        field('retainedBackups,omitempty', pointer('int')),
        field('transactionLogRetentionDays,omitempty', pointer('int')),
        field(
          'maintenance,omitempty',
          pointer(struct(field('day,omitempty', 'int'), field('hour,omitempty', pointer('int')))),
        ),
        field(
          'databases,omitempty',
          slice(
            struct(
              field('name', 'string'),
              field('envVarPrefix,omitempty', 'string'),
              field('users,omitempty', slice(struct(field('name', 'string')))),
            ),
          ),
        ),
        field('cascadingDelete,omitempty', 'bool'),
        field('collation,omitempty', 'string'),
        field('pointInTimeRecovery,omitempty', 'bool'),
        field(
          'insights,omitempty',
          pointer(
            struct(
              field('enabled,omitempty', pointer('bool')),
              field('queryStringLength,omitempty', 'int'),
              field('recordApplicationTags,omitempty', 'bool'),
              field('recordClientAddress,omitempty', 'bool'),
            ),
          ),
        ),
        field('flags,omitempty', slice(struct(field('name', 'string'), field('value', 'string')))),
      ),
    ),
  ),
  field(
    'permissions,omitempty',
    slice(
      struct(
        field('role', 'string'),
        field(
          'resource',
          struct(field('apiVersion', 'string'), field('kind', 'string'), field('name,omitempty', 'string')),
        ),
      ),
    ),
  ),
);

const probe = struct(
  field('path', 'string'),
  field('port,omitempty', 'int'),
  field('initialDelay,omitempty', 'int'),
  field('periodSeconds,omitempty', 'int'),
  field('failureThreshold,omitempty', 'int'),
  field('timeout,omitempty', 'int'),
);

const maskinporten = struct(
  field('enabled', 'bool'),
  field(
    'scopes,omitempty',
    struct(
      field('consumes,omitempty', slice(struct(field('name', 'string')))),
      field(
        'exposes,omitempty',
        slice(
          struct(
            field('enabled', 'bool'),
            field('name', 'string'),
            field('product', 'string'),
            field('atMaxAge,omitempty', pointer('int')),
            field('allowedIntegrations,omitempty', slice('string')),
            field('consumers,omitempty', slice(struct(field('orgno', 'string'), field('name,omitempty', 'string')))),
            field('accessibleForAll,omitempty', pointer('bool')),
            field('delegationSource,omitempty', pointer('string')),
            field('separator,omitempty', pointer('string')),
            field('visibility,omitempty', pointer('string')),
          ),
        ),
      ),
    ),
  ),
);

const destinations = slice(struct(field('id', 'string')));
const observability = struct(
  field('tracing,omitempty', pointer(struct(field('enabled,omitempty', 'bool')))),
  field(
    'logging,omitempty',
    pointer(struct(field('enabled,omitempty', 'bool'), field('destinations,omitempty', destinations))),
  ),
  field(
    'autoInstrumentation,omitempty',
    pointer(
      struct(
        field('enabled,omitempty', 'bool'),
        field('runtime,omitempty', 'string'),
        field('destinations,omitempty', destinations),
      ),
    ),
  ),
);

const resourceSpec = pointer(struct(field('cpu,omitempty', 'string'), field('memory,omitempty', 'string')));

/** liberator `NaisjobSpec`, its fields in declaration order (the order encoding/json writes them). */
export const naisjobSpecType: GoType = struct(
  field('accessPolicy,omitempty', pointer(accessPolicy)),
  field('activeDeadlineSeconds,omitempty', pointer('int')),
  field('azure,omitempty', pointer(azure)),
  field('backoffLimit,omitempty', pointer('int')),
  field('command,omitempty', slice('string')),
  field('completions,omitempty', pointer('int')),
  field('completionMode,omitempty', pointer('string')),
  field('concurrencyPolicy,omitempty', 'string'),
  field(
    'env,omitempty',
    slice(
      struct(
        field('name', 'string'),
        field('value,omitempty', 'string'),
        field('valueFrom,omitempty', pointer(struct(field('fieldRef', struct(field('fieldPath', 'string')))))),
      ),
    ),
  ),
  field(
    'envFrom,omitempty',
    slice(struct(field('configmap,omitempty', 'string'), field('secret,omitempty', 'string'))),
  ),
  field('failedJobsHistoryLimit,omitempty', pointer('int')),
  field(
    'filesFrom,omitempty',
    slice(
      struct(
        field('configmap,omitempty', 'string'),
        field('secret,omitempty', 'string'),
        field('emptyDir,omitempty', pointer(struct(field('medium,omitempty', 'string')))),
        field('persistentVolumeClaim,omitempty', 'string'),
        field('mountPath,omitempty', 'string'),
      ),
    ),
  ),
  field('gcp,omitempty', pointer(gcp)),
  field('image,omitempty', 'string'),
  field('kafka,omitempty', pointer(struct(field('pool', 'string'), field('streams,omitempty', 'bool')))),
  field('liveness,omitempty', pointer(probe)),
  field('maskinporten,omitempty', pointer(maskinporten)),
  field('openSearch,omitempty', pointer(struct(field('instance', 'string'), field('access,omitempty', 'string')))),
  field('parallelism,omitempty', pointer('int')),
  field('postgres,omitempty', pointer(struct(field('clusterName', 'string')))),
  field(
    'preStopHook,omitempty',
    pointer(
      struct(
        field('exec,omitempty', pointer(struct(field('command,omitempty', slice('string'))))),
        field('http,omitempty', pointer(struct(field('path', 'string'), field('port,omitempty', pointer('int'))))),
      ),
    ),
  ),
  field('readiness,omitempty', pointer(probe)),
  field('restartPolicy,omitempty', 'string'),
  field(
    'resources,omitempty',
    pointer(struct(field('limits,omitempty', resourceSpec), field('requests,omitempty', resourceSpec))),
  ),
  field('schedule,omitempty', 'string'),
  field('skipCaBundle,omitempty', 'bool'),
  field('startup,omitempty', pointer(probe)),
  field('successfulJobsHistoryLimit,omitempty', 'int'),
  field('terminationGracePeriodSeconds,omitempty', pointer('int')),
  field('timeZone,omitempty', pointer('string')),
  field('ttl,omitempty', 'string'),
  field('ttlSecondsAfterFinished,omitempty', pointer('int')),
  field('observability,omitempty', pointer(observability)),
  field('valkey,omitempty', slice(struct(field('instance,omitempty', 'string'), field('access,omitempty', 'string')))),
  field(
    'vault,omitempty',
    pointer(
      struct(
        field('enabled,omitempty', 'bool'),
        field(
          'paths,omitempty',
          slice(struct(field('mountPath', 'string'), field('kvPath', 'string'), field('format,omitempty', 'string'))),
        ),
      ),
    ),
  ),
  field('webproxy,omitempty', 'bool'),
);

// --- Go values: JSON decoded into the Go type (zero values explicit, nil pointers and lists as null) ---

type GoValue = string | number | boolean | null | GoValue[] | { [name: string]: GoValue };
type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** encoding/json Unmarshal into the Go type: unknown fields dropped, absent ones zero. */
export function decode(json: unknown, type: GoType): GoValue {
  if (type === 'string') return typeof json === 'string' ? json : '';
  if (type === 'int') return typeof json === 'number' ? json : 0;
  if (type === 'bool') return json === true;
  if ('pointer' in type) return json === undefined || json === null ? null : decode(json, type.pointer);
  if ('slice' in type) return Array.isArray(json) ? json.map((item) => decode(item, type.slice)) : null;
  const source = isObject(json) ? json : {};
  return Object.fromEntries(type.struct.map((f) => [f.name, decode(source[f.name], f.type)]));
}

/** encoding/json's omitempty test. A struct value is never empty. */
function isEmpty(value: GoValue, type: GoType): boolean {
  if (typeof type === 'string') return value === '' || value === 0 || value === false;
  if ('pointer' in type) return value === null;
  if ('slice' in type) return value === null || (Array.isArray(value) && value.length === 0);
  return false;
}

/** encoding/json Marshal of a Go value: a plain JSON value whose object keys are in declaration order. */
export function marshal(value: GoValue, type: GoType): unknown {
  if (typeof type === 'string') return value;
  if ('pointer' in type) return value === null ? null : marshal(value, type.pointer);
  if ('slice' in type) return Array.isArray(value) ? value.map((item) => marshal(item, type.slice)) : null;
  const object = value as Record<string, GoValue>;
  const out: JsonObject = {};
  for (const f of type.struct) {
    const item = object[f.name] ?? null;
    if (f.omitempty && isEmpty(item, f.type)) continue;
    out[f.name] = marshal(item, f.type);
  }
  return out;
}

/** mergo v1.0.2 Merge(dst, src) without options: only zero values in dst are filled from src. */
export function mergeDefaults(dst: GoValue, src: GoValue, type: GoType): GoValue {
  if (typeof type === 'string') return isEmpty(dst, type) && !isEmpty(src, type) ? src : dst;
  if ('pointer' in type) {
    if (src === null) return dst;
    if (dst === null) return structuredClone(src);
    return mergeDefaults(dst, src, type.pointer);
  }
  if ('slice' in type) return isEmpty(dst, type) && !isEmpty(src, type) ? structuredClone(src) : dst;
  const target = dst as Record<string, GoValue>;
  const source = src as Record<string, GoValue>;
  return Object.fromEntries(
    type.struct.map((f) => [f.name, mergeDefaults(target[f.name] ?? null, source[f.name] ?? null, f.type)]),
  );
}

// --- liberator's Naisjob defaults (naisjob_defaults.go getNaisjobDefaults) ---

export const naisjobDefaults = {
  azure: { application: { enabled: false } },
  backoffLimit: 6,
  failedJobsHistoryLimit: 1,
  liveness: { periodSeconds: 10, timeout: 1, failureThreshold: 3 },
  resources: { limits: { memory: '512Mi' }, requests: { cpu: '200m', memory: '256Mi' } },
  restartPolicy: 'Never',
  successfulJobsHistoryLimit: 3,
  vault: { enabled: false, paths: [] },
  accessPolicy: { inbound: { rules: [] }, outbound: { rules: [], external: [] } },
} as const;

/** ApplyDefaults on a spec as stored; the result as naiserator would marshal it. */
export function applyNaisjobDefaults(spec: unknown): JsonObject {
  return marshal(defaultedSpec(spec), naisjobSpecType) as JsonObject;
}

function defaultedSpec(spec: unknown): GoValue {
  const decoded = decode(spec, naisjobSpecType) as Record<string, GoValue>;
  // naisjob_defaults.go: "noBackoffLimit" keeps an explicit 0, which mergo would replace.
  const noBackoffLimit = decoded.backoffLimit === 0;
  const merged = mergeDefaults(decoded, decode(naisjobDefaults, naisjobSpecType), naisjobSpecType) as Record<
    string,
    GoValue
  >;
  if (noBackoffLimit) merged.backoffLimit = 0;
  return merged;
}

// --- Go's JSON text and hashstructure v1.1.0 over its bytes ---

/** encoding/json writes <, >, & and U+2028/2029 as \u escapes (HTMLEscape is on by default). */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const mask64 = (1n << 64n) - 1n;
const fnvOffset = 14695981039346656037n;
const fnvPrime = 1099511628211n;

/** hash/fnv New64 (FNV-1: multiply, then xor). */
function fnv1(bytes: Iterable<number>): bigint {
  let hash = fnvOffset;
  for (const byte of bytes) hash = ((hash * fnvPrime) & mask64) ^ BigInt(byte);
  return hash;
}

function littleEndian64(value: bigint): number[] {
  return Array.from({ length: 8 }, (_, index) => Number((value >> BigInt(index * 8)) & 0xffn));
}

const byteHashes = Array.from({ length: 256 }, (_, byte) => fnv1([byte]));

/** hashstructure v1.1.0 Hash of a []byte: each byte hashed alone, folded in order with hashUpdateOrdered. */
export function hashBytes(bytes: Uint8Array): bigint {
  let hash = 0n;
  for (const byte of bytes) {
    hash = fnv1([...littleEndian64(hash), ...littleEndian64(byteHashes[byte] ?? 0n)]);
  }
  return hash;
}

/** liberator pkg/hash IntHash: json.Marshal, then hashstructure. */
export function intHash(value: unknown): bigint {
  return hashBytes(new TextEncoder().encode(goJson(value)));
}

/** liberator Naisjob.Hash(aivenGeneration) after ApplyDefaults, as naiserator's Prepare computes it. */
export function naisjobSpecHash(spec: unknown, aivenGeneration = 0): string {
  const defaulted = defaultedSpec(spec) as Record<string, GoValue>;
  let hash = intHash(marshal(defaulted, naisjobSpecType));
  // aiven_hash.go: usesAiven is kafka != nil, openSearch != nil or valkey != nil (an empty list counts).
  const usesAiven = defaulted.kafka !== null || defaulted.openSearch !== null || defaulted.valkey !== null;
  if (usesAiven) hash = (hash + BigInt(aivenGeneration % 10)) & mask64;
  return hash.toString(16);
}

// --- The skip rule ---

/**
 * externalimage.go imageHasChanged: an empty effectiveImage with an image in the spec counts as
 * unchanged (so the introduction of effectiveImage did not resync everything).
 */
export function imageHasChanged(wantedImage: string, specImage: string, effectiveImage: string): boolean {
  if (effectiveImage === '' && specImage !== '') return false;
  return wantedImage !== effectiveImage;
}

export interface StoredNaisjob {
  spec?: unknown;
  status?: { synchronizationHash?: string; effectiveImage?: string };
}

/**
 * synchronizer.go Prepare: naiserator skips (no event, no status write) when the image has not
 * changed and the stored hash equals the hash of the defaulted spec.
 */
export function naiseratorSkips(naisjob: StoredNaisjob, wantedImage: string, aivenGeneration = 0): boolean {
  const spec = isObject(naisjob.spec) ? naisjob.spec : {};
  const specImage = typeof spec.image === 'string' ? spec.image : '';
  return (
    !imageHasChanged(wantedImage, specImage, naisjob.status?.effectiveImage ?? '') &&
    naisjob.status?.synchronizationHash === naisjobSpecHash(spec, aivenGeneration)
  );
}
