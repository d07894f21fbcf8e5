// The action's input and output names, exactly as `action.yml` declares them.
// A unit test keeps the two in step.

export const Inputs = {
  resource: 'resource',
  image: 'image',
  workloadImage: 'workload-image',
  workloadName: 'workload-name',
  vars: 'vars',
  var: 'var',
  kubeconfig: 'kubeconfig',
  context: 'context',
  oidcAudience: 'oidc-audience',
  server: 'server',
  certificateAuthority: 'certificate-authority',
  timeout: 'timeout',
  dryRun: 'dry-run',
  printPayload: 'print-payload',
  mode: 'mode',
  wait: 'wait',
  logs: 'logs',
  onCancel: 'on-cancel',
  stuckAfter: 'stuck-after',
  pullRequest: 'pull-request',
  previewTtl: 'preview-ttl',
  comment: 'comment',
  githubToken: 'github-token',
} as const;

export const Outputs = {
  naisjobs: 'naisjobs',
  namespace: 'namespace',
  correlationId: 'correlation-id',
  cronjob: 'cronjob',
  job: 'job',
  result: 'result',
  exitCode: 'exit-code',
  reason: 'reason',
  duration: 'duration',
} as const;

export type InputName = (typeof Inputs)[keyof typeof Inputs];
export type OutputName = (typeof Outputs)[keyof typeof Outputs];
