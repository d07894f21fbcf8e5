// The action's input and output names, exactly as `action.yml` declares them.
// A unit test keeps the two in step.

export const Inputs = {
  resource: 'resource',
  image: 'image',
  vars: 'vars',
  var: 'var',
  kubeconfig: 'kubeconfig',
  context: 'context',
  timeout: 'timeout',
  dryRun: 'dry-run',
  printPayload: 'print-payload',
} as const;

export const Outputs = {
  naisjobs: 'naisjobs',
  namespace: 'namespace',
  correlationId: 'correlation-id',
  cronjob: 'cronjob',
  job: 'job',
} as const;

export type InputName = (typeof Inputs)[keyof typeof Inputs];
export type OutputName = (typeof Outputs)[keyof typeof Outputs];
