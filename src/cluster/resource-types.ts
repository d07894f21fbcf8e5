// Kinds as the API server names them: API discovery turns a document's apiVersion and kind into
// the resource path, and says whether the kind lives in a namespace. Pure but for `discover`.

export interface ResourceType {
  apiVersion: string;
  kind: string;
  /** '' for the core group. */
  group: string;
  version: string;
  /** The plural resource name, such as `secrets` or `naisjobs`. */
  plural: string;
  namespaced: boolean;
}

/** One entry of an APIResourceList, as discovery answers. */
export interface DiscoveredResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export function groupVersionOf(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The discovery path of an apiVersion: /api/v1 for the core group, else /apis/<group>/<version>. */
export function discoveryPath(apiVersion: string): string {
  const { group, version } = groupVersionOf(apiVersion);
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** The kind's type from a discovery answer; subresources (`pods/log`) are never a document's kind. */
export function typeFromDiscovery(
  apiVersion: string,
  kind: string,
  resources: readonly DiscoveredResource[],
): ResourceType | undefined {
  const found = resources.find((r) => r.kind === kind && !r.name.includes('/'));
  if (!found) return undefined;
  return { apiVersion, kind, ...groupVersionOf(apiVersion), plural: found.name, namespaced: found.namespaced };
}

/** `secrets`, `naisjobs.nais.io`: how RBAC and our messages name the resource. */
export function resourceName(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

/** The collection's path, or one object's path when `name` is given. */
export function objectPath(type: ResourceType, namespace: string | undefined, name?: string): string {
  const base = discoveryPath(type.apiVersion);
  const scope = type.namespaced ? `/namespaces/${encodeURIComponent(namespace ?? '')}` : '';
  return `${base}${scope}/${type.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}
