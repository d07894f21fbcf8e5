// kwok stages that play the kubelet for the local cluster. Tests steer a pod through labels,
// which naiserator copies from the Naisjob to the pod template:
//   test.kwok/run-for     how long the main container runs, as a Go duration (default 1s)
//   test.kwok/exit-code   the main container's exit code; absent means 0
//   test.kwok/reason      the terminated reason for a failure (default Error; e.g. OOMKilled)
//   test.kwok/image-pull  "fail": the image cannot be pulled and the pod never starts
// Selectors are kept mutually exclusive, as kwok picks among matching stages at random.

export const controlLabels = {
  runFor: 'test.kwok/run-for',
  exitCode: 'test.kwok/exit-code',
  reason: 'test.kwok/reason',
  imagePull: 'test.kwok/image-pull',
  logLines: 'test.kwok/log-lines',
  logLineBytes: 'test.kwok/log-line-bytes',
} as const;

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

// Sidecars (init containers with restartPolicy Always) keep running; other init containers are done.
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
      {{ end }}
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
          state: { terminated: { exitCode: 0, reason: Completed, startedAt: {{ $now | Quote }}, finishedAt: {{ $now | Quote }} } }
          {{ end }}
      {{ end }}
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
      - { key: '${label(controlLabels.imagePull)}', operator: DoesNotExist }
  next:
    statusTemplate: |${runningStatus}
`;

const podImagePullFails = `
${stageHeader('pod-image-pull-fails', 'Pod')}
  selector:
    matchExpressions:
      - { key: .metadata.deletionTimestamp, operator: DoesNotExist }
      - { key: .status.phase, operator: In, values: [Pending] }
      - { key: '${label(controlLabels.imagePull)}', operator: In, values: [fail] }
      - { key: .status.containerStatuses, operator: DoesNotExist }
  delay: { durationMilliseconds: 500 }
  next:
    statusTemplate: |
      {{ $now := Now }}
${podConditions('reason: ContainersNotReady, message: "containers with unready status"')}
      containerStatuses:
      {{ range .spec.containers }}
        - name: {{ .name | Quote }}
          image: {{ .image | Quote }}
          imageID: ""
          ready: false
          started: false
          restartCount: 0
          state:
            waiting:
              reason: ImagePullBackOff
              message: {{ printf "Back-off pulling image %q: ErrImagePull: failed to pull and unpack image %q: not found" .image .image | Quote }}
      {{ end }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      phase: Pending
      startTime: {{ $now | Quote }}
`;

function terminalStage(name: string, outcome: 'succeed' | 'fail'): string {
  const exitCodeSelector =
    outcome === 'succeed'
      ? `{ key: '${label(controlLabels.exitCode)}', operator: DoesNotExist }`
      : `{ key: '${label(controlLabels.exitCode)}', operator: Exists }`;
  const exitCode = outcome === 'succeed' ? '0' : `{{ index $root.metadata.labels "${controlLabels.exitCode}" }}`;
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
      - ${exitCodeSelector}
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
        {{ with $root.status.containerStatuses }}{{ with index . $index }}{{ with .state.running }}{{ $started = .startedAt }}{{ end }}{{ end }}{{ end }}
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
      {{ range .spec.initContainers }}
        - name: {{ .name | Quote }}
          image: {{ .image | Quote }}
          imageID: {{ printf "kwok://%s" .image | Quote }}
          ready: false
          restartCount: 0
          state: { terminated: { exitCode: 0, reason: Completed, startedAt: {{ $now | Quote }}, finishedAt: {{ $now | Quote }} } }
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
    podImagePullFails,
    terminalStage('pod-succeed', 'succeed'),
    terminalStage('pod-fail', 'fail'),
    podDelete,
  ]
    .map((doc) => doc.trim())
    .join('\n---\n');
}
