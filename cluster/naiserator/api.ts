// Thin helpers over @kubernetes/client-node for the stand-in: the Naisjob's endpoints, and
// reading the API's Status out of an ApiException (whose body is the response text).
import { ApiException, BatchV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { parseStatus } from '../../src/cluster/api-errors.ts';
import type { Naisjob } from './resources.ts';

export const naisjobResource = { group: 'nais.io', version: 'v1', plural: 'naisjobs' } as const;

export interface ApiFailure {
  code: number;
  /** The Status reason, e.g. `AlreadyExists`, `Invalid`, `Conflict`. */
  reason: string;
  message: string;
}

/** The API server's answer in an error, or undefined for a network or programming error. */
export function apiFailure(error: unknown): ApiFailure | undefined {
  if (!(error instanceof ApiException)) return undefined;
  const code = typeof error.code === 'number' ? error.code : 0;
  const status = parseStatus(error.body);
  const rawBody: unknown = error.body;
  const fallback = typeof rawBody === 'string' && rawBody !== '' ? rawBody : error.message;
  return { code, reason: status?.reason ?? '', message: status?.message ?? fallback };
}

export function describeError(error: unknown): string {
  const failure = apiFailure(error);
  if (failure) return `${failure.code} ${failure.reason}: ${failure.message}`;
  if (!(error instanceof Error)) return String(error);
  // fetch reports a refused connection as "fetch failed" with the reason in `cause`.
  const cause: unknown = error.cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

export interface Clients {
  core: CoreV1Api;
  batch: BatchV1Api;
  custom: CustomObjectsApi;
}

export function makeClients(kubeConfig: KubeConfig): Clients {
  return {
    core: kubeConfig.makeApiClient(CoreV1Api),
    batch: kubeConfig.makeApiClient(BatchV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
  };
}

export async function getNaisjob(clients: Clients, namespace: string, name: string): Promise<Naisjob | undefined> {
  try {
    return (await clients.custom.getNamespacedCustomObject({ ...naisjobResource, namespace, name })) as Naisjob;
  } catch (error) {
    if (apiFailure(error)?.code === 404) return undefined;
    throw error;
  }
}

export async function replaceNaisjob(clients: Clients, naisjob: Naisjob): Promise<Naisjob> {
  const { namespace, name } = naisjob.metadata;
  return (await clients.custom.replaceNamespacedCustomObject({
    ...naisjobResource,
    namespace,
    name,
    body: naisjob,
  })) as Naisjob;
}

export async function replaceNaisjobStatus(clients: Clients, naisjob: Naisjob): Promise<Naisjob> {
  const { namespace, name } = naisjob.metadata;
  return (await clients.custom.replaceNamespacedCustomObjectStatus({
    ...naisjobResource,
    namespace,
    name,
    body: naisjob,
  })) as Naisjob;
}

export const imageResource = { group: 'nais.io', version: 'v1', plural: 'images' } as const;

export interface ImageResource {
  metadata: { name: string; namespace: string };
  spec?: { image?: string };
}

/** The Image named like a workload (NAIS deploy's WORKLOAD_IMAGE), or undefined. */
export async function getImage(clients: Clients, namespace: string, name: string): Promise<ImageResource | undefined> {
  try {
    return (await clients.custom.getNamespacedCustomObject({ ...imageResource, namespace, name })) as ImageResource;
  } catch (error) {
    if (apiFailure(error)?.code === 404) return undefined;
    throw error;
  }
}

/** naiserator deletes the workload's Image with the workload (synchronizer.go deleteImageResource). */
export async function deleteImage(clients: Clients, namespace: string, name: string): Promise<boolean> {
  try {
    await clients.custom.deleteNamespacedCustomObject({ ...imageResource, namespace, name });
    return true;
  } catch (error) {
    if (apiFailure(error)?.code === 404) return false;
    throw error;
  }
}

/** The annotations of a namespace (naiserator's Prepare reads the namespace too). */
export async function namespaceAnnotations(clients: Clients, name: string): Promise<Record<string, string>> {
  try {
    return (await clients.core.readNamespace({ name })).metadata?.annotations ?? {};
  } catch (error) {
    if (apiFailure(error)?.code === 404) return {};
    throw error;
  }
}
