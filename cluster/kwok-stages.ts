// kwok stages that play the kubelet for the local cluster. Tests steer a pod through labels,
// which naiserator copies from the Naisjob to the pod template:
//   test.kwok/run-for        how long the main container runs, as a Go duration (default 1s)
//   test.kwok/exit-code      the main container's exit code; absent means 0
//   test.kwok/reason         the terminated reason for a failure (default Error; e.g. OOMKilled)
//   test.kwok/fail-attempts  "<n>" (a positive integer): the first n attempts fail (exit code from
//                            test.kwok/exit-code, else 1), later ones succeed. The attempt is the Job
//                            controller's annotation batch.kubernetes.io/job-index-failure-count,
//                            which it sets only on Jobs with backoffLimitPerIndex (so Indexed). A
//                            pod without the annotation counts as the first attempt and fails.
//   test.kwok/waiting        one of ImagePullBackOff, ErrImagePull, InvalidImageName,
//                            CreateContainerConfigError, CreateContainerError: the pod stays Pending
//                            with its main containers waiting for that reason, with the kubelet's
//                            message. Another value leaves the pod Pending without container statuses.
//   test.kwok/missing        the secret CreateContainerConfigError names (default missing-secret)
// Log labels (test.kwok/log-*) are read by the pod log server, cluster/pod-logs/model.ts.
//
// Sidecars (init containers with restartPolicy Always) run with the main containers, and end
// with them as the kubelet ends them: terminated, exit code 0, reason Completed. The pod's phase
// comes from the main containers.
//
// The rule for pod stages: at most one matches any pod, because kwok picks at random among the
// stages that match. pod-delete needs a deletionTimestamp and every other stage its absence;
// pod-ready and pod-waiting need phase Pending and differ on test.kwok/waiting (absent, or one of
// the reasons); pod-succeed and pod-fail need phase Running and select on one computed value, the
// pod's outcome (`outcomeKey`: "succeed" or "fail"), so they can never both match. A new stage
// must split one of these sets by such a partition, never overlap it.

export const controlLabels = {
  runFor: 'test.kwok/run-for',
  exitCode: 'test.kwok/exit-code',
  reason: 'test.kwok/reason',
  failAttempts: 'test.kwok/fail-attempts',
  waiting: 'test.kwok/waiting',
  missing: 'test.kwok/missing',
  logLines: 'test.kwok/log-lines',
  logLineBytes: 'test.kwok/log-line-bytes',
  logBreakEvery: 'test.kwok/log-break-every',
} as const;

/** What the Job controller counts on the pods of a Job with backoffLimitPerIndex: earlier failures of the index. */
export const indexFailureCountAnnotation = 'batch.kubernetes.io/job-index-failure-count';

/** The reasons test.kwok/waiting accepts, as the kubelet reports them. */
export const waitingReasons = [
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
] as const;

const label = (name: string): string => `.metadata.labels["${name}"]`;

/** What every stage starts with: its name and the kind of object it plays. */
function stageHeader(name: string, kind: 'Node' | 'Pod'): string {
  return `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ${name}
spec:
  resourceRef: { apiGroup: v1, kind: ${kind} }`;
}

/** A pod's conditions; `notReady` (the reason, and a message) makes Ready and ContainersReady False. */
function podConditions(notReady?: string): string {
  const ready = notReady ? `status: "False", ${notReady}` : 'status: "True"';
  return `      conditions:
        - { type: Initialized, status: "True", lastTransitionTime: {{ $now | Quote }} }
        - { type: Ready, ${ready}, lastTransitionTime: {{ $now | Quote }} }
        - { type: ContainersReady, ${ready}, lastTransitionTime: {{ $now | Quote }} }
        - { type: PodScheduled, status: "True", lastTransitionTime: {{ $now | Quote }} }`;
}

const nodeInitialize = `
${stageHeader('node-initialize', 'Node')}
  selector:
    matchExpressions:
      - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
        operator: NotIn
        values: ['True']
  next:
    statusTemplate: |
      {{ $now := Now }}
      conditions:
        - { type: Ready, status: "True", reason: KubeletReady, message: "kwok plays the kubelet", lastHeartbeatTime: {{ $now | Quote }}, lastTransitionTime: {{ $now | Quote }} }
        - { type: MemoryPressure, status: "False", reason: KubeletHasSufficientMemory, message: "", lastHeartbeatTime: {{ $now | Quote }}, lastTransitionTime: {{ $now | Quote }} }
        - { type: DiskPressure, status: "False", reason: KubeletHasNoDiskPressure, message: "", lastHeartbeatTime: {{ $now | Quote }}, lastTransitionTime: {{ $now | Quote }} }
        - { type: PIDPressure, status: "False", reason: KubeletHasSufficientPID, message: "", lastHeartbeatTime: {{ $now | Quote }}, lastTransitionTime: {{ $now | Quote }} }
      addresses:
        - { type: InternalIP, address: {{ NodeIP | Quote }} }
        - { type: Hostname, address: {{ NodeName | Quote }} }
      capacity: { cpu: "64", memory: 256Gi, pods: "1000" }
      allocatable: { cpu: "64", memory: 256Gi, pods: "1000" }
      daemonEndpoints:
        kubeletEndpoint:
          Port: {{ NodePort }}
      nodeInfo:
        architecture: amd64
        operatingSystem: linux
        kubeletVersion: fake
        kubeProxyVersion: fake
        containerRuntimeVersion: kwok
      phase: Running
`;

const annotation = (name: string): string => `.metadata.annotations["${name}"]`;

/** A jq number from a label or annotation; absent or not a number is 0. */
const jqNumber = (path: string): string => `(${path} // "" | tonumber? // 0)`;

/**
 * The pod's outcome, as a jq program over the pod: "fail" or "succeed". With
 * test.kwok/fail-attempts, the first n attempts fail; without it, test.kwok/exit-code decides.
 * `plannedExitCode` is the same rule in TypeScript, for the log server.
 */
const outcomeKey =
  `${jqNumber(label(controlLabels.failAttempts))} as $attempts` +
  ` | ${jqNumber(annotation(indexFailureCountAnnotation))} as $failures` +
  ` | if $attempts > 0 then (if $failures < $attempts then "fail" else "succeed" end)` +
  ` elif ${label(controlLabels.exitCode)} != null then "fail" else "succeed" end`;

/** The main container's exit code under the rule of `outcomeKey` ("0" when it succeeds). */
export function plannedExitCode(labels: Record<string, string>, annotations: Record<string, string>): string {
  const number = (text: string | undefined): number => {
    const value = Number(text);
    return text !== undefined && text.trim() !== '' && Number.isFinite(value) ? value : 0;
  };
  const attempts = number(labels[controlLabels.failAttempts]);
  const fails =
    attempts > 0
      ? number(annotations[indexFailureCountAnnotation]) < attempts
      : labels[controlLabels.exitCode] !== undefined;
  return fails ? labels[controlLabels.exitCode] || '1' : '0';
}

/** Init container statuses while the main containers run: sidecars (restartPolicy Always) run, others are done. */
const initStatusesRunning = `
      initContainerStatuses:
      {{ range .spec.initContainers }}
        - name: {{ .name | Quote }}
          image: {{ .image | Quote }}
          imageID: {{ printf "kwok://%s" .image | Quote }}
          restartCount: 0
          {{ if eq (or .restartPolicy "") "Always" }}
          ready: true
          started: true
          state: { running: { startedAt: {{ $now | Quote }} } }
          {{ else }}
          ready: true
          started: false
          state: { terminated: { exitCode: 0, reason: Completed, startedAt: {{ $now | Quote }}, finishedAt: {{ $now | Quote }} } }
          {{ end }}
      {{ end }}`;

const runningStatus = `
      {{ $now := Now }}
${podConditions()}
      containerStatuses:
      {{ range .spec.containers }}
        - name: {{ .name | Quote }}
          image: {{ .image | Quote }}
          imageID: {{ printf "kwok://%s" .image | Quote }}
          ready: true
          started: true
          restartCount: 0
          state: { running: { startedAt: {{ $now | Quote }} } }
      {{ end }}${initStatusesRunning}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ NodeIPWith .spec.nodeName | Quote }}
      phase: Running
      startTime: {{ $now | Quote }}
`;

const podReady = `
${stageHeader('pod-ready', 'Pod')}
  selector:
    matchExpressions:
      - { key: .metadata.deletionTimestamp, operator: DoesNotExist }
      - { key: .status.phase, operator: In, values: [Pending] }
      - { key: '${label(controlLabels.waiting)}', operator: DoesNotExist }
  next:
    statusTemplate: |${runningStatus}
`;

// The kubelet's messages (pkg/kubelet/images, kuberuntime): the pull error, the back-off that
// wraps it, the image-name parse error, a missing secret from envFrom or env, and the runtime's
// refusal to create a container (here containerd's reserved-name error).
const podWaiting = `
${stageHeader('pod-waiting', 'Pod')}
  selector:
    matchExpressions:
      - { key: .metadata.deletionTimestamp, operator: DoesNotExist }
      - { key: .status.phase, operator: In, values: [Pending] }
      - { key: '${label(controlLabels.waiting)}', operator: In, values: [${waitingReasons.join(', ')}] }
      - { key: .status.containerStatuses, operator: DoesNotExist }
  delay: { durationMilliseconds: 500 }
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $root := . }}
      {{ $reason := index .metadata.labels "${controlLabels.waiting}" }}
      {{ $missing := or (index .metadata.labels "${controlLabels.missing}") "missing-secret" }}
${podConditions('reason: ContainersNotReady, message: "containers with unready status: [{{ range $i, $c := .spec.containers }}{{ if $i }} {{ end }}{{ $c.name }}{{ end }}]"')}
      containerStatuses:
      {{ range .spec.containers }}
        {{ $message := "" }}
        {{ if eq $reason "ImagePullBackOff" }}
          {{ $message = printf "Back-off pulling image %q: ErrImagePull: failed to pull and unpack image %q: not found" .image .image }}
        {{ else if eq $reason "ErrImagePull" }}
          {{ $message = printf "failed to pull and unpack image %q: not found" .image }}
        {{ else if eq $reason "InvalidImageName" }}
          {{ $message = printf "Failed to apply default image tag %q: couldn't parse image name %q: invalid reference format" .image .image }}
        {{ else if eq $reason "CreateContainerConfigError" }}
          {{ $message = printf "secret %q not found" $missing }}
        {{ else }}
          {{ $id := printf "%s_%s_%s_%s_0" .name $root.metadata.name $root.metadata.namespace $root.metadata.uid }}
          {{ $message = printf "failed to reserve container name %q: name %q is reserved for %q" $id $id (sha256sum $id) }}
        {{ end }}
        - name: {{ .name | Quote }}
          image: {{ .image | Quote }}
          imageID: ""
          ready: false
          started: false
          restartCount: 0
          state:
            waiting:
              reason: {{ $reason | Quote }}
              message: {{ $message | Quote }}
      {{ end }}${initStatusesRunning}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ NodeIPWith .spec.nodeName | Quote }}
      phase: Pending
      startTime: {{ $now | Quote }}
`;

/**
 * The main containers end with the pod's outcome; the kubelet then stops the sidecars (exit code
 * 0, Completed), and regular init containers keep their earlier termination.
 */
function terminalStage(name: string, outcome: 'succeed' | 'fail'): string {
  const exitCode =
    outcome === 'succeed' ? '0' : `{{ or (index $root.metadata.labels "${controlLabels.exitCode}") "1" }}`;
  const reason =
    outcome === 'succeed'
      ? 'Completed'
      : `{{ or (index $root.metadata.labels "${controlLabels.reason}") "Error" | Quote }}`;
  return `
${stageHeader(name, 'Pod')}
  selector:
    matchExpressions:
      - { key: .metadata.deletionTimestamp, operator: DoesNotExist }
      - { key: .status.phase, operator: In, values: [Running] }
      - { key: '.metadata.ownerReferences.[].kind', operator: In, values: [Job] }
      - { key: '${outcomeKey}', operator: In, values: [${outcome}] }
  delay:
    durationMilliseconds: 1000
    durationFrom: { expressionFrom: '${label(controlLabels.runFor)}' }
  next:
    statusTemplate: |
      {{ $now := Now }}
      {{ $root := . }}
${podConditions('reason: PodCompleted')}
      containerStatuses:
      {{ range $index, $container := .spec.containers }}
        {{ $started := $now }}
        {{ with $root.status.containerStatuses }}{{ if lt $index (len .) }}{{ with index . $index }}{{ with .state.running }}{{ $started = .startedAt }}{{ end }}{{ end }}{{ end }}{{ end }}
        - name: {{ $container.name | Quote }}
          image: {{ $container.image | Quote }}
          imageID: {{ printf "kwok://%s" $container.image | Quote }}
          ready: false
          started: false
          restartCount: 0
          state:
            terminated:
              exitCode: ${exitCode}
              reason: ${reason}
              startedAt: {{ $started | Quote }}
              finishedAt: {{ $now | Quote }}
      {{ end }}
      initContainerStatuses:
      {{ range $index, $container := .spec.initContainers }}
        {{ $started := $now }}
        {{ $finished := $now }}
        {{ with $root.status.initContainerStatuses }}{{ if lt $index (len .) }}{{ with index . $index }}{{ with .state.running }}{{ $started = .startedAt }}{{ end }}{{ with .state.terminated }}{{ $started = .startedAt }}{{ $finished = .finishedAt }}{{ end }}{{ end }}{{ end }}{{ end }}
        - name: {{ $container.name | Quote }}
          image: {{ $container.image | Quote }}
          imageID: {{ printf "kwok://%s" $container.image | Quote }}
          ready: {{ if eq (or $container.restartPolicy "") "Always" }}false{{ else }}true{{ end }}
          started: false
          restartCount: 0
          state: { terminated: { exitCode: 0, reason: Completed, startedAt: {{ $started | Quote }}, finishedAt: {{ $finished | Quote }} } }
      {{ end }}
      phase: ${outcome === 'succeed' ? 'Succeeded' : 'Failed'}
`;
}

const podDelete = `
${stageHeader('pod-delete', 'Pod')}
  selector:
    matchExpressions:
      - { key: .metadata.deletionTimestamp, operator: Exists }
  next:
    finalizers: { empty: true }
    delete: true
`;

/** The kwok configuration file: our stages as multi-document YAML (settings are flags). */
export function kwokConfig(): string {
  return [
    nodeInitialize,
    podReady,
    podWaiting,
    terminalStage('pod-succeed', 'succeed'),
    terminalStage('pod-fail', 'fail'),
    podDelete,
  ]
    .map((doc) => doc.trim())
    .join('\n---\n');
}
