import { KubeConfig } from '@kubernetes/client-node';

export interface ClusterAccess {
  /** Kubeconfig content from the action's input. */
  kubeconfig: string | undefined;
  /** A kubeconfig file to read instead (the command line's --kubeconfig). */
  kubeconfigFile?: string | undefined;
  context: string | undefined;
}

/**
 * The kubeconfig content if given, else KUBECONFIG or ~/.kube/config, else the in-cluster
 * service account (client-node's loadFromDefault covers the last three).
 */
export function loadKubeConfig(access: ClusterAccess): KubeConfig {
  const kubeConfig = new KubeConfig();
  try {
    if (access.kubeconfig) kubeConfig.loadFromString(access.kubeconfig);
    else if (access.kubeconfigFile) kubeConfig.loadFromFile(access.kubeconfigFile);
    else kubeConfig.loadFromDefault();
  } catch (error) {
    const source = access.kubeconfig
      ? "The 'kubeconfig' input"
      : access.kubeconfigFile
        ? `The kubeconfig file ${access.kubeconfigFile}`
        : 'The kubeconfig (KUBECONFIG or ~/.kube/config)';
    throw new Error(
      `${source} is not a valid kubeconfig: ${error instanceof Error ? error.message : String(error)}. Give the whole file's YAML content, with clusters, users and contexts.`,
      { cause: error },
    );
  }
  if (access.context) {
    if (!kubeConfig.getContextObject(access.context)) {
      const known = kubeConfig.getContexts().map((c) => c.name);
      throw new Error(
        `Input 'context' has the value '${access.context}', which the kubeconfig does not have. Its contexts are: ${known.join(', ') || '(none)'}.`,
      );
    }
    kubeConfig.setCurrentContext(access.context);
  }
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) {
    throw new Error(
      `The kubeconfig has no usable current context${kubeConfig.getCurrentContext() ? ` ('${kubeConfig.getCurrentContext()}' names no cluster)` : ''}. Set current-context, or give the 'context' input.`,
    );
  }
  return kubeConfig;
}
