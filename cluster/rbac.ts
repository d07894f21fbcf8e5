// The team identity of the local cluster: like a NAIS team, it may work only in its own
// namespace, with exactly the permissions the action needs (the README documents these).
import type { V1Role, V1RoleBinding } from '@kubernetes/client-node';

export const teamNamespace = 'team-a';
export const teamUser = 'team-a-deployer';

/** The RBAC rules the action needs in a team's namespace. */
export const actionRules = [
  {
    apiGroups: ['nais.io'],
    resources: ['naisjobs'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
  },
  { apiGroups: ['nais.io'], resources: ['naisjobs/status'], verbs: ['get', 'patch'] },
  { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
];

export function teamRbac(): { role: V1Role; binding: V1RoleBinding } {
  return {
    role: { metadata: { name: 'naisjob-deploy', namespace: teamNamespace }, rules: actionRules },
    binding: {
      metadata: { name: 'naisjob-deploy', namespace: teamNamespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'naisjob-deploy' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: teamUser }],
    },
  };
}
